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


}
