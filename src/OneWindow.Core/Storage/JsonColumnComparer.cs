using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using OneWindow.Common;

namespace OneWindow.Storage;

/// <summary>
/// How EF Core snapshots and compares a value stored as JSON text. Lists of strings and string dictionaries
/// (most of a case's and its tasks' columns) are compared and copied as collections; anything else by its
/// serialized form. Serializing every column to snapshot it, twice more to compare it and once more after the
/// save was a fifth of the allocation of a submission (measured, docs/BENCHMARKS.md).
/// </summary>
internal static class JsonColumnComparer
{
    public static ValueComparer<T> For<T>()
    {
        object comparer = typeof(T) switch
        {
            var t when t == typeof(List<string>) => new ValueComparer<List<string>>(
                (a, b) => ListsEqual(a, b), v => ListHash(v), v => CopyList(v)),
            var t when t == typeof(Dictionary<string, string>) => new ValueComparer<Dictionary<string, string>>(
                (a, b) => DictionariesEqual(a, b), v => DictionaryHash(v), v => CopyDictionary(v)),
            var t when t == typeof(Dictionary<string, Dictionary<string, string>>) => new ValueComparer<Dictionary<string, Dictionary<string, string>>>(
                (a, b) => NestedEqual(a, b), v => NestedHash(v), v => CopyNested(v)),
            _ => new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, JsonDefaults.Options) == JsonSerializer.Serialize(b, JsonDefaults.Options),
                v => JsonSerializer.Serialize(v, JsonDefaults.Options).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, JsonDefaults.Options), JsonDefaults.Options)!),
        };
        return (ValueComparer<T>)comparer;
    }

    internal static bool ListsEqual(List<string>? a, List<string>? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.SequenceEqual(b, StringComparer.Ordinal));

    internal static int ListHash(List<string>? v)
    {
        var hash = new HashCode();
        foreach (var item in v ?? [])
        {
            hash.Add(item, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    internal static List<string> CopyList(List<string>? v) => v is null ? null! : [.. v];

    internal static bool DictionariesEqual(Dictionary<string, string>? a, Dictionary<string, string>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Independent of the order of the entries, as equality is.</summary>
    internal static int DictionaryHash(Dictionary<string, string>? v)
    {
        var hash = 0;
        foreach (var (key, value) in v ?? [])
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value is null ? 0 : StringComparer.Ordinal.GetHashCode(value));
        }
        return hash;
    }

    internal static Dictionary<string, string> CopyDictionary(Dictionary<string, string>? v) => v is null ? null! : new(v, v.Comparer);

    internal static bool NestedEqual(Dictionary<string, Dictionary<string, string>>? a, Dictionary<string, Dictionary<string, string>>? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !DictionariesEqual(value, other))
            {
                return false;
            }
        }
        return true;
    }

    internal static int NestedHash(Dictionary<string, Dictionary<string, string>>? v)
    {
        var hash = 0;
        foreach (var (key, value) in v ?? [])
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), DictionaryHash(value));
        }
        return hash;
    }

    internal static Dictionary<string, Dictionary<string, string>> CopyNested(Dictionary<string, Dictionary<string, string>>? v) =>
        v is null ? null! : v.ToDictionary(p => p.Key, p => CopyDictionary(p.Value), v.Comparer);
}
