using System.Data.Common;
using NlQuery.Feedback;
using NlQuery.Linking;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Training.Datasets;

/// <summary>
/// What the dataset builder needs from one database: its schema, its values for matching (null when only the schema is
/// known, as for a tables.json entry without a database file) and a parser that checks targets against the schema.
/// </summary>
public sealed class TrainingDatabase
{
    private readonly Lazy<SchemaSummariser> _summariser;

    public TrainingDatabase(DatabaseSchema schema, ValueIndex? values, string origin)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        Values = values;
        Origin = origin;
        Parser = new SqlParser(SqlDialect.Sqlite, ParseMode.Guards, schema);
        _summariser = new Lazy<SchemaSummariser>(() => new SchemaSummariser(schema, values));
    }

    public string DbId => Schema.Name;

    public DatabaseSchema Schema { get; }

    public ValueIndex? Values { get; }

    /// <summary>Where the schema came from: the database file's path, or the tables.json that described it.</summary>
    public string Origin { get; }

    /// <summary>A SQLite parser in Guards mode over <see cref="Schema"/>: the same check constrained decoding applies.</summary>
    public SqlParser Parser { get; }

    /// <summary>The schema summariser over this database (built on first use: it indexes names and values once).</summary>
    public SchemaSummariser Summariser => _summariser.Value;

    /// <summary>
    /// A user's live database as <c>AskAsync</c> sees it: the schema from the connection's metadata (without NlQuery's
    /// feedback table) under the name feedback records carry, and the value index built as the engine builds it, so
    /// training inputs are the inputs asking makes.
    /// </summary>
    /// <param name="connection">An open connection.</param>
    public static async Task<TrainingDatabase> ReadAsync(DbConnection connection, ValueIndexOptions? valueOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var kind = DatabaseKindDetector.Detect(connection);
        var name = NlQueryEngine.DatabaseName(connection, kind);
        var schema = FeedbackStore.WithoutFeedbackTable(
            await DatabaseKindDetector.SchemaReaderFor(kind).ReadAsync(connection, name, cancellationToken).ConfigureAwait(false));
        var values = await ValueIndex.BuildAsync(connection, schema, valueOptions ?? ValueIndexOptions.Default, cancellationToken).ConfigureAwait(false);
        return new TrainingDatabase(schema, values, connection.DataSource);
    }}
