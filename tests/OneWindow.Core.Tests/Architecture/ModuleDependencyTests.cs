using NetArchTest.Rules;

namespace OneWindow.Core.Tests.Architecture;

/// <summary>
/// The core's modules (one namespace each under <c>OneWindow</c>) depend on each other in one direction only:
/// a cycle means two modules cannot be understood, tested or changed apart. Found by asking NetArchTest, for
/// every pair, whether any type of one refers to the other, then looking for cycles in that graph. The
/// database context and the service registration at the root compose every module and are not one.
/// </summary>
public sealed class ModuleDependencyTests
{
    private static readonly string[] Modules =
        [.. typeof(OneWindowDb).Assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(n => n.StartsWith("OneWindow.", StringComparison.Ordinal))
            .Select(n => n.Split('.')[1])
            .Distinct()
            .Order(StringComparer.Ordinal)];

    private static readonly Lazy<Dictionary<string, HashSet<string>>> s_graph = new(() =>
    {
        var graph = Modules.ToDictionary(m => m, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var from in Modules)
        {
            foreach (var to in Modules.Where(m => m != from))
            {
                var result = Types.InAssembly(typeof(OneWindowDb).Assembly)
                    .That().ResideInNamespace($"OneWindow.{from}")
                    .ShouldNot().HaveDependencyOn($"OneWindow.{to}")
                    .GetResult();
                if (!result.IsSuccessful)
                {
                    graph[from].Add(to);
                }
            }
        }
        return graph;
    });

    [Fact]
    public void The_modules_are_found()
    {
        Assert.Contains("Identity", Modules);
        Assert.Contains("Certificates", Modules);
        Assert.Contains("Applications", Modules);
        Assert.True(Modules.Length >= 10, string.Join(", ", Modules));
    }

    [Fact]
    public void No_two_modules_depend_on_each_other()
    {
        var graph = s_graph.Value;
        var cycles = new List<string>();
        foreach (var a in Modules)
        {
            foreach (var b in Modules.Where(m => string.CompareOrdinal(a, m) < 0))
            {
                if (Reaches(graph, a, b) && Reaches(graph, b, a))
                {
                    cycles.Add($"{a} ⇄ {b}");
                }
            }
        }

        Assert.True(cycles.Count == 0, "Module cycles: " + string.Join("; ", cycles) + Environment.NewLine + Describe(graph));
    }

    [Fact]
    public void The_leaf_modules_depend_on_no_other_module()
    {
        var graph = s_graph.Value;
        Assert.Empty(graph["Common"]);
        Assert.DoesNotContain("Applications", graph["Identity"]);
        Assert.DoesNotContain("Certificates", graph["Identity"]);
        Assert.DoesNotContain("Identity", graph["Catalog"]);
        Assert.DoesNotContain("Identity", graph["Divisions"]);
        // Certificates are one kind of task output: the engine calls the issuer, the issuer knows no application.
        Assert.DoesNotContain("Applications", graph["Certificates"]);
    }

    private static bool Reaches(Dictionary<string, HashSet<string>> graph, string from, string to)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var next))
        {
            foreach (var dependency in graph[next])
            {
                if (dependency == to)
                {
                    return true;
                }
                if (seen.Add(dependency))
                {
                    queue.Enqueue(dependency);
                }
            }
        }
        return false;
    }

    private static string Describe(Dictionary<string, HashSet<string>> graph) =>
        string.Join(Environment.NewLine, graph.Select(p => $"{p.Key} → {string.Join(", ", p.Value.Order(StringComparer.Ordinal))}"));
}
