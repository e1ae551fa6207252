using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneWindow.Ledger;
using OneWindow.Storage;
using OneWindow.Testing;

namespace OneWindow.Benchmarks;

/// <summary>
/// The ledger's load driver: append throughput (1 and 16 writers, SQLite and PostgreSQL), proof
/// latency at large sizes, and full-log verification speed against this machine's raw SHA-256 rate.
/// Usage: ledger [--appends N] [--proof-sizes 1000000,10000000] [--skip-postgres] [--data DIR]
/// (--appends 0 skips the append runs; --data keeps the SQLite proof log in DIR and grows it only
/// when it is smaller than asked, so repeated runs at 10 M entries need not rebuild it).
/// </summary>
public static class LedgerLoad
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var appends = IntArg(args, "--appends", 200_000);
        var sizes = (Arg(args, "--proof-sizes") ?? "1000000,10000000").Split(',').Select(s => long.Parse(s, s_inv)).ToList();
        var skipPostgres = args.Contains("--skip-postgres");
        var data = Arg(args, "--data");
        var work = Directory.CreateTempSubdirectory("onewindow-bench-");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");

        RawSha256();

        if (appends > 0)
        {
            Console.WriteLine("\n## appends");
            await AppendsAsync("sqlite", $"Data Source={Path.Combine(work.FullName, "appends.db")}", appends);
        }
        if (!skipPostgres)
        {
            var cluster = new PostgresCluster { Durable = true };
            await cluster.InitializeAsync();
            if (cluster.SkipReason is null)
            {
                if (appends > 0)
                {
                    await AppendsAsync("postgres", await cluster.CreateDatabaseAsync(), appends);
                }
                Console.WriteLine("\n## proofs and verification on postgres");
                await ProofsAsync("postgres", await cluster.CreateDatabaseAsync(), [sizes.Min()]);
            }
            await cluster.DisposeAsync();
        }

        Console.WriteLine("\n## proofs and verification on sqlite");
        var proofs = data is null ? Path.Combine(work.FullName, "proofs.db") : Path.Combine(Directory.CreateDirectory(data).FullName, "proofs.db");
        await ProofsAsync("sqlite", $"Data Source={proofs}", sizes);
        work.Delete(recursive: true);
        return 0;
    }

    /// <summary>SHA-256 over 1 MiB buffers for 3 s: on one core, then on every core at once.</summary>
    private static void RawSha256()
    {
        s_rawMbPerSecond = RawSha256(1);
        s_rawAllCoresMbPerSecond = RawSha256(Environment.ProcessorCount);
        Console.WriteLine(string.Create(s_inv, $"raw SHA-256 (1 MiB buffers): one core {s_rawMbPerSecond:F0} MB/s, all {Environment.ProcessorCount} cores {s_rawAllCoresMbPerSecond:F0} MB/s"));
    }

    private static double RawSha256(int threads)
    {
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            var buffer = RandomNumberGenerator.GetBytes(1 << 20);
            var output = new byte[32];
            while (clock.Elapsed < TimeSpan.FromSeconds(3))
            {
                SHA256.HashData(buffer, output);
                Interlocked.Add(ref bytes, buffer.Length);
            }
        });
        return bytes / 1e6 / clock.Elapsed.TotalSeconds;
    }

    private static double s_rawAllCoresMbPerSecond;

    private static double s_rawMbPerSecond;

    private static async Task AppendsAsync(string provider, string connection, int count)
    {
        await using var services = Services(provider, connection);
        await MigrateAsync(services);
        foreach (var writers in new[] { 1, 16 })
        {
            var n = writers == 1 ? Math.Min(count / 10, 20_000) : count;
            var writer = services.GetRequiredService<LedgerWriter>();
            var latencies = new double[n];
            var clock = Stopwatch.StartNew();
            await Append(writer, n, writers, latencies);
            var elapsed = clock.Elapsed;
            Array.Sort(latencies);
            Console.WriteLine(string.Create(s_inv, $"{provider}, {writers,2} writer(s), each waiting for its commit: {n} appends in {elapsed.TotalSeconds:F2} s = {n / elapsed.TotalSeconds:F0}/s; commit latency p50 {latencies[n / 2]:F2} ms, p99 {latencies[(int)(n * 0.99)]:F2} ms"));
        }
        foreach (var writers in new[] { 1, 16 })
        {
            var writer = services.GetRequiredService<LedgerWriter>();
            var clock = Stopwatch.StartNew();
            await AppendPipelined(writer, count, writers, window: 64);
            Console.WriteLine(string.Create(s_inv, $"{provider}, {writers,2} writer(s), each keeping 64 appends in flight: {count} appends in {clock.Elapsed.TotalSeconds:F2} s = {count / clock.Elapsed.TotalSeconds:F0}/s"));
        }
    }

    private static async Task Append(LedgerWriter writer, long n, int writers, double[]? latencies)
    {
        var next = -1L;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < n)
            {
                var start = Stopwatch.GetTimestamp();
                await writer.AppendAsync(Event(i));
                if (latencies is not null)
                {
                    latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            }
        })));
    }

    /// <summary>Writers that stream appends, each with up to <paramref name="window"/> awaiting their commit.</summary>
    private static async Task AppendPipelined(LedgerWriter writer, long n, int writers, int window, long first = 0)
    {
        var next = first - 1;
        n += first;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var inFlight = new List<Task>(window);
            long i;
            while ((i = Interlocked.Increment(ref next)) < n)
            {
                inFlight.Add(writer.AppendAsync(Event(i)));
                if (inFlight.Count == window)
                {
                    await Task.WhenAll(inFlight);
                    inFlight.Clear();
                }
            }
            await Task.WhenAll(inFlight);
        })));
    }

    /// <summary>A realistic entry: a certificate issuance of about 250 bytes.</summary>
    private static LedgerEvent Event(long i) => LedgerEvent.Create(
        "certificate.issued", $"1.2.156.3005.2.11100000000000000X.130123{i:D12}.1.X", "unit:130123100201",
        DateTimeOffset.UnixEpoch.AddSeconds(1_790_000_000 + i), new { type = "residence", holder = "sha256:" + i.ToString("x16", s_inv), validUntil = "2027-05-23" });

    private static async Task ProofsAsync(string provider, string connection, IReadOnlyList<long> sizes)
    {
        await using var services = Services(provider, connection);
        await MigrateAsync(services);
        var writer = services.GetRequiredService<LedgerWriter>();
        long built;
        await using (var existing = services.CreateAsyncScope())
        {
            built = (await new LedgerReader(existing.ServiceProvider.GetRequiredService<OneWindowDb>()).StateAsync(default)).Size;
        }
        foreach (var size in sizes.Order())
        {
            var clock = Stopwatch.StartNew();
            var total = Math.Max(0, size - built);
            var progress = Task.Run(async () =>
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(30));
                    await using var probe = services.CreateAsyncScope();
                    var now = (await new LedgerReader(probe.ServiceProvider.GetRequiredService<OneWindowDb>()).StateAsync(default)).Size;
                    Console.WriteLine($"  ... {now} entries");
                    if (now >= size)
                    {
                        return;
                    }
                }
            });
            await AppendPipelined(writer, total, 16, window: 64, first: built);
            built = Math.Max(built, size);
            Console.WriteLine(string.Create(s_inv, $"{provider}: grew the log to {size} entries ({total / clock.Elapsed.TotalSeconds:F0} appends/s, 16 streaming writers)"));

            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OneWindowDb>();
            var reader = scope.ServiceProvider.GetRequiredService<LedgerReader>(); // with the singleton node cache
            var cache = scope.ServiceProvider.GetRequiredService<LedgerNodeCache>();
            if (!cache.Loaded.IsCompleted)
            {
                var loading = Stopwatch.StartNew();
                await reader.InclusionProofAsync(0, size, default); // the first proof starts the background load
                await cache.Loaded;
                Console.WriteLine(string.Create(s_inv, $"{provider} @ {size}: upper tree levels (from level {cache.MinLevel}) loaded into memory in {loading.Elapsed.TotalSeconds:F1} s, {cache.Bytes / 1e6:F0} MB"));
            }
            var random = new Random(42);
            var inclusion = await Time(2000, () => reader.InclusionProofAsync(random.NextInt64(size), size, default));
            var consistency = await Time(2000, () => reader.ConsistencyProofAsync(1 + random.NextInt64(size - 1), size, default));
            Console.WriteLine(string.Create(s_inv, $"{provider} @ {size}: inclusion proof p50 {inclusion.P50:F3} ms, p99 {inclusion.P99:F3} ms; consistency proof p50 {consistency.P50:F3} ms, p99 {consistency.P99:F3} ms"));

            await scope.ServiceProvider.GetRequiredService<LedgerCheckpoints>().LatestAsync(default);
            var source = new DatabaseLogSource(db);
            VerificationReport? report = null;
            foreach (var run in new[] { "first run", "second run" })
            {
                report = await LogVerifier.VerifyAsync(source, await source.SigningKeyAsync(default), default);
                Console.WriteLine(string.Create(s_inv, $"{provider} @ {size}: full verification ({run}, {report.Entries} entries) {(report.Valid ? "valid" : "INVALID")}, {report.EntriesPerSecond:F0} entries/s, {report.MegabytesPerSecond:F1} MB/s = {100 * report.MegabytesPerSecond / s_rawMbPerSecond:F1} % of one core's raw SHA-256, {100 * report.MegabytesPerSecond / s_rawAllCoresMbPerSecond:F1} % of all cores'"));
            }
            var hashing = RecomputeOnly(report!.TreeSize, report.Bytes);
            Console.WriteLine(string.Create(s_inv, $"{provider} @ {size}: tree recomputation alone (entries in memory, one core) {hashing:F0} MB/s = {100 * hashing / s_rawMbPerSecond:F1} % of one core's raw SHA-256"));
        }
    }

    /// <summary>Leaf and node hashing of the same volume with the entries already in memory.</summary>
    private static double RecomputeOnly(long entries, long bytes)
    {
        var average = (int)Math.Max(1, bytes / Math.Max(1, entries));
        var input = new byte[average];
        var frontier = new Frontier();
        var clock = Stopwatch.StartNew();
        Span<byte> hash = stackalloc byte[32];
        for (long i = 0; i < entries; i++)
        {
            input[0] = (byte)i;
            frontier.Append(Merkle.LeafHash(input), null);
        }
        _ = frontier.Root();
        return bytes / 1e6 / clock.Elapsed.TotalSeconds;
    }

    private static async Task<(double P50, double P99)> Time(int count, Func<Task> operation)
    {
        for (var i = 0; i < 100; i++)
        {
            await operation();
        }
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await operation();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return (samples[count / 2], samples[(int)(count * 0.99)]);
    }

    private static ServiceProvider Services(string provider, string connection)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["ConnectionStrings:OneWindow"] = connection,
            // A fixed key: kept logs (--data) must unwrap their signing key on the next run.
            ["Keys:MasterKey"] = Convert.ToBase64String(Enumerable.Repeat((byte)0x42, 32).ToArray()),
            ["Ledger:CheckpointInterval"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOneWindowCore();
        return services.BuildServiceProvider();
    }

    private static async Task MigrateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<OneWindowDb>(), default);
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntArg(string[] args, string name, int fallback) => Arg(args, name) is { } v ? int.Parse(v, s_inv) : fallback;
}
