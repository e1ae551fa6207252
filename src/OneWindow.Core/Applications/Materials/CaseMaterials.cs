using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneWindow.Catalog;
using OneWindow.Certificates;
using OneWindow.Common;
using OneWindow.Identity;

namespace OneWindow.Applications;

/// <summary>
/// Materials of a case: the applicant adds them — an uploaded PDF, JPEG or PNG, or an issued certificate
/// that proves the material — to an item of the case while it is being handled; staff of a unit see the
/// materials of the items their unit handles in it, and nobody else sees any (an unknown case and someone
/// else's look the same: 404).
/// </summary>
public sealed class CaseMaterials(OneWindowDb db, MaterialStore store, IOptions<MaterialOptions> options, TimeProvider clock)
{
    public sealed record CertificateRequest(string? ItemCode, string? MaterialCode, Guid? CertificateId);

    /// <summary>The applicant uploads a file for a material of one of the case's items.</summary>
    public async Task<Outcome<ApplicationMaterial>> UploadAsync(Account actor, Guid caseId, string? itemCode, string? materialCode, string? fileName, string? contentType, Stream body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var target = await TargetAsync(actor, caseId, itemCode, materialCode, ct);
        if (!target.Succeeded)
        {
            return target.Failure!;
        }
        var name = CleanFileName(fileName);
        if (name is null)
        {
            return ValidationFailed.Single("fileName", Texts.T("must be a plain file name of at most {0} characters", ApplicationMaterial.MaxFileNameLength));
        }
        var stored = await store.PutAsync(body, contentType, ct);
        if (!stored.Succeeded)
        {
            return stored.Failure!;
        }
        var file = stored.Value!;
        return await AddAsync(new ApplicationMaterial
        {
            ApplicationId = caseId,
            ItemCode = itemCode!,
            MaterialCode = materialCode!,
            Source = MaterialSource.Upload,
            FileName = name,
            ContentType = file.ContentType,
            Size = file.Size,
            Sha256 = file.Sha256,
            AddedBy = actor.Id,
            AddedAt = clock.GetUtcNow(),
        }, ct);
    }

    /// <summary>
    /// The applicant gives a certificate instead of a file, where the catalog says the material is proved by
    /// a certificate of that type: it must be theirs, of that type, unrevoked and still valid.
    /// </summary>
    public async Task<Outcome<ApplicationMaterial>> UseCertificateAsync(Account actor, Guid caseId, CertificateRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var target = await TargetAsync(actor, caseId, request.ItemCode, request.MaterialCode, ct);
        if (!target.Succeeded)
        {
            return target.Failure!;
        }
        var material = target.Value!;
        if (material.Certificate is null)
        {
            return ValidationFailed.Single("materialCode", Texts.T("{0} is not proved by a certificate; upload it", material.Name));
        }
        var now = clock.GetUtcNow();
        var certificate = request.CertificateId is { } id
            ? await CertificateQueries.HeldAsync(db, id, actor.Id, ct)
            : null;
        if (certificate is null)
        {
            return ValidationFailed.Single("certificateId", Texts.T("is not a certificate issued to you"));
        }
        if (certificate.CertificateType != material.Certificate)
        {
            return ValidationFailed.Single("certificateId", Texts.T("is not the kind of certificate {0} needs", material.Name));
        }
        if (certificate.RevokedAt is not null || certificate.ValidUntil <= now)
        {
            return ValidationFailed.Single("certificateId", Texts.T("is revoked or no longer valid"));
        }
        return await AddAsync(new ApplicationMaterial
        {
            ApplicationId = caseId,
            ItemCode = request.ItemCode!,
            MaterialCode = request.MaterialCode!,
            Source = MaterialSource.Certificate,
            CertificateId = certificate.Id,
            AddedBy = actor.Id,
            AddedAt = now,
        }, ct);
    }

    /// <summary>The materials <paramref name="actor"/> may see in the case: all of them for its applicant, those of its unit's items for staff.</summary>
    public async Task<Outcome<IReadOnlyList<ApplicationMaterial>>> ListAsync(Account actor, Guid caseId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var items = await VisibleItemsAsync(actor, caseId, ct);
        if (items is null)
        {
            return new Missing("Case");
        }
        var materials = await db.ApplicationMaterials.AsNoTracking()
            .Where(m => m.ApplicationId == caseId && items.Contains(m.ItemCode))
            .OrderBy(m => m.Id)
            .ToListAsync(ct);
        return materials;
    }

