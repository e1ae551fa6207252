using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneWindow.Common;
using OneWindow.Identity;
using OneWindow.Ledger;
using OneWindow.Security;

namespace OneWindow.DataSharing;

/// <summary>
/// Once-only (免填单、免提交): what a person's application can take from their own shared data instead of
/// having it typed or uploaded. The application engine says what it needs — a form field from an item's field,
/// or a material an item's record stands for — and which units handle the matter; here each need is matched
/// to a grant those units hold for the application's purpose (<see cref="OffersAsync"/>, which reads nothing,
/// for the preview), and only after the person agrees are the records read, each read recorded like any other
/// (<see cref="ConsentAsync"/>). The consent is kept and recorded in the ledger before the first read; the
/// application it is used for is recorded on it (<see cref="UseAsync"/>), once.
/// </summary>
public sealed class OnceOnly(SubjectKeys keys, DataReadRecorder recorder, LedgerWriter ledger, KeyEncryption encryption, IServiceScopeFactory scopes, Storage.SqliteWriteGate gate, TimeProvider clock)
{
    private readonly byte[] _digestKey = encryption.Derive("shared-data-consent");

    /// <summary>
    /// A value the application wants: for <paramref name="Use"/> (a form field's name, or a material as
    /// <c>material:ITEM:code</c>), field <paramref name="Field"/> of the applicant's record of shared item
    /// <paramref name="Item"/> — or, with no field, the record as a whole (a material it stands for) — readable by
    /// any unit of <paramref name="Readers"/> (those handling the items the value goes to).
    /// </summary>
    public sealed record Need(string Use, string Item, string? Field, IReadOnlyList<Guid> Readers);

    /// <summary>One read that would be made: <see cref="Fields"/> of <see cref="Item"/> by unit <see cref="UnitId"/> under <see cref="Grant"/>, serving <see cref="Uses"/>.</summary>
    public sealed record Offer(SharedDataItem Item, Guid UnitId, DataGrant Grant, IReadOnlyList<string> Fields, IReadOnlyList<Need> Uses);

    /// <summary>The consent, the values read for each use (as the record holds them), and the items for which no record was found.</summary>
    public sealed record Consented(DataConsent Consent, IReadOnlyDictionary<string, string> Values, IReadOnlyList<Offer> Offers, IReadOnlyList<string> NotOnRecord);

    /// <summary>What an application took from a consent: the form fields whose values came unchanged from shared data (field → item), and the items whose records were read (materials they stand for need not be given).</summary>
    public sealed record Used(Guid ConsentId, IReadOnlyDictionary<string, string> Prefilled, IReadOnlyList<ConsentRead> Reads);

    /// <summary>The subject the person's own records are kept under: a resident's identity number, an organisation's credit code.</summary>
    public static string? SubjectOf(Account person, DataSubjectKind kind)
    {
        ArgumentNullException.ThrowIfNull(person);
        return kind == DataSubjectKind.Resident
            ? person.Kind == AccountKind.Resident ? person.IdNumber : null
            : person.IsOrganisation ? person.CreditCode : null;
    }

