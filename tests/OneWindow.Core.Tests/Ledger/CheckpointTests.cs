using OneWindow.Ledger;

namespace OneWindow.Core.Tests.Ledger;

public sealed class CheckpointTests
{
    private static readonly Ed25519.KeyPair s_log = Ed25519.Generate();
    private static readonly Ed25519.KeyPair s_witness = Ed25519.Generate();

    [Fact]
    public void A_signed_checkpoint_round_trips_and_verifies()
    {
        var key = new NoteKey("onewindow.example/log", NoteKey.Ed25519Note, s_log.PublicKey);
        using var signer = new Ed25519.Signer(s_log.PrivateKey);
        var checkpoint = new Checkpoint("onewindow.example/log", 42, Merkle.LeafHash([1, 2, 3]));

        var note = checkpoint.ToNote([checkpoint.SignAsLog(key, signer)]);
        var parsed = Checkpoint.Parse(note)!.Value;

        Assert.StartsWith("onewindow.example/log\n42\n", note, StringComparison.Ordinal);
        Assert.Equal(checkpoint.Body, parsed.Checkpoint.Body);
        Assert.True(parsed.Checkpoint.VerifyLogSignature(key, parsed.Signatures[0]));
        Assert.False((parsed.Checkpoint with { Size = 43 }).VerifyLogSignature(key, parsed.Signatures[0]));
    }

    [Fact]
    public void A_witness_cosignature_verifies_only_for_its_key_and_checkpoint()
    {
        var witness = new NoteKey("health.example/witness", NoteKey.Ed25519Cosignature, s_witness.PublicKey);
        var other = new NoteKey("health.example/witness", NoteKey.Ed25519Cosignature, Ed25519.Generate().PublicKey);
        var checkpoint = new Checkpoint("onewindow.example/log", 7, Merkle.LeafHash([9]));

        var cosignature = checkpoint.Cosign(witness, s_witness.PrivateKey, 1_700_000_000);

        Assert.Equal(1_700_000_000, checkpoint.VerifyCosignature(witness, cosignature));
        Assert.Null(checkpoint.VerifyCosignature(other, cosignature));
        Assert.Null((checkpoint with { Size = 8 }).VerifyCosignature(witness, cosignature));
    }

    [Fact]
    public void Verifier_keys_round_trip_and_reject_a_wrong_key_id()
    {
        var key = new NoteKey("police.example/w1", NoteKey.Ed25519Cosignature, s_witness.PublicKey);
        var text = key.ToVerifierKey();

        Assert.Equal(key.KeyId(), NoteKey.ParseVerifierKey(text)!.KeyId());
        Assert.Null(NoteKey.ParseVerifierKey("police.example/w1+00000000+" + text.Split('+')[2]));
        Assert.Null(NoteKey.ParseVerifierKey("not a key"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("origin\n12\n")]
    [InlineData("origin\nx\nAAAA\n\n")]
    [InlineData("origin\n012\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n")]
    [InlineData("origin\n12\nnot-base64\n\n")]
    public void Malformed_notes_are_rejected(string note)
    {
        Assert.Null(Checkpoint.Parse(note));
    }

    [Fact]
    public void A_tree_head_signature_is_an_rfc_6962_digitally_signed_struct()
    {
        using var signer = new Ed25519.Signer(s_log.PrivateKey);
        var head = new TreeHead(10, 1_700_000_000_000, Merkle.LeafHash([4]));

        var signature = head.Sign(signer);

        Assert.Equal([8, 7, 0, 64], signature[..4]);
        Assert.True(head.Verify(s_log.PublicKey, signature));
        Assert.False((head with { TreeSize = 11 }).Verify(s_log.PublicKey, signature));
    }
}
