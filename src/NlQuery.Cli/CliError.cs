namespace NlQuery.Cli;

/// <summary>
/// A problem with what the user asked for (a missing file, an unknown database id, a bad option): reported as one
/// clear line on stderr with exit code 2, never as a stack trace. Outcomes that are not mistakes (no answer, a refused
/// write) use the same path with their own exit code and label.
/// </summary>
internal sealed class CliError(string message, int exitCode = ExitCodes.Usage, string label = "error") : Exception(message)
{
    public const int ExitCode = ExitCodes.Usage;

    /// <summary>The process exit code for this failure.</summary>
    public int Code { get; } = exitCode;

    /// <summary>The word after <c>nlq:</c> on stderr: <c>error</c>, <c>no answer</c>, <c>refused</c>.</summary>
    public string Label { get; } = label;

    /// <summary>Runs a command body, turning user-facing failures into a message and exit code 2.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliError e)
        {
            // Messages quote user text (paths, questions, SQL): no escape sequence from it reaches the terminal.
            await Console.Error.WriteLineAsync($"nlq: {e.Label}: {EchoText.EscapeMessage(e.Message)}").ConfigureAwait(false);
            return e.Code;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException
                                      or KeyNotFoundException or UnauthorizedAccessException or Llm.LlmException)
        {
            await Console.Error.WriteLineAsync($"nlq: error: {EchoText.EscapeMessage(e.Message)}").ConfigureAwait(false);
            return ExitCode;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("nlq: cancelled").ConfigureAwait(false);
            return 130;
        }
    }

    /// <summary>
    /// Awaits a training pipeline, whose <see cref="InvalidOperationException"/> is a problem the user can act on (a
    /// missing file, a failed step to resume): one line and exit code 2, like the command's own option errors.
    /// </summary>
    public static async Task<T> FromPipelineAsync<T>(Task<T> pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        try
        {
            return await pipeline.ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new CliError(e.Message);
        }
    }
}
