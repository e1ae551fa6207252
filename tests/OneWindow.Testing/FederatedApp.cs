using Microsoft.AspNetCore.Hosting;

namespace OneWindow.Testing;

/// <summary>
/// One region's platform for federation tests: real Kestrel on a fixed loopback port, its own database (kept when the
/// server stops, so it can start again on it with the same master key), configured with its region and one peer.
/// </summary>
public sealed class FederatedApp : OneWindowApp
{
    private readonly string _provider;
    private readonly string _region;
    private readonly string _peerRegion;
    private readonly int _peerPort;
    private readonly string? _connection;

    public FederatedApp(string provider, string region, int port, string peerRegion, int peerPort, string? connection = null)
    {
        (_provider, _region, Port, _peerRegion, _peerPort, _connection) = (provider, region, port, peerRegion, peerPort, connection);
        UseRealServerOn(port);
    }

    public override string Provider => _provider;

    /// <summary>Each region starts on an empty database of its own, with its own master key.</summary>
    protected override bool FromTemplate => false;

    public int Port { get; }

    public string Region => _region;

    /// <summary>The same platform again — same database, master key and port — after this one stopped.</summary>
    public FederatedApp Again() => new(_provider, _region, Port, _peerRegion, _peerPort, ConnectionString) { MasterKey = MasterKey };

    /// <summary>A free loopback port (taken and released: a server that is not running yet will listen on it).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    protected override async Task<(string? Connection, string? Skip)> CreateDatabaseAsync()
    {
        if (_connection is not null)
        {
            return (_connection, null);
        }
        if (_provider == "postgres")
        {
            var cluster = await PostgresCluster.SharedAsync();
            return cluster.SkipReason is { } reason ? (null, reason) : (await cluster.CreateDatabaseAsync(), null);
        }
        var directory = Directory.CreateTempSubdirectory("onewindow-federated-").FullName;
        return ($"Data Source={Path.Combine(directory, "onewindow.db")};Pooling=False", null);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Federation:Region", _region);
        builder.UseSetting("Federation:Peers:0:Region", _peerRegion);
        builder.UseSetting("Federation:Peers:0:BaseUrl", $"http://127.0.0.1:{_peerPort}/");
        builder.UseSetting("Federation:AllowLoopbackHttp", "true");
        builder.UseSetting("Federation:PollInterval", "00:00:00.100");
        builder.UseSetting("Federation:FirstRetryDelay", "00:00:00.100");
        builder.UseSetting("Federation:MaxRetryDelay", "00:00:00.500");
        builder.UseSetting("Federation:Timeout", "00:00:02");
        builder.UseSetting("Federation:Lease", "00:00:05");
    }
}
