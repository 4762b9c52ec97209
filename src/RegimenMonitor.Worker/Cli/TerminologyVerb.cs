using System.Globalization;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Terminology;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// <c>terminology import</c>: reads deployment-supplied RxNorm RRF and FDA NDC directory files and stores the code →
/// product text map in the configured database, in one transaction (a supplied part replaces that part of the
/// previous import, the other part is kept); running workers pick it up within <c>Terminology:RefreshInterval</c>.
/// With <c>--out</c>, the imported terminology is also written as JSON (for review, or for <c>evaluate</c>). Exit 0
/// with counts; 2 for a missing or malformed file, naming it (and the line).
/// </summary>
internal static class TerminologyVerb
{
    /// <summary>Files from this size on show a progress bar on stderr while read.</summary>
    private const long ProgressThresholdBytes = 1 << 20;

    public static async Task<int> ImportAsync(FileInfo? rxnconso, FileInfo? rxnrel, FileInfo? ndcProduct, FileInfo? ndcPackage, string? output,
        TextWriter stdout, TextWriter stderr, CancellationToken ct, IDictionary<string, string?>? overrides = null, string[]? arguments = null)
    {
        if (rxnconso is null && ndcProduct is null)
        {
            await stderr.WriteLineAsync("regimen-monitor terminology import: give --rxnconso (RxNorm RXNCONSO.RRF) and/or --ndc-product (FDA NDC product.txt).");
            return ExitCodes.Usage;
        }

        // each missing companion named alone, with its fix (the RxNorm and NDC files are read in pairs)
        var missing = new List<(string Problem, string Fix)>();
        if (rxnconso is null && rxnrel is not null)
        {
            missing.Add(("--rxnrel needs --rxnconso", "give RXNCONSO.RRF from the same RxNorm release with --rxnconso"));
        }

        if (ndcProduct is null && ndcPackage is not null)
        {
            missing.Add(("--ndc-package needs --ndc-product", "give product.txt from the same FDA NDC download with --ndc-product"));
        }

        if (missing.Count > 0)
        {
            foreach (var (problem, fix) in missing)
            {
                await stderr.WriteLineAsync($"regimen-monitor terminology import: {problem}.");
                await stderr.WriteLineAsync($"  fix: {fix}.");
            }

            return ExitCodes.Usage;
        }

        var given = new[] { ("--rxnconso", rxnconso), ("--rxnrel", rxnrel), ("--ndc-product", ndcProduct), ("--ndc-package", ndcPackage) };
        foreach (var (option, file) in given)
        {
            if (file is not null && InputFiles.Problem(file, option) is { } problem)
            {
                return CliFailure.Report(problem, "terminology import", database: null, verbose: false, stderr);
            }
        }

        var files = given.Select(g => g.Item2).OfType<FileInfo>().ToList();

        // checked before the import: a failure to write it after the commit would leave an import the user thinks failed
        if (output is not null && OutputProblem(output) is { } outputProblem)
        {
            return CliFailure.Report(outputProblem, "terminology import", database: null, verbose: false, stderr);
        }

        // found by an independent edge probe: --out naming an input (itself, through a link, or another spelling of
        // it) replaced the licensed release file with the map, with exit 0
        if (output is not null && given.FirstOrDefault(g => g.Item2 is not null && InputFiles.SameFile(output, g.Item2.FullName)) is ({ } sameOption, { } sameFile))
        {
            return Refuse(stderr, $"--out {InputFiles.Shown(Path.GetFullPath(output))} is the {sameOption} file {InputFiles.Shown(sameFile.FullName)}, which the map would replace; nothing was imported.",
                "give --out another file name, e.g. --out terminology.json; the import never writes over its input files.");
        }

        Dictionary<string, string>? rxnorm = null;
        Dictionary<string, string>? ndc = null;
        try
        {
            if (rxnconso is not null)
            {
                using var conso = Open(rxnconso, "RXNCONSO", stderr);
                using var rel = rxnrel is null ? null : Open(rxnrel, "RXNREL", stderr);
                rxnorm = TerminologyFiles.ReadRxNorm(conso, rel);
            }

            if (ndcProduct is not null)
            {
                using var product = Open(ndcProduct, "product.txt", stderr);
                using var package = ndcPackage is null ? null : Open(ndcPackage, "package.txt", stderr);
                ndc = TerminologyFiles.ReadNdc(product, package);
            }
        }
        catch (FormatException ex)
        {
            return Refuse(stderr, $"{Named(ex.Message, given)}; nothing was imported.",
                "download and unzip the file again (docs/terminology.md says where), or correct the line named; the import reads the files as released.");
        }

        // a part replaces that code system's codes: an empty one (a truncated download, the wrong file) would delete them
        if (rxnorm is { Count: 0 })
        {
            // named by role and the full path given, as every other message of the import (/dev/null, not "null")
            return Refuse(stderr, $"RXNCONSO (--rxnconso {InputFiles.Shown(rxnconso!.FullName)}) holds no RxNorm concept to import (SAB=RXNORM, language ENG, not suppressed, of a kept term type), "
                + "and importing it would delete the RxNorm codes in the database; nothing was imported.",
                "give --rxnconso the rrf/RXNCONSO.RRF of an RxNorm release (docs/terminology.md), or leave --rxnconso out to keep the RxNorm codes.");
        }

        if (ndc is { Count: 0 })
        {
            return Refuse(stderr, $"product.txt (--ndc-product {InputFiles.Shown(ndcProduct!.FullName)}) holds no product with an NDC and a name, and importing it would delete the NDCs in the database; nothing was imported.",
                "give --ndc-product the product.txt of the FDA NDC directory (docs/terminology.md), or leave --ndc-product out to keep the NDCs.");
        }

        using var host = RegimenMonitorHost.CreateBuilder(arguments ?? [], HostRole.Tool, overrides).Build();
        ServiceChecks.ValidateConfiguration(host.Services);
        var database = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await ServiceChecks.CheckDatabaseAsync(database, requireSchema: !database.MigrateOnStart, "terminology import", stderr, ct);
        if (database.MigrateOnStart)
        {
            await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        }

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        var total = (rxnorm?.Count ?? 0) + (ndc?.Count ?? 0);
        var bar = total >= 10_000 ? new ProgressBar(stderr, total) : null;
        var import = await TerminologyStore.ReplaceAsync(db, rxnorm, ndc, Sources(files), host.Services.GetRequiredService<TimeProvider>().GetUtcNow(),
            bar is null ? null : new Progress(written => bar.Report((int)written)), ct);
        bar?.Report(total, force: true);
        bar?.Complete();

        var summary = $"terminology import {import.Id}: {import.RxnormCount} RxNorm codes, {import.NdcCount} NDCs, stored in {ServiceChecks.DatabaseTarget(database)}";
        if (output is not null)
        {
            await (await TerminologyStore.LoadAsync(db, import.Id, ct)).SaveAsync(output, ct);
            summary += $"; written to {InputFiles.Shown(output)}";
        }

        await stdout.WriteLineAsync(summary + ". Running workers load it within Terminology:RefreshInterval.");
        return ExitCodes.Success;
    }

