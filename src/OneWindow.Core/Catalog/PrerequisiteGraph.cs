namespace OneWindow.Catalog;

/// <summary>Pure graph functions over a bundle's prerequisite edges.</summary>
public static class PrerequisiteGraph
{
    /// <summary>A cycle as a path that returns to its start, or null when the graph is acyclic.</summary>
    public static IReadOnlyList<string>? FindCycle(IEnumerable<Prerequisite> edges)
    {
        var next = edges
            .Where(e => e.Item is not null && e.Requires is not null)
            .GroupBy(e => e.Item, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Requires).ToList(), StringComparer.Ordinal);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path; true: done
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var done))
            {
                return done ? null : [.. path.SkipWhile(p => p != node), node];
            }
            state[node] = false;
            path.Add(node);
            foreach (var required in next.GetValueOrDefault(node) ?? [])
            {
                if (Visit(required) is { } cycle)
                {
                    return cycle;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[node] = true;
            return null;
        }

        foreach (var node in next.Keys)
        {
            if (Visit(node) is { } cycle)
            {
                return cycle;
            }
        }
        return null;
    }

    /// <summary>Items in an order where each comes after everything it requires (stable by input order).</summary>
    public static IReadOnlyList<string> Order(IReadOnlyList<string> items, IEnumerable<Prerequisite> edges)
    {
        var requires = edges.GroupBy(e => e.Item, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Requires).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>(items.Count);
        while (order.Count < items.Count)
        {
            var ready = items.FirstOrDefault(i => !done.Contains(i) && (!requires.TryGetValue(i, out var r) || r.IsSubsetOf(done)))
                ?? throw new InvalidOperationException("The prerequisite graph has a cycle.");
            done.Add(ready);
            order.Add(ready);
        }
        return order;
    }
}
