using OneWindow.Common;

namespace OneWindow.Identity;

/// <summary>Mainland mobile numbers: 11 digits starting 13–19.</summary>
public static class PhoneNumber
{
    public static string Rule => Texts.T("must be an 11-digit mobile number starting with 13-19");

    public static bool IsValid(string phone) =>
        phone.Length == 11 && phone[0] == '1' && phone[1] is >= '3' and <= '9' && phone.All(char.IsAsciiDigit);
}
