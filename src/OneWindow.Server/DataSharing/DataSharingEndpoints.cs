using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using OneWindow.Common;
using OneWindow.DataSharing;
using OneWindow.Identity;
using OneWindow.Server.Departments;
using OneWindow.Server.Infrastructure;
using OwClaims = OneWindow.Server.Infrastructure.Claims;

namespace OneWindow.Server.DataSharing;

/// <summary>
/// Shared data between departments (数据共享): the published items, the owner's writes, grants, granted reads,
/// and each person's log of who read their data. Department systems write and read with their unit's token.
/// Subjects travel in request bodies, never in URLs, so identity numbers stay out of access logs.
/// </summary>
public static class DataSharingEndpoints
{
    public sealed record ItemView(string Code, string Name, string NameEn, string Owner, string Subject, IReadOnlyList<SharedField> Fields, JsonNode? Schema);

    public sealed record WriteBody(string? Subject, JsonElement? Data);

    public sealed record DecisionBody(bool? Approve, string? Note);

    public sealed record RevokeBody(string? Note);

    public sealed record GrantView(Guid Id, string ItemCode, string ItemName, Guid ConsumerUnitId, string ConsumerUnit, IReadOnlyList<string> Fields, string Purpose,
        DateTimeOffset ExpiresAt, string State, DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? Note);

    public static void MapDataSharing(this IEndpointRouteBuilder app)
    {
        var data = app.MapGroup("/api/data").WithTags("Shared data");
        data.MapGet("/items", async Task<Results<Ok<List<ItemView>>, ProblemHttpResult>> (ClaimsPrincipal user, OneWindowDb db, CancellationToken ct) =>
            user.FindFirst(OwClaims.Kind)?.Value != nameof(AccountKind.Staff)
                ? Problems.From(new Forbidden(Texts.T("The shared data items are published to departments' staff and systems")))
                : TypedResults.Ok((await SharedDataItems.AllAsync(db, ct)).Select(i => new ItemView(i.Code, i.Name, i.NameEn, EnumText.Of(i.Owner), EnumText.Of(i.Subject), i.Fields, JsonNode.Parse(i.Schema))).ToList()))
            .RequireAuthorization(DepartmentClients.TaskWorkPolicy);
        data.MapPut("/items/{code}/records", async Task<Results<Ok<WriteRecord.Written>, ProblemHttpResult>> (string code, WriteBody body, ClaimsPrincipal user, UserManager<Account> users,
            OneWindowDb db, SharedDataServices sharing, TimeProvider clock, CancellationToken ct) =>
            Answer(await WriteRecord.HandleAsync((await CurrentAccount.GetAsync(user, users))!, code, body.Subject, body.Data, db, sharing, clock, ct)))
            .RequireAuthorization(DepartmentClients.TaskWorkPolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(WriteRecord.MaxRecordBytes + 4 * 1024));
        data.MapPost("/items/{code}/reads", async Task<Results<Ok<ReadRecord.Result>, ProblemHttpResult>> (string code, ReadRecord.Request body, ClaimsPrincipal user, UserManager<Account> users,
            OneWindowDb db, SubjectKeys keys, DataReadRecorder recorder, TimeProvider clock, CancellationToken ct) =>
            Answer(await ReadRecord.HandleAsync((await CurrentAccount.GetAsync(user, users))!, code, body, db, keys, recorder, clock, ct)))
            .RequireAuthorization(DepartmentClients.TaskWorkPolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(8 * 1024));
        data.MapPost("/items/{code}/reads/batch", async Task<Results<Ok<ReadRecord.BatchResult>, ProblemHttpResult>> (string code, ReadRecord.BatchRequest body, ClaimsPrincipal user,
            UserManager<Account> users, OneWindowDb db, SubjectKeys keys, DataReadRecorder recorder, TimeProvider clock, CancellationToken ct) =>
            Answer(await ReadRecord.HandleBatchAsync((await CurrentAccount.GetAsync(user, users))!, code, body, db, keys, recorder, clock, ct)))
            .RequireAuthorization(DepartmentClients.TaskWorkPolicy)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(16 * 1024));