    /// <summary>
    /// The reads that would serve <paramref name="needs"/> for <paramref name="person"/>: per item, the fewest
    /// grants (approved, unexpired, for <paramref name="purpose"/>, held by a reader of the need) covering the most
    /// needs. Reads nothing from the records. Needs no grant covers are left out: they are typed or uploaded.
    /// </summary>
    public async Task<List<Offer>> OffersAsync(Account person, IReadOnlyList<Need> needs, string purpose, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(needs);
        var now = clock.GetUtcNow();
        var codes = needs.Select(n => n.Item).Distinct(StringComparer.Ordinal).ToList();
        var items = (await db.SharedDataItems.AsNoTracking().Where(i => codes.Contains(i.Code)).ToListAsync(ct))
            .Where(i => SubjectOf(person, i.Subject) is not null).ToDictionary(i => i.Code, StringComparer.Ordinal);
        var readers = needs.SelectMany(n => n.Readers).Distinct().ToList();
        var known = items.Keys.ToList();
        var grants = (await db.DataGrants.AsNoTracking().Where(g => known.Contains(g.ItemCode) && readers.Contains(g.ConsumerUnitId) && g.State == GrantState.Approved && g.Purpose == purpose).ToListAsync(ct))
            .Where(g => g.Refuses(purpose, g.Fields, now) is null).OrderByDescending(g => g.ExpiresAt).ThenBy(g => g.Id).ToList();
        var offers = new List<Offer>();
        foreach (var item in items.Values.OrderBy(i => i.Code, StringComparer.Ordinal))
        {
            var open = needs.Where(n => n.Item == item.Code && (n.Field is null || item.Fields.Any(f => f.Name == n.Field))).ToList();
            var usable = grants.Where(g => g.ItemCode == item.Code).ToList();
            while (open.Count > 0)
            {
                var best = usable.Select(g => (Grant: g, Served: open.Where(n => Serves(g, n)).ToList())).OrderByDescending(c => c.Served.Count).FirstOrDefault();
                if (best.Grant is null || best.Served.Count == 0)
                {
                    break;
                }
                usable.Remove(best.Grant);
                open.RemoveAll(best.Served.Contains);
                // A material stands in for the whole record as the unit may read it; a field needs only itself.
                var fields = best.Served.Any(n => n.Field is null) ? best.Grant.Fields : [.. best.Served.Select(n => n.Field!).Distinct(StringComparer.Ordinal)];
                offers.Add(new Offer(item, best.Grant.ConsumerUnitId, best.Grant, fields, best.Served));
            }
        }
        return offers;
    }

    private static bool Serves(DataGrant grant, Need need) =>
        need.Readers.Contains(grant.ConsumerUnitId) && (need.Field is null || grant.Fields.Contains(need.Field, StringComparer.Ordinal));

