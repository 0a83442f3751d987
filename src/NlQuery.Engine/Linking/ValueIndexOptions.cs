namespace NlQuery.Linking;

/// <summary>
/// How much of each column <see cref="ValueIndex"/> reads. PICARD reads every distinct value of every column for every
/// question; the index reads them once, and on large tables reads a bounded, deterministic sample:
/// the first <see cref="MaxRowsPerColumn"/> rows in the table's storage order, and of their distinct values the first
/// <see cref="MaxValuesPerColumn"/> the database returns. Columns cut short are marked
/// <see cref="ColumnValues.IsTruncated"/> (when the value cap is reached; a row cap cannot tell without a full scan).
/// </summary>
public sealed record ValueIndexOptions
{
    /// <summary>Everything, as PICARD reads it: use this to reproduce PICARD's model inputs.</summary>
    public static ValueIndexOptions Complete { get; } = new() { MaxRowsPerColumn = null, MaxValuesPerColumn = null };

    /// <summary>Bounded reads for live databases of any size (200,000 rows and 10,000 distinct values per column).</summary>
    public static ValueIndexOptions Default { get; } = new();

    /// <summary>Rows read per column, in storage order; null reads the whole table.</summary>
    public int? MaxRowsPerColumn { get; init; } = 200_000;

    /// <summary>Distinct values kept per column (text and non-text alike); null keeps all.</summary>
    public int? MaxValuesPerColumn { get; init; } = 10_000;

    /// <summary>
    /// The schema (namespace) that holds the tables, for servers where the schema was read from a non-default one
    /// (PostgreSQL, SQL Server); null uses the connection's default, as the schema readers do.
    /// </summary>
    public string? SchemaName { get; init; }

    /// <summary>Whether views are indexed too. PICARD reads tables only (Spider's schema dump lists no views).</summary>
    public bool IncludeViews { get; init; }

    internal void Validate()
    {
        if (MaxRowsPerColumn is <= 0)
            throw new ArgumentOutOfRangeException(nameof(MaxRowsPerColumn), MaxRowsPerColumn, "The row limit per column must be positive (or null for no limit).");
        if (MaxValuesPerColumn is <= 0)
            throw new ArgumentOutOfRangeException(nameof(MaxValuesPerColumn), MaxValuesPerColumn, "The value limit per column must be positive (or null for no limit).");
    }
}
