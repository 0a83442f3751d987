namespace NlQuery.Sql;

/// <summary>How a function aggregates: never, always, or only when called with one argument (SQLite's min/max).</summary>
internal enum AggregateKind : byte { None, Always, WhenOneArgument }

/// <summary>A function a dialect knows, with the argument counts its engine accepts at prepare time.</summary>
internal sealed record SqlFunction(string Name, int MinArgs, int MaxArgs, AggregateKind Aggregate = AggregateKind.None, bool AllowsStar = false)
{
    public const int Unbounded = int.MaxValue;

    public bool IsAggregateWith(int args) => Aggregate == AggregateKind.Always || (Aggregate == AggregateKind.WhenOneArgument && args == 1);

    public bool MayAggregate => Aggregate != AggregateKind.None;
}
