using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OneWindow.Ledger;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: object members sorted by their names' UTF-16 code units,
/// no insignificant whitespace, strings escaped as ECMAScript's JSON.stringify does, numbers in
/// ECMAScript's shortest round-trip form. The output bytes are the ledger's leaf input.
/// </summary>
public static class CanonicalJson
{
    public static byte[] Serialize(JsonElement element)
    {
        var builder = new StringBuilder();
        Write(element, builder);
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public static byte[] Serialize<T>(T value, JsonSerializerOptions options) =>
        Serialize(JsonSerializer.SerializeToElement(value, options));

    private static void Write(JsonElement element, StringBuilder output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                output.Append('{');
                var first = true;
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        output.Append(',');
                    }
                    first = false;
                    WriteString(property.Name, output);
                    output.Append(':');
                    Write(property.Value, output);
                }
                output.Append('}');
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var firstItem = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        output.Append(',');
                    }
                    firstItem = false;
                    Write(item, output);
                }
                output.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, output);
                break;
            case JsonValueKind.Number:
                output.Append(FormatNumber(element.GetDouble()));
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            default:
                throw new ArgumentException($"Cannot canonicalize a JSON {element.ValueKind}.", nameof(element));
        }
    }

    private static void WriteString(string value, StringBuilder output)
    {
        output.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    throw new ArgumentException("A string holds a lone surrogate, which JSON canonicalization forbids.", nameof(value));
                }
                output.Append(c).Append(value[++i]);
                continue;
            }
            if (char.IsLowSurrogate(c))
            {
                throw new ArgumentException("A string holds a lone surrogate, which JSON canonicalization forbids.", nameof(value));
            }
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }
                    break;
            }
        }
        output.Append('"');
    }

    /// <summary>ECMAScript Number::toString for finite doubles (ECMA-262 §6.1.6.1.20), as RFC 8785 §3.2.2.3 requires.</summary>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("NaN and infinities have no JSON form.", nameof(value));
        }
        if (value == 0)
        {
            return "0";
        }
        var negative = value < 0;
        // "R" gives the shortest digits that round-trip, as ECMAScript requires.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? mantissa.Length : dot;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        // n: position of the decimal point relative to the digit string (value = 0.digits × 10^n).
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0');
        var n = integerDigits + exponent - leadingZeros;
        digits = digits.TrimEnd('0');
        var k = digits.Length;
        string result;
        if (k <= n && n <= 21)
        {
            result = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            result = "0." + new string('0', -n) + digits;
        }
        else
        {
            var e = n - 1;
            var sign = e < 0 ? "-" : "+";
            result = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        }
        return negative ? "-" + result : result;
    }
}
