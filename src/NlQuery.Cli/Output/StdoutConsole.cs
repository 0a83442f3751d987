using Spectre.Console;

namespace NlQuery.Cli.Output;

/// <summary>
/// The console tables and messages go to. A terminal gets Spectre's detected settings; anything else (a pipe, a file)
/// gets no ANSI codes and no width limit, because Spectre would otherwise wrap at 80 columns and keep colour codes
/// whenever TERM says colours exist, which corrupts what scripts read.
/// </summary>
internal static class StdoutConsole
{
    /// <summary>Wide enough that no table row is ever wrapped; a terminal's own width is used when there is one.</summary>
    private const int UnlimitedWidth = 1 << 15;

    public static IAnsiConsole Instance => field ??= Create();

    private static IAnsiConsole Create()
    {
        if (!Console.IsOutputRedirected)
            return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = UnlimitedWidth;
        return console;
    }

    /// <summary>
    /// Writes SQL as plain text, never through Spectre: the printed SQL must be exactly the SQL that ran, byte for
    /// byte, and Spectre hard-wraps long lines (inside string literals too) at the console width.
    /// </summary>
    public static void WriteSql(string sql) => Console.Out.WriteLine(sql);
}
