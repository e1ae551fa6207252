using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using OneWindow.Certificates;
using OneWindow.Common;

namespace OneWindow.Cli.Commands;

/// <summary><c>onewindow cert verify &lt;file.pdf|file.jwt&gt; --jwks &lt;file|url&gt;</c>: checks a certificate without the platform's database.</summary>
public static class CertCommands
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The certificate: its PDF, or the .jwt token." };
        var jwks = new Option<string>("--jwks") { Description = "The platform's published keys: a JWKS file, or its URL (…/.well-known/jwks.json).", Required = true };
        var offline = new Option<bool>("--offline") { Description = "Do not fetch the revocation status list (the verdict then says revocation was not checked)." };
        var verify = new Command("verify", "Verify a certificate's seal signature, identifier, validity and revocation. Exit 0 only when valid.") { file, jwks, offline };
        verify.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CliException($"no such file: {path.FullName}");
            }
            if (path.Length > 5 * 1024 * 1024)
            {
                throw new CliException("the file is larger than 5 MB; a certificate is much smaller");
            }
            var bytes = await File.ReadAllBytesAsync(path.FullName, ct);
            var token = bytes.AsSpan().StartsWith("%PDF-"u8) ? CertificatePdf.ExtractJws(bytes) : System.Text.Encoding.UTF8.GetString(bytes).Trim();
            if (token is null)
            {
                throw new CliException("the PDF carries no OneWindow certificate");
            }
            using var http = context.CreateHttpClient();
            var source = parse.GetValue(jwks)!;
            string document;
            if (Uri.TryCreate(source, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                document = await http.GetStringAsync(url, ct);
            }
            else if (File.Exists(source))
            {
                document = await File.ReadAllTextAsync(source, ct);
            }
            else
            {
                throw new CliException($"--jwks {source} is neither a file nor an http(s) URL", CliApp.Usage);
            }
            Dictionary<string, SealKey> keys;
            try
            {
                keys = Jwks.Parse(JsonNode.Parse(document));
            }
            catch (JsonException)
            {
                throw new CliException("the JWKS is not JSON");
            }
            var useNetwork = !parse.GetValue(offline);
            var verdict = await CertificateVerifier.VerifyAsync(token,
                kid => Task.FromResult(keys.GetValueOrDefault(kid)),
                async (listUrl, index) => useNetwork ? await StatusAsync(http, listUrl, index, keys, ct) : null,
                TimeProvider.System.GetUtcNow());
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(verdict, JsonDefaults.Indented));
            return verdict.Status == VerdictStatus.Valid ? CliApp.Ok : CliApp.Failed;
        });
        return new Command("cert", "Electronic certificates.") { verify };
    }

    /// <summary>Fetches the status list credential, checks its seal signature, and reads the bit.</summary>
    private static async Task<bool?> StatusAsync(HttpClient http, string listUrl, int index, Dictionary<string, SealKey> keys, CancellationToken ct)
    {
        if (!Uri.TryCreate(listUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }
        string token;
        try
        {
            token = await http.GetStringAsync(uri, ct);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        var jws = CompactJws.Parse(token, out _);
        if (jws?.KeyId is not { } kid || !keys.TryGetValue(kid, out var key) || !OneWindow.Ledger.Ed25519.Verify(key.PublicKey, jws.SigningInput, jws.Signature))
        {
            return null;
        }
        var encoded = jws!.Payload["credentialSubject"]?["encodedList"]?.GetValue<string>();
        return encoded is null ? null : BitstringStatusList.IsSet(encoded, index);
    }
}
