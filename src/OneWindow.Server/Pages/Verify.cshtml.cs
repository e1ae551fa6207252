using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneWindow.Certificates;
using OneWindow.Server.Infrastructure;

namespace OneWindow.Server.Pages;

/// <summary>The public verification page: a QR link or typed number and code (?id=&amp;code=), a pasted token, or an uploaded PDF.</summary>
[IgnoreAntiforgeryToken]
[RequestSizeLimit(5 * 1024 * 1024)]
public sealed class VerifyModel(VerifyCertificate verifier) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>The certificate number, from the QR link or typed in.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    /// <summary>The verification code printed on the certificate.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public IFormFile? Pdf { get; set; }

    public Verdict? Verdict { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Id) || !string.IsNullOrWhiteSpace(Code))
        {
            await ByCodeAsync(ct);
        }
        else if (!string.IsNullOrWhiteSpace(Token))
        {
            Verdict = await verifier.VerifyAsync(Token, ct); // links on certificates issued before verification codes
        }
    }

    private async Task ByCodeAsync(CancellationToken ct)
    {
        Verdict = await verifier.VerifyByCodeAsync(Id, Code, ct);
        if (Verdict is null)
        {
            Error = Ui.T("没有与该证照编号和核验码相符的证明。请核对证明底部印制的编号和核验码。");
        }
    }

    public async Task OnPostAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Id) && !string.IsNullOrWhiteSpace(Code) && Pdf is null && string.IsNullOrWhiteSpace(Token))
        {
            await ByCodeAsync(ct);
            return;
        }
        var token = Token;
        if (Pdf is { Length: > 0 })
        {
            if (Pdf.Length > 5 * 1024 * 1024)
            {
                Error = Ui.T("文件超过 5 MB。");
                return;
            }
            using var buffer = new MemoryStream();
            await Pdf.CopyToAsync(buffer, ct);
            token = CertificatePdf.ExtractJws(buffer.ToArray());
            if (token is null)
            {
                Error = Ui.T("该文件不是一窗通办出具的电子证明。");
                return;
            }
        }
        if (string.IsNullOrWhiteSpace(token))
        {
            Error = Ui.T("请粘贴证明数据或上传 PDF。");
            return;
        }
        Verdict = await verifier.VerifyAsync(token, ct);
    }
}
