using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneWindow.Ledger;
using OneWindow.Testing;

namespace OneWindow.Server.Tests.Ledger;

public abstract class LedgerApiTests(OneWindowApp app)
{
    [Fact]
    public async Task Concurrent_appends_are_gap_free_and_every_proof_verifies_against_the_signed_head()
    {
        using var client = app.Client();
        var appended = await LedgerTestKit.AppendAsync(app, 300);
        var key = await LedgerTestKit.LogKeyAsync(client);

        var (size, root, timestamp, signature) = await LedgerTestKit.SthAsync(client);

        var indices = appended.Select(a => a.Index).ToList();
        Assert.Equal(indices.Distinct().Count(), indices.Count);
        Assert.Equal(indices.Max() - indices.Min() + 1, indices.Count);
        Assert.True(size > indices.Max());
        Assert.True(new TreeHead(size, timestamp, root).Verify(key.PublicKey, signature));
        foreach (var entry in appended.Where((_, i) => i % 7 == 0))
        {
            var proof = await client.GetFromJsonAsync<JsonElement>($"/api/ledger/proof-by-hash?hash={Uri.EscapeDataString(Convert.ToBase64String(entry.LeafHash))}&tree_size={size}");
            var path = proof.GetProperty("audit_path").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!)).ToList();
            Assert.Equal(entry.Index, proof.GetProperty("leaf_index").GetInt64());
            Assert.True(Merkle.VerifyInclusion(entry.Index, size, entry.LeafHash, path, root));
        }
    }

    [Fact]
    public async Task Consistency_proofs_link_an_earlier_head_to_a_later_one()
    {
        using var client = app.Client();
        await LedgerTestKit.AppendAsync(app, 37);
        var (firstSize, firstRoot, _, _) = await LedgerTestKit.SthAsync(client);
        await LedgerTestKit.AppendAsync(app, 50);
        var (secondSize, secondRoot, _, _) = await LedgerTestKit.SthAsync(client);

        var proof = await client.GetFromJsonAsync<JsonElement>($"/api/ledger/sth-consistency?first={firstSize}&second={secondSize}");

        var hashes = proof.GetProperty("consistency").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!)).ToList();
        Assert.True(Merkle.VerifyConsistency(firstSize, secondSize, firstRoot, secondRoot, hashes));
        Assert.False(Merkle.VerifyConsistency(firstSize, secondSize, secondRoot, secondRoot, hashes));
    }

    [Fact]
    public async Task Entries_come_in_bounded_pages_with_their_decoded_events()
    {
        using var client = app.Client();
        await LedgerTestKit.AppendAsync(app, 120, writers: 4);

        var page = await client.GetFromJsonAsync<JsonElement>("/api/ledger/entries?start=0&end=100000");

        var entries = page.GetProperty("entries");
        Assert.Equal(100, entries.GetArrayLength()); // the test app's page limit
        var first = entries[0];
        var input = Convert.FromBase64String(first.GetProperty("leaf_input").GetString()!);
        Assert.Equal(Convert.ToBase64String(Merkle.LeafHash(input)), first.GetProperty("leaf_hash").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("event").GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("/api/ledger/sth-consistency?first=5&second=2", "first")]
    [InlineData("/api/ledger/sth-consistency?first=0&second=2", "first")]
    [InlineData("/api/ledger/sth-consistency?first=1&second=999999999", "second")]
    [InlineData("/api/ledger/proof-by-hash?hash=AAAA&tree_size=1", "hash")]
    [InlineData("/api/ledger/proof-by-hash?hash=47DEQpj8HBSa%2B%2FTImW%2B5JCeuQeRkm5NMpJWZG3hSuFU%3D&tree_size=1", "hash")]
    [InlineData("/api/ledger/proof-by-hash?hash=47DEQpj8HBSa%2B%2FTImW%2B5JCeuQeRkm5NMpJWZG3hSuFU%3D&tree_size=999999999", "tree_size")]
    [InlineData("/api/ledger/proof-by-index?index=999999999&tree_size=1", "index")]
    [InlineData("/api/ledger/entries?start=999999999&end=1000000000", "start")]
    [InlineData("/api/ledger/entries?start=3&end=1", "end")]
    public async Task Bad_parameters_are_400_problems(string url, string field)
    {
        using var client = app.Client();
        await LedgerTestKit.AppendAsync(app, 8, writers: 2);

        await ProblemAssert.HasFieldErrorAsync(await client.GetAsync(url), field);
    }

    [Fact]
    public async Task The_checkpoint_is_a_signed_note_the_public_key_verifies()
    {
        using var client = app.Client();
        await LedgerTestKit.AppendAsync(app, 3, writers: 1);
        var key = await LedgerTestKit.LogKeyAsync(client);

        var response = await client.GetAsync("/api/ledger/checkpoint");
        var parsed = Checkpoint.Parse(await response.Content.ReadAsStringAsync())!.Value;

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(parsed.Checkpoint.VerifyLogSignature(key, parsed.Signatures[0]));
    }

    [Fact]
    public async Task Only_registered_witnesses_cosignatures_are_accepted()
    {
        using var admin = await app.SignedInAsync("admin");
        using var clerk = await app.SignedInAsync("village-clerk");
        await LedgerTestKit.AppendAsync(app, 5, writers: 1);
        var pair = Ed25519.Generate();
        var name = $"witness-{Guid.NewGuid():N}"[..20] + ".example/w";
        var witness = new NoteKey(name, NoteKey.Ed25519Cosignature, pair.PublicKey);
        var stranger = Ed25519.Generate();

        var byClerk = await clerk.PostAsJsonAsync("/api/ledger/witnesses", new { name, verifierKey = witness.ToVerifierKey() });
        var registered = await admin.PostAsJsonAsync("/api/ledger/witnesses", new { name, verifierKey = witness.ToVerifierKey() });
        var note = await admin.GetStringAsync("/api/ledger/checkpoint");
        var parsed = Checkpoint.Parse(note)!.Value;
        var good = parsed.Checkpoint.ToNote([parsed.Signatures[0], parsed.Checkpoint.Cosign(witness, pair.PrivateKey, 1_800_000_000)]);
        var forged = parsed.Checkpoint.ToNote([parsed.Signatures[0], parsed.Checkpoint.Cosign(witness, stranger.PrivateKey, 1_800_000_000)]);
        var unknown = (parsed.Checkpoint with { Size = parsed.Checkpoint.Size + 1000 }).ToNote([parsed.Checkpoint.Cosign(witness, pair.PrivateKey, 1)]);

        await ProblemAssert.IsProblemAsync(byClerk, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/ledger/cosignatures", new StringContent(good))).StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/ledger/cosignatures", new StringContent(forged)), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/ledger/cosignatures", new StringContent(unknown)), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/ledger/cosignatures", new StringContent("garbage")), HttpStatusCode.BadRequest);
        var served = Checkpoint.Parse(await admin.GetStringAsync("/api/ledger/checkpoint"))!.Value;
        Assert.Equal(1, Witnesses.CountValid(served.Checkpoint, served.Signatures, [witness]));
    }

    [Fact]
    public async Task The_log_key_is_stored_encrypted()
    {
        using var client = app.Client();
        var key = await LedgerTestKit.LogKeyAsync(client);

        var stored = await app.WithDbAsync(db => Task.FromResult(db.LedgerKeys.Single()));

        Assert.Equal(key.PublicKey, stored.PublicKey);
        Assert.Equal(1 + 12 + 16 + 32, stored.EncryptedPrivateKey.Length);
        var signer = new OneWindow.Security.KeyEncryption(Convert.FromBase64String(app.MasterKey)).Unwrap(stored.EncryptedPrivateKey, "onewindow/ledger-key");
        Assert.Equal(key.PublicKey, Ed25519.PublicKeyOf(signer));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() =>
            new OneWindow.Security.KeyEncryption(new byte[32]).Unwrap(stored.EncryptedPrivateKey, "onewindow/ledger-key"));
    }
}

public sealed class LedgerApiTestsOnSqlite(SqliteApp app) : LedgerApiTests(app), IClassFixture<SqliteApp>;

public sealed class LedgerApiTestsOnPostgres(PostgresApp app) : LedgerApiTests(app), IClassFixture<PostgresApp>;
