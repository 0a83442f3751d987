namespace NlQuery.Cli;

/// <summary>
/// A problem with what the user asked for (a missing file, an unknown database id, a bad option): reported as one
/// clear line on stderr with exit code 2, never as a stack trace.
/// </summary>
internal sealed class CliError(string message) : Exception(message)
{
    public const int ExitCode = 2;

    /// <summary>Runs a command body, turning user-facing failures into a message and exit code 2.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (e is CliError or FileNotFoundException or DirectoryNotFoundException or InvalidDataException
                                      or KeyNotFoundException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"nlq: error: {e.Message}").ConfigureAwait(false);
            return ExitCode;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("nlq: cancelled").ConfigureAwait(false);
            return 130;
        }
    }
}
