using System.Text.RegularExpressions;
using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Unit.Repository;

/// <summary>The repository's documents stand on their own: no pointer outside it, no dead link, no verb that does not exist.</summary>
public sealed partial class DocumentationTests
{
    private static readonly string[] TopLevel = ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "Directory.Packages.props", "Directory.Build.props", "Dockerfile"];

    private static IEnumerable<string> Documents() =>
        TopLevel.Select(f => RepositoryFiles.Path(f))
            .Concat(Directory.GetFiles(RepositoryFiles.Path("docs"), "*.md"));

    [Fact]
    public void No_document_points_at_design_notes_outside_the_repository()
    {
        foreach (var file in Documents())
        {
            var text = File.ReadAllText(file);
            Assert.False(OutsideReference().IsMatch(text), $"{Path.GetFileName(file)} refers to files outside the repository: {OutsideReference().Match(text).Value}");
        }
    }

    [Fact]
    public void Every_relative_link_in_the_markdown_resolves()
    {
        foreach (var file in Documents().Where(f => f.EndsWith(".md", StringComparison.Ordinal)))
        {
            foreach (Match link in MarkdownLink().Matches(File.ReadAllText(file)))
            {
                var target = link.Groups["target"].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, target));
                Assert.True(File.Exists(resolved) || Directory.Exists(resolved), $"{Path.GetFileName(file)}: link to {target} does not resolve");
            }
        }
    }

    [Fact]
    public void Every_verb_the_readme_runs_exists()
    {
        var root = RegimenMonitorCli.BuildRoot(new CliContext([], TextWriter.Null, TextWriter.Null));
        var verbs = root.Subcommands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var readme = File.ReadAllText(RepositoryFiles.Path("README.md"));
        var used = VerbUse().Matches(ReadmeJson.Readme).Select(m => m.Groups["verb"].Value).Where(v => v is not "evalute" and not "executable").ToList(); // the typo example; "the regimen-monitor executable"
        Assert.NotEmpty(used);
        Assert.All(used, v => Assert.Contains(v, verbs));
        Assert.All(verbs.Where(v => v != "help"), v => Assert.Contains($"| `{v}", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_curl_of_the_readme_uses_the_walk_throughs_broker_account_and_vhost()
    {
        // found by a newcomer probe: the examples after the walk-through used the compose account and vhost '/', so the
        // acknowledgement pasted after the walk-through went to a vhost without its exchange; the README's reference
        // sections moved to docs/ keep using them (ReadmeJson.Files)
        var readme = ReadmeJson.Readme;
        Assert.Contains("BROKER_USER=regimen BROKER_PASSWORD='BROKER_PASSWORD' VHOST=regimen", readme, StringComparison.Ordinal);
        var calls = Regex.Matches(readme, @"curl [^\n]*localhost:15672/api/[^\n]*").Select(m => m.Value).ToList();
        Assert.True(calls.Count >= 10, "the README's management API calls are found");
        Assert.All(calls, c => Assert.Contains("-u \"$BROKER_USER:$BROKER_PASSWORD\"", c, StringComparison.Ordinal));
        var paths = Regex.Matches(readme, @"localhost:15672/api/(?:queues|exchanges|bindings)/([^/\s]+)/").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, vhost => Assert.Equal("$VHOST", vhost));
    }

    [Fact]
    public void The_readme_names_every_routing_key_a_contraindicated_alert_can_have()
    {
        // every concern with a rule (or a rule's step) at severity contraindicated, from the reviewed knowledge base, and
        // every load rule's concern: a load finding rises to contraindicated when an MAO inhibitor pair is among its
        // agents (LoadFamily; found by a newcomer walk-through: serotonergic-stacking.contraindicated was not listed)
        using var rules = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepositoryFiles.Path("src", "RegimenMonitor.Rules", "Knowledge", "rules.json")));
        var concerns = rules.RootElement.GetProperty("rules").EnumerateArray()
            .Where(r => r.ToString().Contains("\"severity\": \"contraindicated\"", StringComparison.Ordinal)
                        || r.ToString().Contains("\"severity\":\"contraindicated\"", StringComparison.Ordinal)
                        || (r.TryGetProperty("kind", out var kind) && kind.GetString() == "load"))
            .Select(r => r.GetProperty("concern").GetString())
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(concerns);
        var row = ReadmeJson.Readme.Split('\n').Single(l => l.StartsWith("| `*.contraindicated` |", StringComparison.Ordinal));
        Assert.All(concerns, c => Assert.Contains($"`{c}.contraindicated`", row, StringComparison.Ordinal));
    }

    [Fact]
    public void The_docs_name_the_rule_set_version_the_worker_embeds()
    {
        // found by a newcomer: a knowledge bump that left README's or docs/rules.md's version behind failed no test
        var version = RegimenMonitor.Rules.KnowledgeBase.LoadEmbedded().Version;
        var readme = ReadmeJson.Readme; // the README's knowledge section, and the alert example in docs/contract.md
        var rules = File.ReadAllText(RepositoryFiles.Path("docs", "rules.md"));

        Assert.Contains($"`src/RegimenMonitor.Rules/Knowledge`, version `{version}`", readme, StringComparison.Ordinal);
        Assert.Contains($"\"ruleSetVersion\": \"{version}\"", readme, StringComparison.Ordinal);
        Assert.Contains($"(currently `{version}`", rules, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(rules, "\\{ \"version\": \"" + Regex.Escape(version) + "\"")); // its two file examples
        Assert.DoesNotMatch("\"ruleSetVersion\": \"(?!" + Regex.Escape(version) + "\")", readme);
    }

    /// <summary>
    /// Found by a newcomer probe (L5): the README's publish step (<c>dotnet publish … -o out</c>) left an untracked
    /// <c>out/</c> in the clone; every folder in the clone a README command publishes to is ignored by git.
    /// </summary>
    [Fact]
    public void Every_folder_the_readme_publishes_to_in_the_clone_is_ignored_by_git()
    {
        var ignored = File.ReadAllLines(RepositoryFiles.Path(".gitignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var folders = PublishOutput().Matches(ReadmeJson.Readme)
            .Select(m => m.Groups["folder"].Value).Where(f => !f.StartsWith('/') && !f.StartsWith('$')).Distinct().ToList();

        Assert.NotEmpty(folders);
        foreach (var folder in folders)
        {
            Assert.Contains($"{folder.TrimEnd('/')}/", ignored);
        }
    }

    [GeneratedRegex(@"dotnet publish [^\n`]*?-o (?<folder>[^\s`]+)")]
    private static partial Regex PublishOutput();

    [GeneratedRegex(@"\.\./shared|shared/design|shared/knowledge|/work/")]
    private static partial Regex OutsideReference();

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(?:^|[\s`])regimen-monitor (?<verb>[a-z]+)\b", RegexOptions.Multiline)]
    private static partial Regex VerbUse();
}
