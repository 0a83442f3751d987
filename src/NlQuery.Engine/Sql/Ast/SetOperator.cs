namespace NlQuery.Sql;

/// <summary>How two SELECT cores combine.</summary>
public enum SetOperator { Union, UnionAll, Intersect, Except }
