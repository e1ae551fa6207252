using System.Diagnostics;

namespace OneWindow.Server.Tests.Certificates;

/// <summary>Runs the `jose` npm library (an independent JOSE implementation) over a token and a JWKS.</summary>
public static class JoseCheck
{
    private static readonly SemaphoreSlim s_install = new(1, 1);

    private static string Folder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OneWindow.slnx")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory!.FullName, "tests", "OneWindow.Server.Tests", "jose");
    }

    public static async Task<(int ExitCode, string Output)> VerifyAsync(string token, string jwks)
    {
        var folder = Folder();
        if (!File.Exists("/usr/bin/node") && !File.Exists("/usr/local/bin/node"))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("node is required in CI to check tokens with an independent JOSE library");
            }
            Assert.Skip("node is not installed: the independent JOSE check needs it");
        }
        await s_install.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules", "jose")))
            {
                var (code, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder);
                Assert.True(code == 0, $"npm ci failed: {output}");
            }
        }
        finally
        {
            s_install.Release();
        }
        var tokenFile = Path.GetTempFileName();
        var jwksFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(tokenFile, token);
        await File.WriteAllTextAsync(jwksFile, jwks);
        try
        {
            return await RunAsync("node", ["verify.mjs", tokenFile, jwksFile], folder);
        }
        finally
        {
            File.Delete(tokenFile);
            File.Delete(jwksFile);
        }
    }

    private static async Task<(int, string)> RunAsync(string file, string[] args, string folder)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }
}
