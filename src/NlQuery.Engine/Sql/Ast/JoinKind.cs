namespace NlQuery.Sql;

/// <summary>How a FROM item joins the ones before it (<see cref="First"/> for the first item).</summary>
public enum JoinKind { First, Comma, Join, Inner, Left, Cross }
