using System.Globalization;
using OneWindow.Common;
using OneWindow.Formats;

namespace OneWindow.Identity;

/// <summary>
/// Says what an 18-character identifier is — a resident identity card number, a residence permit of a
/// Hong Kong, Macao or Taiwan resident, a foreign permanent resident ID card, or a unified social credit
/// code — and whether it is valid, naming the rule that failed. Shared by the CLI and the API.
/// </summary>
public static class IdentifierCheck
{
    public sealed record Verdict(string Kind, bool Valid, string? Reason, string? Rule, string? Region, string? BirthDate, string? Sex, string? Nationality = null);

    public const string Enterprise = "enterprise";

    public static string KindName(IdNumberKind kind) => EnumText.Of(kind);

    /// <summary>
    /// Chooses the kind by shape: 17 digits then a digit or X reads as an identity number (unless it is
    /// a valid all-digit credit code); anything else of 18 characters as a credit code.
    /// </summary>
    public static Verdict Check(string? raw, DateOnly today)
    {
        var value = (raw ?? "").Trim().ToUpperInvariant();
        if (value.Length != 18)
        {
            return new Verdict("unknown", false, Texts.T("must be 18 characters, got {0}", value.Length), "length", null, null, null);
        }
        var code = UnifiedSocialCreditCode.Parse(value);
        if (value[..17].All(char.IsAsciiDigit))
        {
            var person = ResidentIdNumber.Parse(value, today);
            if (person.Value is { } id)
            {
                var birth = id.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return new Verdict(KindName(id.Kind), true, null, null, id.RegionCode, birth, id.Sex == Sex.Male ? "male" : "female", id.NationalityCode);
            }
            if (!code.IsValid)
            {
                var kind = value[0] == '9' ? IdNumberKind.ForeignPermanentResidentIdCard
                    : value[..6] is "810000" or "820000" or "830000" ? IdNumberKind.HongKongMacaoTaiwanResidencePermit
                    : IdNumberKind.ResidentIdentityCard;
                return new Verdict(KindName(kind), false, person.Reason, person.Rule, null, null, null);
            }
        }
        return code.Value is { } valid
            ? new Verdict(Enterprise, true, null, null, valid.DivisionCode, null, null)
            : new Verdict(Enterprise, false, code.Reason, code.Rule, null, null, null);
    }
}
