namespace NlQuery.Execution;

/// <summary>Limits on running generated SQL.</summary>
public sealed record ExecutionOptions
{
    public static ExecutionOptions Default { get; } = new();

    /// <summary>The command timeout; the database cancels a statement that runs longer.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many rows are read; <see cref="ResultTable.IsTruncated"/> tells when more existed.</summary>
    public int MaxRows { get; init; } = 1000;
}
