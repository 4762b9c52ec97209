using System.Text.RegularExpressions;
using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Unit.Repository;

/// <summary>
/// The Dockerfile, .dockerignore and compose file read as a host would run them (no Docker engine here, and no
/// registry pulls in tests): a non-root user that owns its data directory, a health check that is a real verb, a
/// build context without build outputs or local databases, and current compose syntax.
/// </summary>
public sealed class ContainerFileTests
{
    private static readonly string Dockerfile = File.ReadAllText(RepositoryFiles.Path("Dockerfile"));

    private static IEnumerable<string> FinalStage() =>
        Dockerfile.Split('\n').Select(l => l.Trim()).SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal));

    [Fact]
    public void The_worker_runs_as_a_non_root_user_that_owns_the_default_data_directory()
    {
        var stage = FinalStage().ToList();
        var user = Assert.Single(stage, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"USER\s+(root|0)\b", user);
        var owner = user["USER ".Length..].Trim();
        // the default SQLite file is data/regimen-monitor.db under the working directory /app
        Assert.Contains("WORKDIR /app", stage);
        Assert.Equal("Data Source=data/regimen-monitor.db", RegimenMonitor.Worker.Infrastructure.Configuration.DatabaseOptions.DefaultSqliteConnectionString);
        Assert.Contains(stage, l => l.StartsWith("RUN ", StringComparison.Ordinal) && l.Contains("mkdir -p /app/data", StringComparison.Ordinal)
                                    && l.Contains($"chown \"{owner}\" /app/data", StringComparison.Ordinal));
        Assert.True(stage.IndexOf(user) > stage.FindIndex(l => l.Contains("chown", StringComparison.Ordinal)), "chown runs before USER drops root");
    }

    [Fact]
    public void The_image_health_check_runs_a_verb_that_exists_and_the_listener_is_reachable_in_the_container()
    {
        var check = Assert.Single(FinalStage(), l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        var verb = Regex.Match(check, "\"regimen-monitor.dll\", \"(?<verb>[a-z]+)\"").Groups["verb"].Value;
        var root = RegimenMonitorCli.BuildRoot(new CliContext([], TextWriter.Null, TextWriter.Null));
        Assert.Contains(root.Subcommands, c => c.Name == verb);
        Assert.Contains("ENV Health__Urls=http://0.0.0.0:8080", FinalStage());
        Assert.Contains("EXPOSE 8080", FinalStage());
        Assert.Equal(new Uri("http://127.0.0.1:8080/"), HealthVerb.Local("http://0.0.0.0:8080"));
    }

    [Fact]
    public void The_build_context_leaves_out_build_outputs_local_databases_and_secrets()
    {
        var ignored = File.ReadAllLines(RepositoryFiles.Path(".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in new[] { "**/bin/", "**/obj/", "data/", "artifacts/", "out/", ".git/", "*.db", ".env" })
        {
            Assert.Contains(entry, ignored);
        }

        // what the publish needs stays in: sources, central package versions, the samples the project links
        Assert.DoesNotContain(ignored, e => e.StartsWith("src", StringComparison.Ordinal) || e.StartsWith("samples", StringComparison.Ordinal)
                                            || e.Contains("Directory.", StringComparison.Ordinal) || e.Contains(".props", StringComparison.Ordinal));
    }

    [Fact]
    public void The_compose_file_uses_current_syntax_without_the_obsolete_version_key()
    {
        var compose = File.ReadAllLines(RepositoryFiles.Path("docker-compose.yml"));
        Assert.DoesNotContain(compose, l => l.StartsWith("version:", StringComparison.Ordinal));
        Assert.Contains("services:", compose);
    }
}
