using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OneWindow.Common;

namespace OneWindow.Applications;

/// <summary>A stored file: its SHA-256 (its address in the store), what its content is, and its size.</summary>
public sealed record StoredFile(string Sha256, string ContentType, long Size);

/// <summary>
/// Uploaded materials on disk, addressed by the SHA-256 of their content (<c>ab/abcdef…</c>): the same file
/// uploaded twice is stored once, and a stored file is never changed. An upload is streamed to a temporary
/// file while it is hashed and counted, checked (size, kind from its first bytes against the declared
/// type), then renamed into place — a refused or interrupted upload leaves nothing behind. Files and folders
/// are the owner's only.
/// </summary>
public sealed class MaterialStore(IOptions<MaterialOptions> options)
{
    private readonly MaterialOptions _options = options.Value;

    private string Root => System.IO.Path.GetFullPath(_options.Path);

    public async Task<Outcome<StoredFile>> PutAsync(Stream body, string? declaredType, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        var declared = FileKind.Declared(declaredType);
        if (declared is null)
        {
            return ValidationFailed.Single("file", Texts.T("send a PDF, JPEG or PNG file"));
        }
        var temporary = System.IO.Path.Combine(CreateFolder(System.IO.Path.Combine(Root, "tmp")), Guid.NewGuid().ToString("N"));
        try
        {
            var head = new byte[FileKind.SignatureLength];
            var headLength = 0;
            long size = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = OpenNew(temporary))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > _options.MaxBytes)
                    {
                        return ValidationFailed.Single("file", Texts.T("is larger than {0} MB", _options.MaxBytes / (1024 * 1024)));
                    }
                    var take = Math.Min(read, head.Length - headLength);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                await file.FlushAsync(ct);
            }
            if (size == 0)
            {
                return ValidationFailed.Single("file", Texts.T("is empty"));
            }
            var actual = FileKind.Sniff(head.AsSpan(0, headLength));
            if (actual is null)
            {
                return ValidationFailed.Single("file", Texts.T("is not a PDF, JPEG or PNG file (judged by its content)"));
            }
            if (actual != declared)
            {
                return ValidationFailed.Single("file", Texts.T("is declared as {0} but its content is {1}", declared, actual));
            }
            var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            var target = PathOf(sha);
            CreateFolder(System.IO.Path.GetDirectoryName(target)!);
            if (File.Exists(target))
            {
                File.Delete(temporary);
            }
            else
            {
                File.Move(temporary, target, overwrite: true);
            }
            return new StoredFile(sha, actual, size);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>The stored file with this address, or null.</summary>
    public Stream? OpenRead(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }
        var path = PathOf(sha256);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    private string PathOf(string sha256) => System.IO.Path.Combine(Root, sha256[..2], sha256);

    private static FileStream OpenNew(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(path, options);
    }

    private static string CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }
}
