using System.Text;
using RegimenMonitor.Worker.Cli;

namespace RegimenMonitor.Worker.Tests.Unit.Cli;

/// <summary>What the verbs say of an input file before they read it.</summary>
public sealed class InputFilesTests
{
    private const string Line = """{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"Zoloft"}}""";

    [Theory]
    // found by an edge probe: a UTF-16 file was a byte error for line 1 and a JSON error for line 2, with no word of UTF-16
    [InlineData("utf-16le-bom", "it starts with the UTF-16 byte order mark FF FE")]
    [InlineData("utf-16be-bom", "it starts with the UTF-16 byte order mark FE FF")]
    [InlineData("utf-16le", "every other byte of its start is NUL, as in UTF-16 text")]
    [InlineData("utf-16be", "every other byte of its start is NUL, as in UTF-16 text")]
    [InlineData("utf-8", null)]
    [InlineData("utf-8-bom", null)]
    [InlineData("nul-line", null)] // NULs only: not UTF-16 text, a bad line as any other
    public void A_utf16_file_is_one_usage_error_saying_so(string encoding, string? expected)
    {
        var text = Line + "\n" + Line.Replace("1a01", "1a02", StringComparison.Ordinal) + "\n";
        var bytes = encoding switch
        {
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            "utf-16le" => Encoding.Unicode.GetBytes(text),
            "utf-16be" => Encoding.BigEndianUnicode.GetBytes(text),
            "utf-8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            "nul-line" => [0, 0, 0, 0, 0, 0, (byte)'\n'],
            _ => Encoding.UTF8.GetBytes(text),
        };
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, bytes);

            var problem = InputFiles.Problem(new FileInfo(path));

            if (expected is null)
            {
                Assert.Null(problem);
            }
            else
            {
                Assert.NotNull(problem);
                Assert.Equal($"{path} is UTF-16 ({expected}); input files are read as UTF-8 only.", problem.Message);
                Assert.Equal(ExitCodes.Usage, problem.ExitCode);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Only_a_regular_file_counts_as_one_that_can_be_read_twice()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("statx is Linux's");
            return;
        }

        var folder = Directory.CreateTempSubdirectory("rm-regular-").FullName;
        try
        {
            var empty = Path.Combine(folder, "empty.ndjson");
            var full = Path.Combine(folder, "full.ndjson");
            var link = Path.Combine(folder, "link.ndjson");
            var fifo = Path.Combine(folder, "fifo");
            await File.WriteAllTextAsync(empty, "", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(full, Line + "\n", TestContext.Current.CancellationToken);
            File.CreateSymbolicLink(link, full);
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
            {
                await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            Assert.Equal(true, InputFiles.IsRegularFile(new FileInfo(empty)));
            Assert.Equal(true, InputFiles.IsRegularFile(new FileInfo(full)));
            Assert.Equal(true, InputFiles.IsRegularFile(new FileInfo(link)));
            Assert.Equal(false, InputFiles.IsRegularFile(new FileInfo(fifo))); // asked without opening it: no writer, no wait
            Assert.Equal(false, InputFiles.IsRegularFile(new FileInfo("/dev/null")));
            Assert.Equal(false, InputFiles.IsRegularFile(new FileInfo(folder)));
            Assert.Equal(false, InputFiles.IsRegularFile(new FileInfo(Path.Combine(folder, "missing"))));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    // found by an independent edge probe: "file not found: …/x\x01y" was printed raw, so a crafted name could carry a
    // terminal escape sequence
    [InlineData("x\u0001y", "x\\u0001y")]
    [InlineData("x\u001b]0;owned\u0007y", "x\\u001B]0;owned\\u0007y")]
    [InlineData("x\u009by\u202Ez\u2028", "x\\u009By\\u202Ez\\u2028")]
    [InlineData("plain-name.ndjson", "plain-name.ndjson")]
    public void A_missing_files_name_is_shown_with_its_control_characters_escaped(string name, string shown)
    {
        var path = Path.Combine(Path.GetTempPath(), "rm-missing-" + Guid.NewGuid().ToString("N"), name);

        var problem = InputFiles.Problem(new FileInfo(path));

        Assert.NotNull(problem);
        Assert.Equal("file not found: " + Path.GetDirectoryName(path) + "/" + shown, problem.Message);
        Assert.DoesNotContain(problem.Message, char.IsControl);
        Assert.Equal(shown, InputFiles.Given(new FileInfo(name)));
    }
}
