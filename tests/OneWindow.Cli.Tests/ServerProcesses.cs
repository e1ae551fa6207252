using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace OneWindow.Cli.Tests;

/// <summary>Real server processes on a test database, for what only a process can show (kill -9, two processes).</summary>
internal static class ServerProcesses
{
    public const string Password = "OneWindow#2026";

    /// <summary>Starts the built server on <paramref name="port"/>; <paramref name="logBytes"/> counts what it writes.</summary>
    public static Process Start(CliDatabase database, int port, StrongBox<long> logBytes, IReadOnlyDictionary<string, string>? settings = null)
    {
        var assembly = CliDatabase.BuiltProgram("OneWindow.Server", "OneWindow.Server.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(assembly)! };
        start.ArgumentList.Add(assembly);
        start.Environment["Storage__Provider"] = database.Provider;
        start.Environment["ConnectionStrings__OneWindow"] = database.Connection;
        start.Environment["Keys__MasterKey"] = database.MasterKey;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Interlocked.Add(ref logBytes.Value, e.Data?.Length ?? 0);
        process.ErrorDataReceived += (_, e) => Interlocked.Add(ref logBytes.Value, e.Data?.Length ?? 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitForHealthAsync(Uri baseAddress, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var deadline = Stopwatch.StartNew();
        // Generous: with the browser tests on the same two cores, a PostgreSQL start (migrations, demo seeding) can take a minute and more.
        while (deadline.Elapsed < TimeSpan.FromSeconds(180))
        {
            try
            {
                if ((await http.GetAsync("/healthz", ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200, ct);
        }
        Assert.Fail("the server did not become healthy within 180 s");
    }

    public static async Task<HttpClient> SignInAsync(Uri baseAddress, string account, CancellationToken ct)
    {
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 32 }) { BaseAddress = baseAddress };
        var response = await http.PostAsJsonAsync("/api/auth/login", new { account, password = Password }, ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        return http;
    }
}
