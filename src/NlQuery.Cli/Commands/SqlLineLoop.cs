using System.Text;

namespace NlQuery.Cli.Commands;

/// <summary>
/// The line-in, line-out loop of <c>nlq sql check</c> and <c>nlq sql print</c>: one output line for every input line,
/// UTF-8 both ways, flushed per line when a person is typing and buffered when input is piped.
/// </summary>
internal static class SqlLineLoop
{
    /// <summary>Exit code when the parser itself fails: a bug to report, not a mistake of the user's.</summary>
    public const int InternalErrorExitCode = 70;

    public static async Task<int> RunAsync(Func<string, string> answer, CancellationToken cancellationToken)
    {
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        using var input = new StreamReader(Console.OpenStandardInput(), encoding);
        await using var output = new StreamWriter(Console.OpenStandardOutput(), encoding) { AutoFlush = !Console.IsInputRedirected };
        var lineNumber = 0;
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            string verdict;
            try
            {
                verdict = answer(line);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync(
                    $"nlq: internal error: the parser threw {e.GetType().Name} on input line {lineNumber} ({e.Message}); please report it with that line.")
                    .ConfigureAwait(false);
                return InternalErrorExitCode;
            }
            await output.WriteLineAsync(verdict).ConfigureAwait(false);
        }
        return 0;
    }
}
