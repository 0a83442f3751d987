namespace NlQuery.Schema;

/// <summary>The database servers NlQuery introspects and writes SQL for.</summary>
public enum DatabaseKind
{
    Sqlite,
    SqlServer,
    PostgreSql,
}
