namespace NlQuery.Schema;

/// <summary>
/// Reads a PostgreSQL schema from <c>pg_catalog</c> (tables, views, materialised views and foreign tables in
/// creation order; columns in attribute order) through any ADO.NET provider, Npgsql included.
/// </summary>
public sealed class PostgreSqlSchemaReader : CatalogSchemaReader
{
    public static PostgreSqlSchemaReader Instance { get; } = new();

    // pg_catalog rather than information_schema: the latter hides tables the user may query through a grant on a
    // role it does not own, and it cannot tell creation order. format_type gives the declared type text.
    protected override string ColumnsSql => """
        SELECT c.relname, CASE WHEN c.relkind IN ('v', 'm') THEN 1 ELSE 0 END, a.attname,
               format_type(a.atttypid, a.atttypmod),
               CASE WHEN EXISTS (SELECT 1 FROM pg_constraint k
                                 WHERE k.conrelid = c.oid AND k.contype = 'p' AND a.attnum = ANY (k.conkey)) THEN 1 ELSE 0 END
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = COALESCE(CAST(@schema AS text), current_schema())
          AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        ORDER BY c.oid, a.attnum
        """;

    protected override string ForeignKeysSql => """
        SELECT src.relname, sa.attname, dst.relname, da.attname
        FROM pg_constraint k
        JOIN pg_class src ON src.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = src.relnamespace
        JOIN pg_class dst ON dst.oid = k.confrelid
        CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS cols(src_attnum, dst_attnum, position)
        JOIN pg_attribute sa ON sa.attrelid = k.conrelid AND sa.attnum = cols.src_attnum
        JOIN pg_attribute da ON da.attrelid = k.confrelid AND da.attnum = cols.dst_attnum
        WHERE k.contype = 'f' AND n.nspname = COALESCE(CAST(@schema AS text), current_schema())
        ORDER BY src.oid, k.conname, cols.position
        """;
}
