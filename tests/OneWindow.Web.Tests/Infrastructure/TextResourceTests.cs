using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Tests.Infrastructure;

/// <summary>
/// Every text people see comes from the resource files, and English is complete: each key the code asks for is in
/// the Chinese (neutral) file and in the English one, no English value holds a Chinese character, placeholders
/// agree between the languages, no key is left over, and no text is built in code (an interpolated key could
/// not be translated). Read from the sources, so a new page with a missing translation fails here.
/// </summary>
public sealed partial class TextResourceTests
{
    private static readonly string Root = FindRoot();

    private static readonly string ResourceFolder = Path.Combine(Root, "src", "OneWindow.Server", "Resources");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OneWindow.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(ResourceFolder, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

    private static IEnumerable<string> Sources() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src", "OneWindow.Server"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex("""(?<![\w])(?:Ui\.)?(?<kind>T|Count)\(\s*"(?<key>(?:[^"\\]|\\.)*)"\s*[,)]""")]
    private static partial Regex Lookup();

    [GeneratedRegex("""(?<![\w])(?:Ui\.)?(?:T|Count)\(\s*\$""")]
    private static partial Regex Built();

    [GeneratedRegex("""\{\d+(?::[^}]*)?\}""")]
    private static partial Regex Placeholder();

    private static List<(string File, string Kind, string Key)> Keys() =>
        [.. Sources().SelectMany(f => Lookup().Matches(File.ReadAllText(f))
            .Where(m => m.Value.StartsWith("Ui.", StringComparison.Ordinal) || f.EndsWith("Ui.cs", StringComparison.Ordinal))
            .Select(m => (Path.GetFileName(f), m.Groups["kind"].Value, Regex.Unescape(m.Groups["key"].Value))))];

    [Fact]
    public void Every_key_the_code_asks_for_is_in_both_languages()
    {
        var chinese = Read("Text.resx");
        var english = Read("Text.en.resx");
        var keys = Keys();
        Assert.True(keys.Count > 300, $"only {keys.Count} lookups found: the scan is broken");
        Assert.Empty(keys.Where(k => !chinese.ContainsKey(k.Key)).Select(k => $"{k.File}: {k.Key} (Chinese)"));
        Assert.Empty(keys.Where(k => !english.ContainsKey(k.Key)).Select(k => $"{k.File}: {k.Key} (English)"));
        // Nothing stale: every entry is asked for (an English singular belongs to a counted text).
        var used = keys.Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var stale = chinese.Keys.Where(k => !used.Contains(k)).Concat(english.Keys.Where(k => !used.Contains(k.EndsWith("#one", StringComparison.Ordinal) ? k[..^4] : k))).ToList();
        Assert.True(stale.Count == 0, "Entries no code asks for: " + string.Join("; ", stale));
    }

    [Fact]
    public void English_is_English_and_both_languages_fill_the_same_placeholders()
    {
        var chinese = Read("Text.resx");
        var english = Read("Text.en.resx");
        Assert.Empty(english.Where(e => e.Value.Any(c => c is >= '\u3400' and <= '\u9fff' or >= '\uff00' and <= '\uffef' or >= '\u3000' and <= '\u303f')).Select(e => $"{e.Key} = {e.Value}"));
        foreach (var (key, value) in english)
        {
            var original = chinese[key.EndsWith("#one", StringComparison.Ordinal) ? key[..^4] : key];
            string[] Holes(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];
            if (key.EndsWith("#one", StringComparison.Ordinal))
            {
                Assert.Empty(Holes(value).Except(Holes(original)));
            }
            else
            {
                Assert.True(Holes(original).SequenceEqual(Holes(value)), $"{key}: {string.Join(" ", Holes(original))} ≠ {string.Join(" ", Holes(value))}");
            }
        }
    }

    [Fact]
    public void No_text_is_built_in_code()
    {
        var built = Sources().SelectMany(f => File.ReadAllLines(f).Select((line, i) => (f, i, line)))
            .Where(l => Built().IsMatch(l.line))
            .Select(l => $"{Path.GetFileName(l.f)}:{l.i + 1}");
        Assert.Empty(built);
    }

    [Fact]
    public void Counts_read_naturally_in_both_languages()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("en");
            Assert.Equal("1 working day", Ui.Count("{0} 个工作日", 1));
            Assert.Equal("3 working days", Ui.Count("{0} 个工作日", 3));
            Assert.Equal("Police", Ui.Department(OneWindow.Catalog.DepartmentKind.Police));
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
            Assert.Equal("1 个工作日", Ui.Count("{0} 个工作日", 1));
            Assert.Equal("公安", Ui.Department(OneWindow.Catalog.DepartmentKind.Police));
            Assert.Equal("不予办理", Ui.T("不予办理@refused"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = before;
        }
    }
}
