using System.Diagnostics;

namespace NlQuery.Training.Scripts;

/// <summary>
/// Runs the Python side (train.py, export_onnx.py, …) as a child process, passing each output line to a callback as it
/// arrives so progress streams through. The scripts are found in the <c>python</c> folder copied next to the
/// application; the interpreter defaults to <c>/usr/bin/python3</c> (Debian's, which sees the apt-installed torch).
/// </summary>
public sealed class PythonScriptRunner
{
    public PythonScriptRunner(string? pythonExecutable = null, string? scriptDirectory = null)
    {
        PythonExecutable = pythonExecutable ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        ScriptDirectory = scriptDirectory ?? Path.Combine(AppContext.BaseDirectory, "python");
        if (!File.Exists(Path.Combine(ScriptDirectory, "train.py")))
            throw new DirectoryNotFoundException($"The training scripts were not found: {ScriptDirectory} has no train.py");
    }

    private static readonly (string Name, string Value)[] MallocSettings =
    [
        ("MALLOC_MMAP_THRESHOLD_", "34359738368"),
        ("MALLOC_TRIM_THRESHOLD_", "68719476736"),
        ("MALLOC_TOP_PAD_", "1073741824"),
        // OpenMP's threads spin while they wait for each other: with any other process on a 2-core machine one thread
        // waits on a descheduled one, and a pointer-model step went from 0.8 s to 5-15 s. Passive waiting kept it at 0.8-1.3 s.
        ("OMP_WAIT_POLICY", "PASSIVE"),
    ];

    public string PythonExecutable { get; }

    public string ScriptDirectory { get; }

    /// <summary>Runs <paramref name="script"/> (relative to <see cref="ScriptDirectory"/>) and returns its exit code.</summary>
    public async Task<int> RunAsync(string script, IEnumerable<string> arguments, Action<string> onLine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onLine);
        var path = Path.Combine(ScriptDirectory, script);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Training script not found: {path}", path);
        var start = new ProcessStartInfo(PythonExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ScriptDirectory,
        };
        start.ArgumentList.Add("-u");
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["PYTHONUNBUFFERED"] = "1";
        // glibc hands every large tensor back to the kernel and faults fresh zeroed pages in for the next batch: with
        // batches of varying length that was half the CPU time of a training step (system time). Keeping the memory
        // mapped halved the step time here (6.7 s to 3.0 s, small preset, batch 16 × 320 tokens, 2 cores).
        // A value the user set wins.
        foreach (var (name, value) in MallocSettings)
            start.Environment.TryAdd(name, value);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new FileNotFoundException($"Cannot start Python '{PythonExecutable}': {e.Message}", PythonExecutable, e);
        }
        var lock_ = new object();
        void Forward(string? line)
        {
            if (line is null)
                return;
            lock (lock_)
                onLine(line);
        }
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The checkpoint is written atomically, so stopping mid-step loses at most the steps since the last save.
            process.Kill(entireProcessTree: true);
            throw;
        }
        process.WaitForExit();
        return process.ExitCode;
    }
}
