using System.Security.Cryptography;

namespace OneWindow.Certificates;

/// <summary>
/// Verification codes (核验码): 12 characters of Crockford's base32 (no I, L, O, U), 60 random bits,
/// printed in groups of four and compared case-insensitively in constant time.
/// </summary>
public static class VerificationCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public const int Length = 12;

    public static string New()
    {
        // One draw of 64 random bits, five per character (the alphabet has 32 letters: no bias).
        Span<byte> random = stackalloc byte[sizeof(ulong)];
        RandomNumberGenerator.Fill(random);
        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(random);
        Span<char> code = stackalloc char[Length];
        for (var i = 0; i < Length; i++, bits >>= 5)
        {
            code[i] = Alphabet[(int)(bits & 31)];
        }
        return new string(code);
    }

    /// <summary>How it is printed: ABCD-EFGH-JKMN.</summary>
    public static string Format(string code) => code.Length == Length ? $"{code[..4]}-{code[4..8]}-{code[8..]}" : code;

    /// <summary>What a person typed or a QR link carried, as stored: upper case, without dashes and spaces, O→0, I/L→1.</summary>
    public static string Normalize(string? input) => new((input ?? "").ToUpperInvariant()
        .Where(c => c is not ('-' or ' '))
        .Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c })
        .ToArray());

    public static bool Matches(string stored, string? presented)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var given = Normalize(presented);
        return given.Length == stored.Length && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(given), System.Text.Encoding.ASCII.GetBytes(stored));
    }
}
