using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace OneWindow.Server;

/// <summary>Names the resource files of the texts people see (<c>Resources/Text.resx</c>, <c>Resources/Text.en.resx</c>); see <see cref="Infrastructure.Ui"/>.</summary>
public sealed class Text
{
    private Text()
    {
    }
}
