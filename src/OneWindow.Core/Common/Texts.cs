using System.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace OneWindow.Common;

/// <summary>
/// The messages the core gives people (validation errors, why something is refused), in the current UI culture:
/// Chinese from <c>Resources/Messages.resx</c> (the neutral language), English from <c>Resources/Messages.en.resx</c>,
/// through ASP.NET Core's <see cref="IStringLocalizer"/>. The key is the English message, placeholders as in
/// <see cref="string.Format(string, object?[])"/>. A host sets the culture per request (the server: the page's
/// culture, or Accept-Language for the API); elsewhere it is the process's, and the neutral language is Chinese.
/// </summary>
public static class Texts
{
    private const string BaseName = "OneWindow.Resources.Messages";

    private static readonly ResourceManagerStringLocalizer Localizer = new(
        new ResourceManager(BaseName, typeof(Texts).Assembly), typeof(Texts).Assembly, BaseName, new ResourceNamesCache(), NullLogger.Instance);

    /// <summary>The message under <paramref name="key"/> (its English text), its placeholders filled with <paramref name="args"/>.</summary>
    public static string T(string key, params object[] args) => args.Length == 0 ? Localizer[key] : Localizer[key, args];
}
