namespace NlQuery.Sql;

/// <summary>What a literal is.</summary>
public enum LiteralKind { Integer, Decimal, String, Null }
