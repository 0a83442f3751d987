using System.Data.Common;
using Dapper;

namespace NlQuery;

/// <summary><c>connection.AskAsync("how many customers are in Berlin?")</c> on any supported ADO.NET connection.</summary>
public static class NlQueryConnectionExtensions
{
    public static Task<Answer> AskAsync(this DbConnection connection, string question, AskOptions? options = null, CancellationToken cancellationToken = default) =>
        EngineFor(options).AskAsync(connection, question, options, cancellationToken);

    public static Answer Ask(this DbConnection connection, string question, AskOptions? options = null) =>
        EngineFor(options).Ask(connection, question, options);

    /// <summary>Answers a question and maps each row to <typeparamref name="T"/> by column name, as Dapper does.</summary>
    public static async Task<IReadOnlyList<T>> AskAsync<T>(this DbConnection connection, string question, AskOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var answer = await connection.AskAsync(question, options, cancellationToken).ConfigureAwait(false);
        using var reader = answer.CreateReader();
        return reader.Parse<T>().ToList();
    }

    private static NlQueryEngine EngineFor(AskOptions? options) => options?.Engine ?? NlQueryEngine.Default;
}
