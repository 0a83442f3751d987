using Spectre.Console;

namespace NlQuery.Cli.Output;

/// <summary>Shows a spinner on stderr while a long step runs, so stdout stays clean for results and JSON.</summary>
internal static class StatusSpinner
{
    private static readonly IAnsiConsole Stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static Task<T> RunAsync<T>(string status, Func<Task<T>> work) =>
        Console.IsErrorRedirected ? work() : Stderr.Status().Spinner(Spinner.Known.Dots).StartAsync(status, _ => work());
}