        var grants = data.MapGroup("/grants").RequireAuthorization(OwClaims.StaffPolicy);
        grants.MapGet("", async (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct) =>
            TypedResults.Ok(await ViewsAsync(db, await Grants.VisibleToAsync((await CurrentAccount.GetAsync(user, users))!, db, ct), ct)));
        grants.MapPost("", async Task<Results<Ok<GrantView>, ProblemHttpResult>> (Grants.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
            await AnswerAsync(db, await Grants.RequestAsync((await CurrentAccount.GetAsync(user, users))!, body, db, clock, ct), ct))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(8 * 1024));
        grants.MapPost("/{id:guid}/decision", async Task<Results<Ok<GrantView>, ProblemHttpResult>> (Guid id, DecisionBody body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
            body.Approve is not { } approve
                ? Problems.From(ValidationFailed.Single("approve", Texts.T("say true to approve or false to refuse")))
                : await AnswerAsync(db, await Grants.DecideAsync((await CurrentAccount.GetAsync(user, users))!, id, approve, body.Note, db, clock, ct), ct))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(8 * 1024));
        grants.MapPost("/{id:guid}/revoke", async Task<Results<Ok<GrantView>, ProblemHttpResult>> (Guid id, RevokeBody body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
            await AnswerAsync(db, await Grants.RevokeAsync((await CurrentAccount.GetAsync(user, users))!, id, body.Note, db, clock, ct), ct))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(8 * 1024));

