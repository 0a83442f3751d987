using System.Collections.ObjectModel;
using System.Data;
using System.Data.Common;
using System.Text;
using NlQuery.Schema;

namespace NlQuery.Linking;

/// <summary>
/// The distinct values of every column of one database, read once and matched against each question in memory:
/// questions never scan tables. Build it when a schema is first read; reuse it for every question on that database.
/// </summary>
public sealed class ValueIndex
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<(string Table, string Column), ColumnValues> _byColumn;

    public ValueIndex(DatabaseSchema schema, IEnumerable<ColumnValues> columns)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        Schema = schema;
        var list = columns.ToList();
        _byColumn = new Dictionary<(string, string), ColumnValues>(ValueMatchResult.NameComparer.Instance);
        foreach (var column in list)
        {
            if (schema.FindTable(column.TableName)?.FindColumn(column.ColumnName) is null)
                throw new ArgumentException($"Column '{column.TableName}.{column.ColumnName}' is not in schema '{schema.Name}'.", nameof(columns));
            if (!_byColumn.TryAdd((column.TableName, column.ColumnName), column))
                throw new ArgumentException($"Column '{column.TableName}.{column.ColumnName}' is given twice.", nameof(columns));
        }
        Columns = new ReadOnlyCollection<ColumnValues>(list);
    }

    public DatabaseSchema Schema { get; }

    /// <summary>The indexed columns, in schema order when built from a database.</summary>
    public IReadOnlyList<ColumnValues> Columns { get; }

    /// <summary>The indexed values of one column, or null when it was not indexed. Names compare case-insensitively.</summary>
    public ColumnValues? Find(string tableName, string columnName) => _byColumn.GetValueOrDefault((tableName, columnName));

    /// <summary>Reads the distinct values of every column of <paramref name="schema"/> (see <see cref="ValueIndexOptions"/>).</summary>
    public static ValueIndex Build(DbConnection connection, DatabaseSchema schema, ValueIndexOptions? options = null) =>
        BuildCoreAsync(connection, schema, options, async: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc cref="Build"/>
    public static ValueTask<ValueIndex> BuildAsync(DbConnection connection, DatabaseSchema schema, ValueIndexOptions? options = null,
        CancellationToken cancellationToken = default) =>
        BuildCoreAsync(connection, schema, options, async: true, cancellationToken);

    /// <summary>Matches <paramref name="question"/> against every indexed column.</summary>
    public ValueMatchResult Match(string question, ValueMatcher? matcher = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        matcher ??= ValueMatcher.Default;
        var prepared = new MatchableQuestion(question);
        var found = new List<ColumnValueMatches>();
        foreach (var column in Columns)
        {
            if (!IsMatchable(column))
                continue;
            var candidates = matcher.Rank(prepared, column.Prepared);
            if (candidates.Count > 0)
                found.Add(new ColumnValueMatches(column.TableName, column.ColumnName, candidates, matcher.Select(candidates, column.TableName, column.ColumnName)));
        }
        return new ValueMatchResult(question, found);
    }

    /// <summary>
    /// PICARD matches a column only when the first element of its value set is text; that order is Python's
    /// hash order, which changes from run to run when text and non-text values are mixed. We take the stable
    /// reading: a column with any text value is matched.
    /// </summary>
    private static bool IsMatchable(ColumnValues column) => column.TextValues.Count > 0;

    private static async ValueTask<ValueIndex> BuildCoreAsync(DbConnection connection, DatabaseSchema schema, ValueIndexOptions? options,
        bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= ValueIndexOptions.Default;
        options.Validate();
        if (connection.State != ConnectionState.Open)
            throw new InvalidOperationException("The connection must be open to build a value index.");
        var useTop = IsSqlServer(connection);

        var columns = new List<ColumnValues>();
        foreach (var table in schema.Tables)
        {
            if (table.IsView && !options.IncludeViews)
                continue;
            foreach (var column in table.Columns)
            {
                var sql = DistinctValuesSql(options.SchemaName, table.Name, column.Name, options, useTop);
                List<object> rows;
                try
                {
                    rows = await DbQuery.ListAsync(connection, sql, [], r => r.GetValue(0), async, cancellationToken).ConfigureAwait(false);
                }
                catch (DbException e)
                {
                    throw new InvalidOperationException($"Cannot read the values of column '{table.Name}.{column.Name}' of '{schema.Name}': {e.Message}", e);
                }
                columns.Add(ToColumnValues(table.Name, column.Name, rows, options));
            }
        }
        return new ValueIndex(schema, columns);
    }

    private static ColumnValues ToColumnValues(string table, string column, List<object> rows, ValueIndexOptions options)
    {
        var truncated = options.MaxValuesPerColumn is { } cap && rows.Count > cap;
        if (truncated)
            rows.RemoveRange(options.MaxValuesPerColumn!.Value, rows.Count - options.MaxValuesPerColumn.Value);
        var texts = new List<string>(rows.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var hasNonText = false;
        foreach (var value in rows)
        {
            var text = value switch
            {
                string s => s,
                // PICARD decodes blobs as UTF-8, or Latin-1 when that fails, and matches them as text.
                byte[] bytes => DecodeBlob(bytes),
                _ => null,
            };
            if (text is null)
                hasNonText = true;
            else if (seen.Add(text))
                texts.Add(text);
        }
        return new ColumnValues(table, column, texts, hasNonText, truncated);
    }

    private static string DecodeBlob(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    // Unknown providers get the LIMIT form, which SQLite, PostgreSQL and most others accept.
    private static bool IsSqlServer(DbConnection connection)
    {
        try
        {
            return DatabaseKindDetector.Detect(connection) == DatabaseKind.SqlServer;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    private static string DistinctValuesSql(string? schemaName, string table, string column, ValueIndexOptions options, bool useTop)
    {
        var c = Quote(column);
        var source = schemaName is null ? Quote(table) : Quote(schemaName) + "." + Quote(table);
        var valueLimit = options.MaxValuesPerColumn + 1;
        if (useTop)
        {
            if (options.MaxRowsPerColumn is { } topRows)
                source = $"(SELECT TOP ({topRows}) {c} FROM {source}) AS sampled";
            return valueLimit is { } topValues ? $"SELECT DISTINCT TOP ({topValues}) {c} FROM {source}" : $"SELECT DISTINCT {c} FROM {source}";
        }
        if (options.MaxRowsPerColumn is { } rows)
            source = $"(SELECT {c} FROM {source} LIMIT {rows}) AS sampled";
        return valueLimit is { } values ? $"SELECT DISTINCT {c} FROM {source} LIMIT {values}" : $"SELECT DISTINCT {c} FROM {source}";
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
