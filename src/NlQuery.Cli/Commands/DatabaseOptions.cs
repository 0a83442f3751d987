using System.CommandLine;

namespace NlQuery.Cli.Commands;

/// <summary>The options every command that talks to a user database shares: <c>--db</c>, <c>--provider</c>, <c>--model</c> or <c>--llm …</c>.</summary>
internal sealed class DatabaseOptions
{
    public Option<string> Db { get; } = new("--db")
    {
        Description = "A SQLite database file, or a PostgreSQL / SQL Server connection string.",
    };

    public Option<string?> Provider { get; } = new("--provider")
    {
        Description = "sqlite, sqlserver or postgres (guessed from --db when left out).",
    };

    public Option<string?> Model { get; } = new("--model")
    {
        Description = "The model folder (default: models/default beside nlq or in the repository).",
    };

    /// <summary>A language model instead of the model folder.</summary>
    public LlmOptions Llm { get; } = new();

    public void AddTo(Command command)
    {
        command.Options.Add(Db);
        command.Options.Add(Provider);
        command.Options.Add(Model);
        Llm.AddTo(command);
    }
}