        // Change subscriptions: asked by the consumer's side under an approved grant; events go to the unit's registered system.
        var subscriptions = data.MapGroup("/subscriptions").RequireAuthorization(OwClaims.StaffPolicy);
        subscriptions.MapGet("", async (ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, CancellationToken ct) =>
            TypedResults.Ok(await SubscriptionViewsAsync(db, await Subscriptions.VisibleToAsync((await CurrentAccount.GetAsync(user, users))!, db, ct), ct)));
        subscriptions.MapPost("", async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> (Subscriptions.Request body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, IChangeOutbox outbox, TimeProvider clock, CancellationToken ct) =>
            await AnswerAsync(db, await Subscriptions.SubscribeAsync((await CurrentAccount.GetAsync(user, users))!, body, db, outbox, clock, ct), ct))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(8 * 1024));
        subscriptions.MapPost("/{id:guid}/cancel", async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, TimeProvider clock, CancellationToken ct) =>
            await AnswerAsync(db, await Subscriptions.CancelAsync((await CurrentAccount.GetAsync(user, users))!, id, db, clock, ct), ct));
        subscriptions.MapPost("/{id:guid}/replay", async Task<Results<Ok<ReplayView>, ProblemHttpResult>> (Guid id, ReplayBody body, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db,
            OneWindow.Departments.DepartmentEndpoints endpoints, OneWindow.Departments.DepartmentDispatch dispatch, CancellationToken ct) =>
        {
            if (body.FromSequence is not { } from || from < 1)
            {
                return Problems.From(ValidationFailed.Single("fromSequence", Texts.T("must be a sequence number of 1 or more")));
            }
            var managed = await Subscriptions.ManagedAsync((await CurrentAccount.GetAsync(user, users))!, id, db, ct);
            if (!managed.Succeeded)
            {
                return Problems.From(managed.Failure!);
            }
            var count = await endpoints.ReplaySubscriptionAsync(id, from, ct);
            dispatch.Wake();
            return TypedResults.Ok(new ReplayView(id, from, count));
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(8 * 1024));
        // The owner sees who acknowledged each change: staff of the owner department (those who may write the item).
        data.MapGet("/records/{id:guid}/deliveries", async Task<Results<Ok<List<DeliveryView>>, ProblemHttpResult>> (Guid id, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db,
            OneWindow.Departments.DepartmentEndpoints endpoints, CancellationToken ct) =>
        {
            var item = await SharedDataRecords.ItemOfAsync(db, id, ct);
            if (item is null || await SharedDataAccess.RefuseWriterAsync(db, (await CurrentAccount.GetAsync(user, users))!, item, ct) is not null)
            {
                return Problems.From(new Missing("Record"));
            }
            var deliveries = await endpoints.DeliveriesOfRecordAsync(id, ct);
            var units = await UnitQueries.NamesAsync(db, [.. deliveries.Select(d => d.UnitId).Distinct()], ct);
            return TypedResults.Ok(deliveries.Select(d => new DeliveryView(d.EventId, d.UnitId, units.GetValueOrDefault(d.UnitId, ""), d.Sequence, d.State, d.Attempts, d.CreatedAt, d.DeliveredAt, d.LastStatus, d.LastError)).ToList());
        }).RequireAuthorization(DepartmentClients.TaskWorkPolicy);

        app.MapGet("/api/me/data-log", async Task<Results<Ok<MyDataLog.Page>, ProblemHttpResult>> (int? page, int? pageSize, ClaimsPrincipal user, UserManager<Account> users, OneWindowDb db, SubjectKeys keys, CancellationToken ct) =>
            Answer(await MyDataLog.HandleAsync((await CurrentAccount.GetAsync(user, users))!, page ?? 1, pageSize ?? 20, db, keys, ct)))
            .WithTags("Shared data").RequireAuthorization(OwClaims.ApplicantPolicy);
    }

    public sealed record ReplayBody(long? FromSequence);

    public sealed record ReplayView(Guid SubscriptionId, long FromSequence, int Replayed);

    public sealed record SubscriptionView(Guid Id, string ItemCode, string ItemName, Guid UnitId, string Unit, Guid GrantId, IReadOnlyList<string> Fields, bool Active, long LastSequence, DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);

    /// <summary>A subscriber's acknowledgement of one change: delivered (its system answered 2xx), pending (retrying) or dead.</summary>
    public sealed record DeliveryView(string EventId, Guid UnitId, string Unit, long? Sequence, string State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, int? LastStatus, string? LastError);

    private static async Task<List<SubscriptionView>> SubscriptionViewsAsync(OneWindowDb db, IReadOnlyList<DataSubscription> list, CancellationToken ct)
    {
        var units = await UnitQueries.NamesAsync(db, [.. list.Select(s => s.UnitId).Distinct()], ct);
        var items = (await SharedDataItems.AllAsync(db, ct)).ToDictionary(i => i.Code, i => i.Name, StringComparer.Ordinal);
        return [.. list.Select(s => new SubscriptionView(s.Id, s.ItemCode, items.GetValueOrDefault(s.ItemCode, s.ItemCode), s.UnitId, units.GetValueOrDefault(s.UnitId, ""), s.GrantId, s.Fields, s.Active,
            s.LastSequence, s.CreatedAt, s.CancelledAt))];
    }

    private static async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> AnswerAsync(OneWindowDb db, Outcome<DataSubscription> outcome, CancellationToken ct) =>
        outcome.Succeeded ? TypedResults.Ok((await SubscriptionViewsAsync(db, [outcome.Value!], ct))[0]) : Problems.From(outcome.Failure!);

    private static async Task<List<GrantView>> ViewsAsync(OneWindowDb db, IReadOnlyList<DataGrant> grants, CancellationToken ct)
    {
        var units = await UnitQueries.NamesAsync(db, [.. grants.Select(g => g.ConsumerUnitId).Distinct()], ct);
        var items = (await SharedDataItems.AllAsync(db, ct)).ToDictionary(i => i.Code, i => i.Name, StringComparer.Ordinal);
        return [.. grants.Select(g => new GrantView(g.Id, g.ItemCode, items.GetValueOrDefault(g.ItemCode, g.ItemCode), g.ConsumerUnitId, units.GetValueOrDefault(g.ConsumerUnitId, ""),
            g.Fields, g.Purpose, g.ExpiresAt, EnumText.Of(g.State), g.RequestedAt, g.DecidedAt, g.Note))];
    }

    private static async Task<Results<Ok<GrantView>, ProblemHttpResult>> AnswerAsync(OneWindowDb db, Outcome<DataGrant> outcome, CancellationToken ct) =>
        outcome.Succeeded ? TypedResults.Ok((await ViewsAsync(db, [outcome.Value!], ct))[0]) : Problems.From(outcome.Failure!);

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Outcome<T> outcome) =>
        outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : Problems.From(outcome.Failure!);
}
