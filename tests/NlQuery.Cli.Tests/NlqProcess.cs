using System.Diagnostics;
using System.Text;

namespace NlQuery.Cli.Tests;

/// <summary>What one run of <c>nlq</c> did: its exit code and everything it wrote.</summary>
public sealed record NlqResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Standard output split into lines, without the final newline's empty line.</summary>
    public IReadOnlyList<string> Lines =>
        StdOut.Length == 0 ? [] : StdOut.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}--- stderr\n{StdErr}";
}

/// <summary>
/// Runs the built <c>nlq</c> as a user would: a separate process (<c>dotnet nlq.dll</c> from this test's output
/// folder, where the project reference puts it), arguments, UTF-8 stdin, and captured stdout, stderr and exit code.
/// </summary>
public static class NlqProcess
{
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "nlq.dll");

    public static Task<NlqResult> RunAsync(string stdin, params string[] arguments) => RunAsync(arguments, stdin);

    public static async Task<NlqResult> RunAsync(IEnumerable<string> arguments, string? stdin = null, TimeSpan? timeout = null,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(AssemblyPath))
            throw new FileNotFoundException($"nlq.dll is not next to the tests ({AssemblyPath}); build tests/NlQuery.Cli.Tests.", AssemblyPath);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = utf8,
            StandardOutputEncoding = utf8,
            StandardErrorEncoding = utf8,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        start.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start nlq.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();

        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nlq {string.Join(' ', arguments)} did not finish in time.\n--- stderr so far\n{await stderr}");
        }
        return new NlqResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The <c>dotnet</c> that runs the tests (the SDK says where), so nlq runs on the same runtime.</summary>
    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
            return host;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "dotnet")))
            return Path.Combine(root, "dotnet");
        return "dotnet";
    }
}
