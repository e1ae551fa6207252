using System.Text.Json.Nodes;
using OneWindow.Common;
using OneWindow.Federation;

namespace OneWindow.Server.Federation;

/// <summary>Fetches a peer's federation document from its configured address and pins its keys (the first time at start, later by an admin after the peer rotated).</summary>
public sealed class FederationPeers(IHttpClientFactory clients, FederationServices services)
{
    public const string HttpClientName = "federation";

    public const string DocumentPath = "/.well-known/onewindow-federation";

    public static Uri At(FederationOptions.Peer peer, string path) => new(peer.BaseUrl!.ToString().TrimEnd('/') + path);

    public async Task<Outcome<FederationKeys.Pinned>> PinAsync(OneWindowDb db, string region, CancellationToken ct)
    {
        if (services.Options.PeerNamed(region) is not { } peer)
        {
            return new Missing("Region");
        }
        JsonNode? document;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(services.Options.Timeout);
            using var response = await clients.CreateClient(HttpClientName).GetAsync(At(peer, DocumentPath), timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return NotAccepted.Because(Texts.T("the platform of region {0} answered {1} for its federation document", region, (int)response.StatusCode));
            }
            document = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException && !ct.IsCancellationRequested)
        {
            return NotAccepted.Because(Texts.T("the platform of region {0} could not be reached or sent no federation document ({1})", region, ex.GetType().Name));
        }
        return await FederationKeys.PinAsync(db, region, document, services.Clock, ct);
    }
}
