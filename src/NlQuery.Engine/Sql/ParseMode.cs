namespace NlQuery.Sql;

/// <summary>How much the parser checks.</summary>
public enum ParseMode
{
    /// <summary>Only that the text lexes into SQL tokens.</summary>
    Lex,

    /// <summary>Tokens and grammar.</summary>
    Grammar,

    /// <summary>Grammar plus schema guards: tables and columns exist, aliases are in scope, columns are unambiguous.</summary>
    Guards,
}