    /// <summary>
    /// The person agrees: the consent is recorded (and staged in the ledger) first, then each offered read is made
    /// for its unit under its grant — recorded in the person's data log and the ledger like any read — and the
    /// values are returned. <paramref name="fit"/> turns a record's value into the form's value for a use (a
    /// choice's code), or null when it does not fit; only fitting values are returned and remembered.
    /// </summary>
    public async Task<Outcome<Consented>> ConsentAsync(Account person, string code, string purpose, IReadOnlyList<Need> needs, Func<string, string, string?> fit, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(fit);
        if (person.Kind == AccountKind.Staff)
        {
            return new Forbidden(Texts.T("Only the person the data is about agrees to its use"));
        }
        var offers = await OffersAsync(person, needs, purpose, db, ct);
        if (offers.Count == 0)
        {
            return new StateConflict(Texts.T("None of the data this application could use is shared with the units handling it; fill in the form yourself"));
        }
        var now = clock.GetUtcNow();
        var subjectKind = offers[0].Item.Subject;
        var who = keys.Of(subjectKind, SubjectOf(person, subjectKind)!);
        var consentId = Guid.CreateVersion7();
        var consent = new DataConsent
        {
            Id = consentId, PersonId = person.Id, Code = code, Purpose = purpose, GivenAt = now, ExpiresAt = now + DataConsent.Lifetime,
            LedgerLeafHash = LedgerOutbox.Stage(db, LedgerEvent.Create("data.consent", $"consent:{who}", $"person:{who}", now, new
            {
                consent = consentId,
                purpose,
                reads = offers.Select(o => new { item = o.Item.Code, unit = o.UnitId, grant = o.Grant.Id, fields = o.Fields }),
            })),
        };
        db.DataConsents.Add(consent);
        await SaveAsync(db, ct); // the consent is on record before anything is read
        ledger.Wake();

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var notOnRecord = new List<string>();
        var reads = new List<ConsentRead>();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        // The reads go at once, each in its own unit of work, so the read recorder commits them together.
        var results = await Task.WhenAll(offers.Select(async offer =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var own = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            return await ReadRecord.ForUnitAsync(offer.UnitId, Guid.Empty, offer.Item, SubjectOf(person, offer.Item.Subject)!, purpose, [.. offer.Fields], own, keys, recorder, clock, ct);
        }));
        for (var i = 0; i < offers.Count; i++)
        {
            var (offer, read) = (offers[i], results[i]);
            if (!read.Succeeded)
            {
                if (!notOnRecord.Contains(offer.Item.Code))
                {
                    notOnRecord.Add(offer.Item.Code);
                }
                continue;
            }
            reads.Add(new ConsentRead(offer.Item.Code, read.Value!.Version, offer.UnitId, offer.Grant.Id, read.Value.ReadId, [.. offer.Fields]));
            foreach (var need in offer.Uses.Where(n => n.Field is not null))
            {
                var value = Text(read.Value.Data[need.Field!]);
                var given = value is null ? null : fit(need.Use, value);
                if (given is not null)
                {
                    values[need.Use] = given;
                    sources[need.Use] = offer.Item.Code;
                }
            }
        }
        consent.Reads = reads;
        consent.Sources = sources;
        consent.Digests = values.ToDictionary(v => v.Key, v => Digest(consent.Id, v.Key, v.Value), StringComparer.Ordinal);
        await SaveAsync(db, ct);
        return new Consented(consent, values, offers, notOnRecord);
    }

    /// <summary>
    /// An application of <paramref name="person"/> for <paramref name="code"/> takes consent <paramref name="consentId"/>:
    /// it must be theirs, for that matter, unexpired and unused. Returns the fields whose submitted values are the ones
    /// read (a changed answer is the person's own) and the reads; the consent is marked used by the caller's save, and
    /// of two applications saved with it at once one fails on its version.
    /// </summary>
    public async Task<Outcome<Used>> UseAsync(Account person, Guid consentId, string code, Guid applicationId, IReadOnlyDictionary<string, string> form, OneWindowDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(form);
        var consent = await db.DataConsents.FirstOrDefaultAsync(c => c.Id == consentId && c.PersonId == person.Id, ct);
        var now = clock.GetUtcNow();
        if (consent is null || consent.Code != code)
        {
            return ValidationFailed.Single("consentId", Texts.T("is not a pre-fill you agreed to for this application"));
        }
        if (consent.UsedFor is { } used)
        {
            return new StateConflict(Texts.T("This pre-fill was already used for application {0}; pre-fill again for a new application", used));
        }
        if (consent.ExpiresAt <= now)
        {
            return ValidationFailed.Single("consentId", Texts.T("has expired; pre-fill again or fill in the form yourself"));
        }
        consent.Use(applicationId, now);
        var prefilled = consent.Digests
            .Where(d => form.TryGetValue(d.Key, out var value) && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Digest(consent.Id, d.Key, value)), Encoding.ASCII.GetBytes(d.Value)))
            .ToDictionary(d => d.Key, d => consent.Sources[d.Key], StringComparer.Ordinal);
        return new Used(consent.Id, prefilled, consent.Reads);
    }

    /// <summary>Saves in turn with this process's other SQLite writers (the ledger, the read recorder), never meeting SQLITE_BUSY and its 150 ms retry sleep.</summary>
    private async Task SaveAsync(OneWindowDb db, CancellationToken ct)
    {
        using var turn = await gate.EnterAsync(db.Database.IsSqlite(), ct);
        await db.SaveChangesAsync(ct);
    }

    private string Digest(Guid consent, string use, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_digestKey, Encoding.UTF8.GetBytes($"{consent:N}\n{use}\n{value}")));

    private static string? Text(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => node.ToJsonString(),
        _ => null,
    };
}