    /// <summary>Why <paramref name="output"/> cannot be written (a directory, an empty name, a folder that cannot be made or written), or null.</summary>
    private static CliException? OutputProblem(string output)
    {
        const string Fix = "give --out a file name in a folder this user may write, e.g. --out terminology.json.";
        if (output.Trim().Length == 0)
        {
            return new CliException("the file name given to --out is empty; nothing was imported.", Fix, ExitCodes.Usage);
        }

        var full = Path.GetFullPath(output);
        if (Directory.Exists(full))
        {
            return new CliException($"--out {full} is a directory; nothing was imported.", $"give --out a file name, e.g. --out {Path.Combine(output, "terminology.json")}.", ExitCodes.Usage);
        }

        // SaveAsync renames its file over the path (the file a link names): whatever is there is replaced
        string target;
        try
        {
            target = TerminologyMap.WrittenPath(full);
        }
        catch (IOException)
        {
            return new CliException($"--out {full} is a symbolic link that leads in a circle; nothing was imported.", Fix, ExitCodes.Usage);
        }

        if (File.Exists(target) && InputFiles.IsRegularFile(new FileInfo(target)) == false)
        {
            return new CliException($"--out {full} {Infrastructure.Runtime.FileFacts.NotRegularFile}, which the map would replace; nothing was imported.", Fix, ExitCodes.Usage);
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // the file SaveAsync writes first, created and removed again
            using var probe = new FileStream(target + ".tmp", FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return new CliException($"cannot write --out {full}: permission denied; nothing was imported.", Fix, ExitCodes.Usage);
        }
        catch (IOException)
        {
            return new CliException($"cannot write --out {full}: its folder cannot be created or written; nothing was imported.", Fix, ExitCodes.Usage);
        }
    }

    private static int Refuse(TextWriter stderr, string cause, string fix) =>
        CliFailure.Report(new CliException(cause, fix, ExitCodes.Usage), "terminology import", database: null, verbose: false, stderr);

    /// <summary>The files as recorded on the import: name, size and last-write date (the release they came from).</summary>
    private static string Sources(IEnumerable<FileInfo> files) => string.Join("; ", files.Select(f =>
        string.Create(CultureInfo.InvariantCulture, $"{InputFiles.Shown(f.Name)} ({f.Length} bytes, {f.LastWriteTimeUtc:yyyy-MM-dd})")));

    // strictly UTF-8, line by line; "label" is the file as the parsers' messages name it
    private static TerminologyLineReader Open(FileInfo file, string label, TextWriter stderr)
    {
        var stream = file.OpenRead();
        return new TerminologyLineReader(file.Length >= ProgressThresholdBytes ? new ProgressStream(stream, file.Name, stderr) : stream, label);
    }

    /// <summary>Reports writes on the caller's thread (Progress&lt;T&gt; would post to the thread pool out of order).</summary>
    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    /// <summary>A file stream that draws how much of the file was read (in KiB) on stderr.</summary>
    private sealed class ProgressStream(FileStream inner, string name, TextWriter stderr) : Stream
    {
        private ProgressBar? _bar;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            // started at the first read: the files are read one after the other
            _bar ??= Start(stderr, name, inner.Length);
            var read = inner.Read(buffer, offset, count);
            _bar.Report((int)(inner.Position / 1024), force: read == 0);
            if (read == 0)
            {
                _bar.Complete();
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private static ProgressBar Start(TextWriter stderr, string name, long length)
        {
            stderr.WriteLine($"reading {name} (KiB):");
            return new ProgressBar(stderr, (int)Math.Min(int.MaxValue, length / 1024));
        }
    }

    // the reader names a file by its role ("product.txt line 3: …"); the file given for it, too: the user may have given
    // another file there
    private static string Named(string message, (string Option, FileInfo? File)[] given)
    {
        (string Role, string Option)[] roles = [("RXNCONSO", "--rxnconso"), ("RXNREL", "--rxnrel"), ("product.txt", "--ndc-product"), ("package.txt", "--ndc-package")];
        foreach (var (role, option) in roles)
        {
            if (message.StartsWith(role, StringComparison.Ordinal) && message.Length > role.Length && message[role.Length] is ' ' or ':'
                && given.FirstOrDefault(g => g.Option == option).File is { } file)
            {
                return $"{role} ({option} {InputFiles.Shown(file.FullName)}){message[role.Length..]}";
            }
        }

        return message;
    }
}
