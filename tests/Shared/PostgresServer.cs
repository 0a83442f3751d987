using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NlQuery.Tests;

/// <summary>
/// A throw-away PostgreSQL server for tests: initdb into a temporary folder, start on a free loopback port with
/// trust authentication, stop and delete on dispose. It uses Debian's server binaries (.ci/apt-packages installs
/// them); where they are absent, tests marked <see cref="PostgresFactAttribute"/> are skipped and say why.
/// PostgreSQL refuses to run as root, so when the tests run as root the server runs as the 'postgres' user.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _dataDir;
    private readonly string _binDir;

    public PostgresServer()
    {
        _binDir = BinDir ?? throw new InvalidOperationException(SkipReason);
        Port = FreePort();
        _dataDir = Path.Combine(Path.GetTempPath(), $"nlquery-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dataDir);
        if (RunsAsRoot)
            Run("chown", $"postgres {_dataDir}", asPostgres: false);
        Run(Path.Combine(_binDir, "initdb"), $"-D {_dataDir}/data -U postgres -A trust -E UTF8 --no-sync", asPostgres: true);
        Run(Path.Combine(_binDir, "pg_ctl"),
            $"-D {_dataDir}/data -l {_dataDir}/log -w -t 60 -o \"-p {Port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off\" start",
            asPostgres: true);
    }

    public int Port { get; }

    /// <summary>An Npgsql-style connection string for database <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false";

    public static string? BinDir { get; } = FindBinDir();

    public static string SkipReason => "Skipped: PostgreSQL server binaries not found (apt-get install postgresql).";

    private static bool RunsAsRoot => Environment.UserName == "root";

    public void Dispose()
    {
        try
        {
            Run(Path.Combine(_binDir, "pg_ctl"), $"-D {_dataDir}/data -m immediate -w stop", asPostgres: true);
        }
        finally
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private static string? FindBinDir()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
            return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments, bool asPostgres)
    {
        var start = asPostgres && RunsAsRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in 2 minutes.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {stderr}{stdout.Result}");
    }
}

/// <summary>A fact that needs a PostgreSQL server; skipped with a clear reason where its binaries are absent.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.BinDir is null)
            Skip = PostgresServer.SkipReason;
    }
}
