using System.Data.Common;

namespace NlQuery.Schema;

/// <summary>
/// Runs a metadata query over plain ADO.NET and maps its rows; the one place where sync and async reads differ.
/// </summary>
internal static class DbQuery
{
    public static async ValueTask<List<T>> ListAsync<T>(DbConnection connection, string sql, IReadOnlyList<(string Name, object Value)> parameters,
        Func<DbDataReader, T> map, bool async, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        var list = new List<T>();
        await using var reader = async
            ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false)
            : command.ExecuteReader();
        while (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read())
            list.Add(map(reader));
        return list;
    }
}
