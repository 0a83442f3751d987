using NlQuery.Training.Scripts;

namespace NlQuery.Training.Pipelines.Internal;

/// <summary>
/// One Python step of a training pipeline: its output streams to the log under a label, and a non-zero exit becomes
/// one error that names the script, its exit code and what the user can do next.
/// </summary>
internal static class PythonStep
{
    /// <summary>What to do after a failed step of a pipeline whose run folder keeps every finished step.</summary>
    public const string ResumeAdvice = "run the same command again to resume from the run folder";

    /// <param name="label">Prefix of each output line in the log (<c>train</c>, <c>export</c>, …).</param>
    /// <param name="advice">Appended to the error after a <c>;</c>; null: the error names the exit code only.</param>
    /// <param name="observe">Sees each output line too, for a step whose output the pipeline records.</param>
    /// <exception cref="InvalidOperationException">The script exited with a non-zero code.</exception>
    public static async Task RunAsync(PythonScriptRunner python, string script, IEnumerable<string> arguments, string label, Action<string> log,
        string? advice = null, Action<string>? observe = null, CancellationToken cancellationToken = default)
    {
        var code = await python.RunAsync(script, arguments, line =>
        {
            observe?.Invoke(line);
            log($"{label}: {line}");
        }, cancellationToken).ConfigureAwait(false);
        if (code != 0)
            throw new InvalidOperationException(advice is null ? $"{script} failed (exit code {code})." : $"{script} failed (exit code {code}); {advice}.");
    }
}
