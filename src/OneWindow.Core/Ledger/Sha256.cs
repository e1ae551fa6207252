using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OneWindow.Ledger;

/// <summary>
/// SHA-256 of one prefix byte followed by data — the shape of every RFC 9162 leaf and node hash.
/// The log hashes millions of 65–300-byte inputs, and for inputs that small
/// <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/> spends more time in OpenSSL's
/// EVP provider dispatch (≈ 0.4 µs per call on the benchmark machine) than in hashing. Where
/// OpenSSL 3's libcrypto is loadable (Linux, where .NET itself uses it) this calls libcrypto's
/// SHA-256 functions directly: the same library and implementation (SHA-NI where the CPU has it)
/// without the per-call setup, about three times faster for a leaf. Elsewhere it falls back to
/// <see cref="SHA256"/>. Both give identical digests, which the tests check.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
public static unsafe class Sha256
{
    public const int Size = 32;

    // sizeof(SHA256_CTX) is 112 bytes in OpenSSL 3; reserve more so a layout change cannot overrun.
    private const int ContextSize = 256;

    // Below this size a call takes a few microseconds at most, short enough to skip the GC
    // transition (which would otherwise cost more than hashing a 65-byte node).
    private const int ShortInput = 16 * 1024;

    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> s_init;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> s_updateShort;
    private static readonly delegate* unmanaged<byte*, byte*, nuint, int> s_update;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> s_final;

    static Sha256()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libcrypto.so.3", out var library))
        {
            return;
        }
        if (NativeLibrary.TryGetExport(library, "SHA256_Init", out var init)
            && NativeLibrary.TryGetExport(library, "SHA256_Update", out var update)
            && NativeLibrary.TryGetExport(library, "SHA256_Final", out var final))
        {
            s_init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)init;
            s_updateShort = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)update;
            s_update = (delegate* unmanaged<byte*, byte*, nuint, int>)update;
            s_final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)final;
        }
    }

    /// <summary>True when hashing goes straight to libcrypto; false when it uses <see cref="SHA256"/>.</summary>
    public static bool UsesLibcrypto => s_init != null;

    /// <summary>SHA-256(data) into <paramref name="destination"/> (32 bytes), which may overlap the data.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        if (s_init == null)
        {
            SHA256.HashData(data, destination);
            return;
        }
        var context = stackalloc byte[ContextSize];
        fixed (byte* input = data)
        fixed (byte* output = destination)
        {
            if (s_init(context) != 1 || (data.Length > 0 && Update(context, input, data.Length) != 1) || s_final(output, context) != 1)
            {
                throw new CryptographicException("libcrypto's SHA-256 reported a failure.");
            }
        }
    }

    /// <summary>SHA-256(prefix ‖ data) into <paramref name="destination"/> (32 bytes).</summary>
    public static void Hash(byte prefix, ReadOnlySpan<byte> data, Span<byte> destination) =>
        Hash(prefix, data, [], destination);

    /// <summary>
    /// SHA-256(prefix ‖ first ‖ second) into <paramref name="destination"/> (32 bytes), which may
    /// overlap the inputs: it is written only after they are read.
    /// </summary>
    public static void Hash(byte prefix, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        // One contiguous update is cheaper than several calls into libcrypto for small inputs.
        if (1 + first.Length + second.Length <= 1024)
        {
            Span<byte> buffer = stackalloc byte[1 + first.Length + second.Length];
            buffer[0] = prefix;
            first.CopyTo(buffer[1..]);
            second.CopyTo(buffer[(1 + first.Length)..]);
            Hash(buffer, destination);
            return;
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        if (s_init == null)
        {
            HashManaged(prefix, first, second, destination);
            return;
        }
        var context = stackalloc byte[ContextSize];
        fixed (byte* a = first)
        fixed (byte* b = second)
        fixed (byte* output = destination)
        {
            if (s_init(context) != 1
                || s_updateShort(context, &prefix, 1) != 1
                || (first.Length > 0 && Update(context, a, first.Length) != 1)
                || (second.Length > 0 && Update(context, b, second.Length) != 1)
                || s_final(output, context) != 1)
            {
                throw new CryptographicException("libcrypto's SHA-256 reported a failure.");
            }
        }
    }

    private static int Update(byte* context, byte* data, int length) =>
        length <= ShortInput ? s_updateShort(context, data, (nuint)length) : s_update(context, data, (nuint)length);

    private static void HashManaged(byte prefix, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
        var length = 1 + first.Length + second.Length;
        var rented = length <= 1024 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        var buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        buffer[0] = prefix;
        first.CopyTo(buffer[1..]);
        second.CopyTo(buffer[(1 + first.Length)..]);
        SHA256.HashData(buffer, destination);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
