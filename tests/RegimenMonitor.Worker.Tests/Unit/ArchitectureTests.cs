using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnitV3;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Tests.Integration;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace RegimenMonitor.Worker.Tests.Unit;

/// <summary>
/// The Worker's folders are capabilities (Regimens, Alerts, Sweep, Fhir, Terminology) over shared Infrastructure
/// (Database, Messaging, Scheduling, Observability, Health, Configuration), composed by Hosting and the Cli. These rules
/// hold the dependencies one way: read from the compiled assembly, so a cycle or an upward reference fails here.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Root = "RegimenMonitor.Worker";

    private static readonly string[] Capabilities = ["Regimens", "Alerts", "Sweep", "Fhir", "Terminology"];

    private static readonly Architecture Worker =
        new ArchLoader().LoadAssemblies(typeof(RegimenMonitorHost).Assembly).Build();

    private static string Namespaces(params string[] names) => $@"^{Root.Replace(".", @"\.", StringComparison.Ordinal)}\.({string.Join('|', names)})(\..+)?$";

    [Fact]
    public void The_worker_has_types_in_every_layer_the_rules_name()
    {
        // guards the rules below against matching nothing after a rename
        foreach (var name in Capabilities.Concat(["Infrastructure", "Hosting", "Cli"]))
        {
            Assert.True(Worker.Types.Any(t => t.Namespace.FullName == $"{Root}.{name}" || t.Namespace.FullName.StartsWith($"{Root}.{name}.", StringComparison.Ordinal)),
                $"no type in {Root}.{name}");
        }
    }

    [Fact]
    public void Infrastructure_depends_on_no_capability_and_not_on_the_composition()
    {
        IArchRule rule = Types().That().ResideInNamespaceMatching(Namespaces("Infrastructure"))
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(Namespaces([.. Capabilities, "Hosting", "Cli"])))
            .Because("capabilities use infrastructure, never the reverse");
        rule.Check(Worker);
    }

    [Fact]
    public void Capabilities_do_not_depend_on_the_composition()
    {
        IArchRule rule = Types().That().ResideInNamespaceMatching(Namespaces(Capabilities))
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(Namespaces("Hosting", "Cli")))
            .Because("Hosting and the Cli compose the capabilities; a capability does not reach back into them");
        rule.Check(Worker);
    }

    [Fact]
    public void No_source_file_imports_a_namespace_its_layer_may_not_use()
    {
        // the compiled rules above cannot see constants (inlined) or XML doc references: the imports can
        var worker = Path.Combine(MigrationTests.RepositoryRoot(), "src", "RegimenMonitor.Worker");
        var forbidden = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Infrastructure"] = [.. Capabilities, "Hosting", "Cli"],
        };
        foreach (var capability in Capabilities)
        {
            forbidden[capability] = ["Hosting", "Cli"];
        }

        var files = Directory.GetFiles(worker, "*.cs", SearchOption.AllDirectories)
            .Select(f => (Path: Path.GetRelativePath(worker, f).Replace('\\', '/'), Full: f))
            .Where(f => !f.Path.StartsWith("obj/", StringComparison.Ordinal) && !f.Path.StartsWith("bin/", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(files, f => f.Path.StartsWith("Infrastructure/", StringComparison.Ordinal));
        var violations = (
            from file in files
            let layer = file.Path.Split('/')[0]
            where forbidden.ContainsKey(layer)
            from line in File.ReadLines(file.Full)
            where line.StartsWith($"using {Root}.", StringComparison.Ordinal)
            let imported = line[$"using {Root}.".Length..].TrimEnd(';').Split('.')[0]
            where forbidden[layer].Contains(imported, StringComparer.Ordinal)
            select $"{file.Path}: {line}").ToList();
        Assert.True(violations.Count == 0, "imports against the layering:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void The_top_level_folders_depend_on_each_other_without_cycles()
    {
        // one node per top-level folder (Infrastructure is one node: its parts may use each other); an edge per use
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in Worker.Types)
        {
            if (TopFolder(type.Namespace?.FullName) is not { } from)
            {
                continue;
            }

            foreach (var dependency in type.Dependencies)
            {
                if (TopFolder(dependency.Target?.Namespace?.FullName) is { } to && to != from)
                {
                    var targets = edges.TryGetValue(from, out var t) ? t : edges[from] = new(StringComparer.Ordinal);
                    targets.TryAdd(to, $"{type.FullName} -> {dependency.Target!.FullName}");
                }
            }
        }

        Assert.NotEmpty(edges);
        var cycle = FindCycle(edges);
        Assert.True(cycle is null, cycle is null ? null : "a dependency cycle between folders:\n" + string.Join('\n',
            cycle.Zip(cycle.Skip(1).Append(cycle[0]), (a, b) => $"{a} -> {b}: {edges[a][b]}")));
    }

    [Fact]
    public void The_cycle_search_finds_a_cycle_and_accepts_a_layering()
    {
        static Dictionary<string, Dictionary<string, string>> Graph(params (string From, string To)[] pairs) =>
            pairs.GroupBy(p => p.From).ToDictionary(g => g.Key, g => g.ToDictionary(p => p.To, p => "", StringComparer.Ordinal), StringComparer.Ordinal);

        Assert.Null(FindCycle(Graph(("Cli", "Regimens"), ("Regimens", "Alerts"), ("Alerts", "Infrastructure"), ("Regimens", "Infrastructure"))));
        Assert.Equal(["Alerts", "Regimens"], FindCycle(Graph(("Regimens", "Alerts"), ("Alerts", "Regimens")))!.Order(StringComparer.Ordinal));
    }

    private static string? TopFolder(string? ns) =>
        ns is not null && ns.StartsWith(Root + ".", StringComparison.Ordinal) ? ns[(Root.Length + 1)..].Split('.')[0] : null;

    /// <summary>One cycle of the graph as its nodes in order, or null when it has none (depth-first search).</summary>
    private static List<string>? FindCycle(Dictionary<string, Dictionary<string, string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1: on the path, 2: done
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in edges.TryGetValue(node, out var targets) ? targets.Keys.Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    return path[path.IndexOf(next)..];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    [Fact]
    public void The_regimen_decision_does_no_io_and_reads_no_clock()
    {
        IArchRule rule = Types().That().ResideInNamespace(Root + ".Regimens")
            .And().HaveNameMatching("^(RegimenDecision|Decision|PatientSnapshot|PatientBump|DecisionOutcome|DecisionIds|FindingsReconciler|RegimenItemUpdate|RegimenHistory|HistoryRun|HistoryPolicy)$")
            .Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^(Microsoft\.EntityFrameworkCore|MassTransit|Quartz|Npgsql|Microsoft\.Data|System\.IO|System\.Net)(\..+)?$")
                .Or().HaveNameMatching("^(RegimenDbContext|TimeProvider|DateTime)$"))
            .Because("the decision is a pure function of (snapshot, change, as-of): the store loads and writes around it");
        rule.Check(Worker);
    }
}
