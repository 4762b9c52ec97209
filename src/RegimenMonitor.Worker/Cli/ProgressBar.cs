using System.Diagnostics;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// A one-line progress bar on a terminal; periodic plain lines when the output is redirected. A negative
/// <c>total</c> is one not known ahead (a pipe): the count alone is shown, with no bar; so it is once the count passes the
/// total.
/// </summary>
internal sealed class ProgressBar(TextWriter output, int total)
{
    private const int Width = 30;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private bool _drawn;

    public void Report(int done, bool force = false)
    {
        var interval = _interactive ? 100 : 2000;
        if (!force && _sinceLast.ElapsedMilliseconds < interval)
        {
            return;
        }

        _sinceLast.Restart();
        if (total < 0 || done > total)
        {
            // no total known ahead, or one the input outgrew (a file still being written; found by an independent edge
            // probe: "1/0 (100 %)"): the count alone, never a bar past its end

            Write($"{done} lines read");
            return;
        }

        var fraction = total == 0 ? 1.0 : done / (double)total;
        var filled = (int)(fraction * Width);
        Write($"[{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} ({fraction:P0})");
    }

    private void Write(string text)
    {
        if (_interactive)
        {
            output.Write("\r" + text);
            _drawn = true;
        }
        else
        {
            output.WriteLine(text);
        }
    }

    public void Interrupt(string message)
    {
        if (_drawn)
        {
            output.WriteLine();
            _drawn = false;
        }

        output.WriteLine(message);
    }

    public void Complete()
    {
        if (_drawn)
        {
            output.WriteLine();
            _drawn = false;
        }
    }
}
