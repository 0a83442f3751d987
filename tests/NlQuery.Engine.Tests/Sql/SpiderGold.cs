using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Tests.Sql;

/// <summary>
/// Spider's gold queries with one schema, parser and read-only connection per database, shared by the dataset tests.
/// Three databases ship without a file (wta_1, baseball_1, soccer_1): their schema comes from tables.json and
/// their queries cannot be checked by SQLite.
/// </summary>
internal sealed class SpiderGold : IDisposable
{
    private readonly Dictionary<string, Database> _databases = new(StringComparer.Ordinal);
    private readonly SpiderSchemaCatalog _catalog;

    public SpiderGold()
    {
        _catalog = SpiderSchemaCatalog.Load(Path.Combine(SharedData.SpiderDir, "tables.json"));
        Queries = new[] { "train_gold.sql", "dev_gold.sql" }
            .SelectMany(file => File.ReadLines(Path.Combine(SharedData.SpiderDir, file)).Select((line, i) => (file, line, i)))
            .Where(x => x.line.Trim().Length > 0)
            .Select(x =>
            {
                var tab = x.line.LastIndexOf('\t');
                return new GoldQuery($"{x.file}:{x.i + 1}", x.line[..tab], x.line[(tab + 1)..].Trim());
            })
            .ToList();
    }

    public IReadOnlyList<GoldQuery> Queries { get; }

    public Database this[string dbId]
    {
        get
        {
            if (!_databases.TryGetValue(dbId, out var database))
                _databases[dbId] = database = Database.Open(dbId, _catalog);
            return database;
        }
    }

    public void Dispose()
    {
        foreach (var database in _databases.Values)
            database.Connection?.Dispose();
    }

    internal sealed record GoldQuery(string Where, string Sql, string DbId);

    internal sealed class Database(DatabaseSchema schema, SqliteConnection? connection)
    {
        public DatabaseSchema Schema { get; } = schema;
        public SqliteConnection? Connection { get; } = connection;
        public SqlParser Parser { get; } = new(SqlDialect.Sqlite, ParseMode.Guards, schema);
        public SqlParser TSqlParser { get; } = new(SqlDialect.TSql, ParseMode.Guards, schema);
        public SqlParser PostgreSqlParser { get; } = new(SqlDialect.PostgreSql, ParseMode.Guards, schema);

        public static Database Open(string dbId, SpiderSchemaCatalog catalog)
        {
            var file = Path.Combine(SharedData.SpiderDir, "database", dbId, dbId + ".sqlite");
            if (!File.Exists(file))
                return new Database(catalog[dbId], null);
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly }.ToString());
            connection.Open();
            // The bundled e_sqlite3 is built without SQLite's double-quoted-string fallback, which SQLite enables by
            // default and Spider's gold SQL relies on ("Bob" as a string): turn it back on for this connection.
            const int SqliteDbConfigDqsDml = 1013;
            SQLitePCL.raw.sqlite3_db_config(connection.Handle, SqliteDbConfigDqsDml, 1, out _);
            return new Database(SqliteSchemaReader.Instance.Read(connection, dbId), connection);
        }

        /// <summary>SQLite's verdict at prepare time: null when it compiles, else its error message.</summary>
        public string? Explain(string sql)
        {
            try
            {
                using var command = Connection!.CreateCommand();
                command.CommandText = "EXPLAIN " + sql;
                using var reader = command.ExecuteReader();
                return null;
            }
            catch (SqliteException e)
            {
                return e.Message;
            }
        }
    }
}

/// <summary>Deterministic mutations of a query's tokens: the kinds of mistakes a decoder makes.</summary>
internal static partial class SqlMutator
{
    [GeneratedRegex(@"'(?:[^']|'')*'|""[^""]*""|\w+|<=|>=|<>|!=|==|\|\||\S")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^[A-Za-z_]\w*$")]
    private static partial Regex NamePattern();

    private static readonly string[] Vocabulary =
    [
        "SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "OFFSET", "JOIN", "LEFT", "ON", "AS", "AND", "OR",
        "NOT", "IN", "LIKE", "BETWEEN", "UNION", "INTERSECT", "EXCEPT", "DISTINCT", "DESC", "ASC", "IS", "NULL", "EXISTS",
        "CASE", "WHEN", "THEN", "ELSE", "END", "CAST", "count", "sum", "avg", "min", "max", "lower", "substr", "round",
        "(", ")", ",", ".", "*", "=", "<", ">", "!=", "-", "+", "/", ";", "1", "2", "0", "'x'", "\"x\"", "T1", "T2", "T3",
    ];

    private static readonly HashSet<string> ClauseKeywords = new(["WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "FROM"], StringComparer.OrdinalIgnoreCase);

    public static IEnumerable<string> Mutate(string sql, DatabaseSchema schema, Random random, int count)
    {
        var tokens = TokenPattern().Matches(sql).Select(m => m.Value).ToList();
        var names = schema.Tables.Select(t => t.Name).Concat(schema.Tables.SelectMany(t => t.Columns).Select(c => c.Name))
            .Where(n => NamePattern().IsMatch(n)).ToArray();
        for (var k = 0; k < count; k++)
        {
            var t = new List<string>(tokens);
            var i = random.Next(t.Count);
            var nameAt = Enumerable.Range(0, t.Count).Where(j => NamePattern().IsMatch(t[j])).ToList();
            switch (random.Next(9))
            {
                case 0 when names.Length > 0 && nameAt.Count > 0: // another table or column of the schema
                    t[nameAt[random.Next(nameAt.Count)]] = names[random.Next(names.Length)];
                    break;
                case 1 when nameAt.Count > 0: // misspelt name
                {
                    var j = nameAt[random.Next(nameAt.Count)];
                    var w = t[j];
                    var p = random.Next(w.Length);
                    t[j] = random.Next(3) switch
                    {
                        0 when w.Length > 1 => w.Remove(p, 1),
                        1 => w.Insert(p, "x"),
                        _ => p + 1 < w.Length ? w[..p] + w[p + 1] + w[p] + w[(p + 2)..] : w + "s",
                    };
                    break;
                }
                case 2: // dropped token
                    t.RemoveAt(i);
                    break;
                case 3: // duplicated token
                    t.Insert(i, t[i]);
                    break;
                case 4 when i + 1 < t.Count: // swapped neighbours
                    (t[i], t[i + 1]) = (t[i + 1], t[i]);
                    break;
                case 5: // replaced token
                    t[i] = Vocabulary[random.Next(Vocabulary.Length)];
                    break;
                case 6: // inserted token
                    t.Insert(i, Vocabulary[random.Next(Vocabulary.Length)]);
                    break;
                case 7: // wrong alias
                {
                    var aliases = Enumerable.Range(0, t.Count).Where(j => t[j].Length == 2 && (t[j][0] is 'T' or 't') && char.IsDigit(t[j][1])).ToList();
                    if (aliases.Count > 0)
                        t[aliases[random.Next(aliases.Count)]] = "T" + random.Next(1, 5);
                    break;
                }
                default: // a clause moved elsewhere
                {
                    var starts = Enumerable.Range(0, t.Count).Where(j => ClauseKeywords.Contains(t[j])).ToList();
                    if (starts.Count >= 2)
                    {
                        var a = random.Next(starts.Count - 1);
                        var segment = t.GetRange(starts[a], starts[a + 1] - starts[a]);
                        t.RemoveRange(starts[a], segment.Count);
                        t.InsertRange(Math.Min(t.Count, starts[a] + random.Next(1, 8)), segment);
                    }
                    break;
                }
            }
            yield return string.Join(" ", t);
        }
    }
}
