namespace NlQuery.Schema;

/// <summary>A column as the live database declares it.</summary>
public sealed class Column
{
    public Column(string name, string declaredType = "", bool isPrimaryKey = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        DeclaredType = declaredType ?? "";
        IsPrimaryKey = isPrimaryKey;
    }

    public string Name { get; }

    /// <summary>The type text exactly as declared (SQLite allows any text, or none).</summary>
    public string DeclaredType { get; }

    public bool IsPrimaryKey { get; }

    /// <summary>The table that owns this column; set once when the table is built.</summary>
    public Table Table { get; internal set; } = null!;

    public override string ToString() => $"{Table?.Name}.{Name}";
}
