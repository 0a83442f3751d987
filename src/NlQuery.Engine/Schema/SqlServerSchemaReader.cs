namespace NlQuery.Schema;

/// <summary>
/// Reads a SQL Server schema from INFORMATION_SCHEMA and <c>sys</c> views through any ADO.NET provider
/// (Microsoft.Data.SqlClient, System.Data.SqlClient or an ODBC/OLE DB bridge): no client library is referenced.
/// </summary>
public sealed class SqlServerSchemaReader : CatalogSchemaReader
{
    public static SqlServerSchemaReader Instance { get; } = new();

    // INFORMATION_SCHEMA gives portable names and declared types; object_id order (sys.objects) approximates
    // creation order, which keeps the model input stable across reads.
    protected override string ColumnsSql => """
        SELECT t.TABLE_NAME,
               CASE WHEN t.TABLE_TYPE = 'VIEW' THEN 1 ELSE 0 END,
               c.COLUMN_NAME,
               c.DATA_TYPE + CASE
                   WHEN c.CHARACTER_MAXIMUM_LENGTH = -1 THEN '(max)'
                   WHEN c.CHARACTER_MAXIMUM_LENGTH IS NOT NULL THEN '(' + CAST(c.CHARACTER_MAXIMUM_LENGTH AS varchar(10)) + ')'
                   ELSE '' END,
               CASE WHEN EXISTS (
                   SELECT 1 FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
                   JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k
                     ON k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME AND k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
                   WHERE tc.CONSTRAINT_TYPE = 'PRIMARY KEY' AND tc.TABLE_SCHEMA = t.TABLE_SCHEMA
                     AND tc.TABLE_NAME = t.TABLE_NAME AND k.COLUMN_NAME = c.COLUMN_NAME) THEN 1 ELSE 0 END
        FROM INFORMATION_SCHEMA.TABLES t
        JOIN INFORMATION_SCHEMA.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
        WHERE t.TABLE_SCHEMA = COALESCE(@schema, SCHEMA_NAME())
        ORDER BY OBJECT_ID(QUOTENAME(t.TABLE_SCHEMA) + '.' + QUOTENAME(t.TABLE_NAME)), c.ORDINAL_POSITION
        """;

    protected override string ForeignKeysSql => """
        SELECT ps.name, pc.name, rs.name, rc.name
        FROM sys.foreign_key_columns fkc
        JOIN sys.tables ps ON ps.object_id = fkc.parent_object_id
        JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id
        JOIN sys.tables rs ON rs.object_id = fkc.referenced_object_id
        JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id
        WHERE SCHEMA_NAME(ps.schema_id) = COALESCE(@schema, SCHEMA_NAME())
        ORDER BY fkc.constraint_object_id, fkc.constraint_column_id
        """;
}