    /// <summary>An uploaded file, for someone who may see its material.</summary>
    public async Task<Outcome<(ApplicationMaterial Material, Stream Content)>> OpenAsync(Account actor, Guid caseId, Guid materialId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var items = await VisibleItemsAsync(actor, caseId, ct);
        var material = items is null ? null : await db.ApplicationMaterials.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Id == materialId && m.ApplicationId == caseId && items.Contains(m.ItemCode), ct);
        if (material is null)
        {
            return new Missing("Material");
        }
        if (material.Source != MaterialSource.Upload)
        {
            return new StateConflict(Texts.T("This material is a certificate; verify it through the certificate, not as a file"));
        }
        var content = store.OpenRead(material.Sha256!);
        return content is null
            ? throw new InvalidOperationException($"The stored file of material {material.Id} is missing from the material store.")
            : (material, content);
    }

    /// <summary>The items of the case whose materials <paramref name="actor"/> may see, or null when the case is not theirs to see.</summary>
    private async Task<List<string>?> VisibleItemsAsync(Account actor, Guid caseId, CancellationToken ct)
    {
        var found = await db.Applications.AsNoTracking().Where(a => a.Id == caseId)
            .Select(a => new { a.ApplicantId, Tasks = a.Tasks.Select(t => new { t.ItemCode, t.UnitId }).ToList() })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }
        if (actor.Kind != AccountKind.Staff)
        {
            return found.ApplicantId == actor.Id ? [.. found.Tasks.Select(t => t.ItemCode)] : null;
        }
        var mine = found.Tasks.Where(t => t.UnitId == actor.UnitId).Select(t => t.ItemCode).ToList();
        return mine.Count > 0 ? mine : null;
    }

    /// <summary>The catalog material an applicant may add to: their case, in progress, an item of it, a material of that item, room left.</summary>
    private async Task<Outcome<Material>> TargetAsync(Account actor, Guid caseId, string? itemCode, string? materialCode, CancellationToken ct)
    {
        var found = await db.Applications.AsNoTracking().Where(a => a.Id == caseId && a.ApplicantId == actor.Id)
            .Select(a => new { a.State, Items = a.Tasks.Select(t => t.ItemCode).ToList() })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return new Missing("Case");
        }
        if (found.State != ApplicationState.InProgress)
        {
            return new StateConflict(Texts.T("This case is closed; materials can no longer be added"), EnumText.Of(found.State));
        }
        if (itemCode is null || !found.Items.Contains(itemCode))
        {
            return ValidationFailed.Single("itemCode", Texts.T("is not an item of this case"));
        }
        var materials = (await CatalogQueries.ItemAsync(db, itemCode, ct) ?? throw new InvalidOperationException($"The catalog has no item {itemCode}")).Materials;
        var material = materials.FirstOrDefault(m => m.Code == materialCode);
        if (material is null)
        {
            return ValidationFailed.Single("materialCode", Texts.T("is not a material of {0}: {1}", itemCode, string.Join(", ", materials.Select(m => m.Code))));
        }
        var count = await db.ApplicationMaterials.CountAsync(m => m.ApplicationId == caseId && m.ItemCode == itemCode && m.MaterialCode == materialCode, ct);
        if (count >= options.Value.MaxFilesPerMaterial)
        {
            return new StateConflict(Texts.T("{0} already has {1} files, the most one material takes", material.Name, count));
        }
        return material;
    }

    private async Task<Outcome<ApplicationMaterial>> AddAsync(ApplicationMaterial material, CancellationToken ct)
    {
        db.ApplicationMaterials.Add(material);
        await db.SaveChangesAsync(ct);
        return material;
    }

    /// <summary>The last path segment, NFC, without control characters; a missing name becomes "material".</summary>
    private static string? CleanFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return "material";
        }
        var name = TextInput.Clean(fileName.Replace('\\', '/').Split('/')[^1]);
        return name.Length is 0 or > ApplicationMaterial.MaxFileNameLength || TextInput.Problem(name) is not null || name is "." or ".." ? null : name;
    }
}
