using System.IO.Compression;
using OneWindow.Common;

namespace OneWindow.Divisions;

/// <summary>
/// Reads the division CSV format (<c>code,level,name,parent</c>, UTF-8, optionally gzipped) and checks
/// every row: 12-digit codes, a known level, a parent one level up whose code is the row's prefix.
/// </summary>
public static class DivisionCsv
{
    public const string Header = "code,level,name,parent";

    /// <summary>More errors than this stop the read; the first ones are what a person fixes first.</summary>
    private const int MaxErrors = 20;

    public static Outcome<IReadOnlyList<Division>> Read(Stream stream, Func<string, DivisionLevel?>? existingLevel = null)
    {
        var input = IsGzip(stream, out var buffered) ? new GZipStream(buffered, CompressionMode.Decompress) : buffered;
        using var reader = new StreamReader(input, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var errors = new FieldErrors();
        var count = 0;
        string? header;
        try
        {
            header = reader.ReadLine();
        }
        catch (InvalidDataException)
        {
            return ValidationFailed.Single("file", Texts.T("is not valid gzip data"));
        }
        if (header?.Trim() != Header)
        {
            return ValidationFailed.Single("line 1", Texts.T("the header must be exactly '{0}'", Header));
        }
        var rows = new List<Division>();
        var byCode = new Dictionary<string, Division>(StringComparer.Ordinal);
        var lineNumber = 1;
        string? line;
        while ((line = ReadLineSafe(reader, errors)) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            var cells = SplitCsv(line);
            if (cells is null || cells.Count != 4)
            {
                Add(errors, ref count, lineNumber, Texts.T("must have four comma-separated cells: code,level,name,parent"));
                continue;
            }
            var (code, levelText, name, parent) = (cells[0], cells[1], cells[2].Trim(), cells[3]);
            if (!Division.IsWellFormedCode(code))
            {
                Add(errors, ref count, lineNumber, Texts.T("code '{0}' must be 12 digits", code));
                continue;
            }
            if (!Enum.TryParse<DivisionLevel>(levelText, ignoreCase: true, out var level) || !Enum.IsDefined(level) || char.IsDigit(levelText[0]))
            {
                Add(errors, ref count, lineNumber, Texts.T("level '{0}' must be province, city, county, township or village", levelText));
                continue;
            }
            if (name.Length is 0 or > 100)
            {
                Add(errors, ref count, lineNumber, Texts.T("name must be 1 to 100 characters"));
                continue;
            }
            if (level == DivisionLevel.Province ? parent.Length != 0 : !Division.IsWellFormedCode(parent))
            {
                Add(errors, ref count, lineNumber, level == DivisionLevel.Province ? Texts.T("a province has no parent") : Texts.T("parent '{0}' must be 12 digits", parent));
                continue;
            }
            if (level != DivisionLevel.Province)
            {
                var parentLevel = byCode.TryGetValue(parent, out var p) ? p.Level : existingLevel?.Invoke(parent);
                if (parentLevel is null)
                {
                    Add(errors, ref count, lineNumber, Texts.T("parent {0} is neither earlier in the file nor already loaded", parent));
                    continue;
                }
                if ((int)parentLevel != (int)level - 1 || !code.StartsWith(Division.Prefix(parent, parentLevel.Value), StringComparison.Ordinal))
                {
                    Add(errors, ref count, lineNumber, Texts.T("parent {0} ({1}) is not the level above {2} or not its code prefix", parent, parentLevel.Value.Name(), level.Name()));
                    continue;
                }
            }
            var division = new Division { Code = code, Level = level, Name = name, ParentCode = level == DivisionLevel.Province ? null : parent };
            if (!byCode.TryAdd(code, division))
            {
                Add(errors, ref count, lineNumber, Texts.T("code {0} appears twice", code));
                continue;
            }
            rows.Add(division);
            if (count >= MaxErrors)
            {
                break;
            }
        }
        if (errors.Any)
        {
            return errors.ToFailure();
        }
        return rows;
    }

    /// <summary>The divisions shipped with the platform (docs/DATA.md).</summary>
    public static IReadOnlyList<Division> Shipped()
    {
        using var stream = typeof(DivisionCsv).Assembly.GetManifestResourceStream("OneWindow.Divisions.divisions.csv.gz")
            ?? throw new InvalidOperationException("The shipped divisions resource is missing from the build.");
        var read = Read(stream);
        return read.Value ?? throw new InvalidOperationException($"The shipped divisions are invalid: {read.Failure?.Detail}");
    }

    private static string? ReadLineSafe(StreamReader reader, FieldErrors errors)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (InvalidDataException)
        {
            errors.Add("file", Texts.T("the gzip data is corrupt"));
            return null;
        }
    }

    private static void Add(FieldErrors errors, ref int count, int line, string message)
    {
        count++;
        if (count <= MaxErrors)
        {
            errors.Add($"line {line}", message);
        }
    }

    private static bool IsGzip(Stream stream, out Stream buffered)
    {
        buffered = stream.CanSeek ? stream : new BufferedStream(stream);
        if (!buffered.CanSeek)
        {
            var copy = new MemoryStream();
            buffered.CopyTo(copy);
            copy.Position = 0;
            buffered = copy;
        }
        var start = buffered.Position;
        var b1 = buffered.ReadByte();
        var b2 = buffered.ReadByte();
        buffered.Position = start;
        return b1 == 0x1f && b2 == 0x8b;
    }

    /// <summary>Splits one RFC 4180 line; null when quotes are unbalanced.</summary>
    private static List<string>? SplitCsv(string line)
    {
        var cells = new List<string>(4);
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        if (quoted)
        {
            return null;
        }
        cells.Add(cell.ToString().TrimEnd('\r'));
        return cells;
    }
}
