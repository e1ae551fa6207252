using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace OneWindow.Server.Tests.Pages;

/// <summary>
/// Reads a page's form as a browser submits it (HTML's "successful controls"): text inputs and textareas with their
/// values, ticked checkboxes, each select's chosen options (a single select without one sends its first), nothing
/// disabled and no buttons. A test changes some values and posts the rest as the page drew them.
/// </summary>
public static class HtmlForms
{
    public static List<KeyValuePair<string, string>> Collect(string html, Func<IHtmlFormElement, bool> which)
    {
        var document = new HtmlParser().ParseDocument(html);
        var form = document.Forms.First(which);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !input.IsDisabled && input.Name is { Length: > 0 } name:
                    if (input.Type is "checkbox" or "radio")
                    {
                        if (input.IsChecked)
                        {
                            fields.Add(new(name, input.Value));
                        }
                    }
                    else if (input.Type is not ("submit" or "button" or "file" or "image" or "reset"))
                    {
                        fields.Add(new(name, input.Value));
                    }
                    break;
                case IHtmlTextAreaElement area when !area.IsDisabled && area.Name is { Length: > 0 } name:
                    fields.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement select when !select.IsDisabled && select.Name is { Length: > 0 } name:
                    var chosen = select.Options.Where(o => o.IsSelected).ToList();
                    if (chosen.Count == 0 && !select.IsMultiple && select.Options.Length > 0)
                    {
                        chosen.Add(select.Options[0]);
                    }
                    fields.AddRange(chosen.Select(o => new KeyValuePair<string, string>(name, o.Value)));
                    break;
                default:
                    break;
            }
        }
        return fields;
    }

    /// <summary>The form that has a button with this action.</summary>
    public static List<KeyValuePair<string, string>> WithAction(string html, string action) =>
        Collect(html, f => f.QuerySelector($"button[name=action][value={action}]") is not null);

    /// <summary>The fields with <paramref name="name"/> replaced by <paramref name="value"/> (added when absent).</summary>
    public static List<KeyValuePair<string, string>> Set(this List<KeyValuePair<string, string>> fields, string name, string value)
    {
        var changed = fields.Where(f => f.Key != name).ToList();
        changed.Add(new(name, value));
        return changed;
    }

    public static string Get(this List<KeyValuePair<string, string>> fields, string name) => fields.Single(f => f.Key == name).Value;
}
