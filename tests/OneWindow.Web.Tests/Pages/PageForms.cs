using System.Net;
using System.Text.RegularExpressions;

namespace OneWindow.Server.Tests.Pages;

/// <summary>Posting a page's form the way a browser does: with the antiforgery token the page carries.</summary>
public static partial class PageForms
{
    public static async Task<string> PostAsync(HttpClient client, string page, string handler, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        var html = await client.GetStringAsync(page);
        var form = fields.Append(new("__RequestVerificationToken", AntiforgeryToken().Match(html).Groups[1].Value));
        var response = await client.PostAsync($"{page}{(page.Contains('?', StringComparison.Ordinal) ? '&' : '?')}handler={handler}", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>The same post, answered as it is (a redirect after a change, the page again with its errors).</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string page, string handler, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        var html = await client.GetStringAsync(page);
        var form = fields.Append(new("__RequestVerificationToken", AntiforgeryToken().Match(html).Groups[1].Value));
        return await client.PostAsync($"{page}{(page.Contains('?', StringComparison.Ordinal) ? '&' : '?')}handler={handler}", new FormUrlEncodedContent(form));
    }

    /// <summary>The same post as a form with a file (multipart), as a browser sends an upload; the file goes as <c>image</c>.</summary>
    public static async Task<HttpResponseMessage> SendMultipartAsync(HttpClient client, string page, string handler, List<KeyValuePair<string, string>> fields, byte[]? file = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        var html = await client.GetStringAsync(page);
        using var form = new MultipartFormDataContent { { new StringContent(AntiforgeryToken().Match(html).Groups[1].Value), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            form.Add(content, "image", "image.png");
        }
        return await client.PostAsync($"{page}{(page.Contains('?', StringComparison.Ordinal) ? '&' : '?')}handler={handler}", form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
