using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OneWindow.Catalog;
using OneWindow.Common;

namespace OneWindow.Core.Tests.Common;

/// <summary>
/// The core's messages to people come from its resource files in both languages: every key the code asks
/// <see cref="Texts"/> for is in the Chinese (neutral) file and the English one, English values hold no Chinese,
/// placeholders agree, nothing is stale; and a message reads in the culture it is asked in.
/// </summary>
public sealed partial class MessageResourceTests
{
    private static readonly string Root = FindRoot();

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
        XDocument.Load(Path.Combine(Root, "src", "OneWindow.Core", "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

    [GeneratedRegex("""(?:Texts\.T|new Missing|Missing \w+\([^)]*\) => new)\(\s*"(?<key>(?:[^"\\]|\\.)*)"\s*[,)]""")]
    private static partial Regex Lookup();

    [GeneratedRegex("""\{\d+(?::[^}]*)?\}""")]
    private static partial Regex Placeholder();

    [Fact]
    public void Every_message_is_in_both_languages_and_none_is_stale()
    {
        // The core's own lookups, and the things hosts and the core say were not found (Missing names them by an English key).
        var keys = new[] { "OneWindow.Core", "OneWindow.Server" }.SelectMany(p => Directory.EnumerateFiles(Path.Combine(Root, "src", p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Lookup().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups["key"].Value)))
            .ToHashSet(StringComparer.Ordinal);
        var chinese = Read("Messages.resx");
        var english = Read("Messages.en.resx");
        Assert.True(keys.Count > 30, $"only {keys.Count} messages found: the scan is broken");
        var missing = keys.Where(k => !chinese.ContainsKey(k) || !english.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Messages missing from a resource file: " + string.Join("; ", missing));
        var stale = chinese.Keys.Concat(english.Keys).Where(k => !keys.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "Entries no code asks for: " + string.Join("; ", stale));
        var notEnglish = english.Values.Where(v => v.Any(c => c is >= '\u3400' and <= '\u9fff' or >= '\uff00' and <= '\uffef')).ToList();
        Assert.True(notEnglish.Count == 0, "Chinese in English messages: " + string.Join("; ", notEnglish));
        foreach (var (key, value) in chinese)
        {
            string[] Holes(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];
            Assert.True(Holes(key).SequenceEqual(Holes(value)) && Holes(key).SequenceEqual(Holes(english[key])), $"placeholders differ: {key}");
        }
    }

    [GeneratedRegex("""new (?:Common\.)?(?<kind>Forbidden|StateConflict|Missing)\(|(?<kind>Forbidden|StateConflict|Missing)\s+\w+(?:\([^)]*\))?\s*(?:=>|=)\s*new\(|(?<kind>ValidationFailed\.Single)\(|\b(?<kind>errors\.Add)\(|:\s*(?<kind>Failure)\(""")]
    private static partial Regex MessageCall();

    [GeneratedRegex("""Texts\.T\(\s*"(?:[^"\\]|\\.)*"|Missing\(\s*"(?:[^"\\]|\\.)*"|nameof\([^)]*\)""")]
    private static partial Regex LookedUp();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex Literal();

    [Fact]
    public void No_message_to_a_person_is_an_English_literal()
    {
        // A refusal, a conflict or a field error reaches a person: its words come from Texts, not from a literal in the code.
        // The field a message is about (a JSON path) and a conflict's state code (for API clients) stay as they are.
        var found = new List<string>();
        foreach (var file in new[] { "OneWindow.Core", "OneWindow.Server" }.SelectMany(p => Directory.EnumerateFiles(Path.Combine(Root, "src", p), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (Match call in MessageCall().Matches(source))
            {
                var arguments = Arguments(source, call.Index + call.Length);
                var kind = call.Groups["kind"].Value;
                var said = kind switch
                {
                    "Forbidden" or "StateConflict" => arguments.Take(1),
                    "Missing" => [],
                    "Failure" => arguments,
                    _ => arguments.Skip(1),
                };
                // Missing names the thing by its key, which cannot be built at run time.
                var composedKey = kind == "Missing" && arguments.FirstOrDefault()?.TrimStart().StartsWith('$') == true;
                if (composedKey || said.Any(a => Literal().Matches(LookedUp().Replace(a, "")).Any(l => l.Value.Any(char.IsAsciiLetter))))
                {
                    var line = source.AsSpan(0, call.Index).Count('\n') + 1;
                    found.Add($"{Path.GetRelativePath(Root, file)}:{line}");
                }
            }
        }
        Assert.True(found.Count == 0, $"{found.Count} messages are English literals, not Texts.T(...):\n" + string.Join("\n", found));
    }

    /// <summary>The top-level arguments of the call whose opening parenthesis ends just before <paramref name="start"/>.</summary>
    private static List<string> Arguments(string source, int start)
    {
        var arguments = new List<string>();
        var depth = 0;
        var from = start;
        for (var i = start; i < source.Length; i++)
        {
            switch (source[i])
            {
                case '"':
                    for (i++; i < source.Length && source[i] != '"'; i++)
                    {
                        if (source[i] == '\\')
                        {
                            i++;
                        }
                    }
                    break;
                case '\'':
                    i = source.IndexOf('\'', i + (source[i + 1] == '\\' ? 2 : 1) + 1);
                    break;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ',' when depth == 0:
                    arguments.Add(source[from..i]);
                    from = i + 1;
                    break;
                case ')' or ']' or '}' when depth == 0:
                    arguments.Add(source[from..i]);
                    return arguments;
                case ')' or ']' or '}':
                    depth--;
                    break;
            }
        }
        return arguments;
    }

    [Fact]
    public void A_message_reads_in_the_culture_it_is_asked_in_and_Chinese_is_the_default()
    {
        var field = new FormField { Name = "phone", Label = "联系电话", LabelEn = "Phone", Type = FieldType.Phone, Required = true };
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            Assert.Equal("为必填项", field.Validate("", new DateOnly(2026, 12, 1)));
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("应为 11 位手机号码", field.Validate("12345", new DateOnly(2026, 12, 1)));
            Assert.Equal("未找到办理任务", new Missing("Task").Detail);
            CultureInfo.CurrentUICulture = new CultureInfo("en-GB");
            Assert.Equal("must be an 11-digit mobile number", field.Validate("12345", new DateOnly(2026, 12, 1)));
            Assert.Equal("must be 18 characters, got 5", OneWindow.Formats.ResidentIdNumber.Parse("12345", new DateOnly(2026, 12, 1)).Reason);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
