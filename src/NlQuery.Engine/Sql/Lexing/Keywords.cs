namespace NlQuery.Sql.Lexing;

/// <summary>Keywords the grammar knows. Dialects choose which of them are keywords for them.</summary>
internal enum Kw : byte
{
    None,
    Select, From, Where, Group, By, Having, Order, Limit, Offset, Union, Intersect, Except, All, Distinct, As, On,
    Join, Inner, Left, Cross, Outer, And, Or, Not, In, Is, Null, Like, Glob, Between, Case, When, Then, Else, End,
    Exists, Cast, Asc, Desc, With,
    // Contextual: names elsewhere.
    Top, Rows, Row, Fetch, Next, First, Only,
}

internal static class Keywords
{
    public static readonly Kw[] Common =
    [
        Kw.Select, Kw.From, Kw.Where, Kw.Group, Kw.By, Kw.Having, Kw.Order, Kw.Offset, Kw.Union, Kw.Intersect,
        Kw.Except, Kw.All, Kw.Distinct, Kw.As, Kw.On, Kw.Join, Kw.Inner, Kw.Left, Kw.Cross, Kw.Outer, Kw.And, Kw.Or,
        Kw.Not, Kw.In, Kw.Is, Kw.Null, Kw.Like, Kw.Between, Kw.Case, Kw.When, Kw.Then, Kw.Else, Kw.End, Kw.Exists,
        Kw.Cast, Kw.Asc, Kw.Desc, Kw.With,
    ];

    /// <summary>Keywords that may also be names where a name is expected (SQLite accepts a table called "cast").</summary>
    public static bool IsContextual(Kw keyword) => keyword >= Kw.Top || keyword == Kw.Cast;

    public static string Text(Kw keyword) => keyword.ToString().ToUpperInvariant();

    public static string SymbolText(Sym symbol) => symbol switch
    {
        Sym.LParen => "(", Sym.RParen => ")", Sym.Comma => ",", Sym.Dot => ".", Sym.Star => "*", Sym.Plus => "+",
        Sym.Minus => "-", Sym.Slash => "/", Sym.Percent => "%", Sym.Eq => "=", Sym.EqEq => "==", Sym.Ne => "!=",
        Sym.LtGt => "<>", Sym.Lt => "<", Sym.Le => "<=", Sym.Gt => ">", Sym.Ge => ">=", Sym.Concat => "||",
        Sym.Semicolon => ";", _ => "",
    };
}

/// <summary>A dialect's keyword table: exact lookup and a sorted array for "which keywords start with this prefix".</summary>
internal sealed class KeywordTable
{
    private readonly Dictionary<string, Kw> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly string[] _sorted;
    private readonly Kw[] _sortedKw;

    public KeywordTable(IEnumerable<Kw> keywords)
    {
        foreach (var k in keywords)
            _byName[Keywords.Text(k)] = k;
        var pairs = _byName.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToArray();
        _sorted = pairs.Select(p => p.Key).ToArray();
        _sortedKw = pairs.Select(p => p.Value).ToArray();
    }

    public bool TryGet(string word, out Kw keyword) => _byName.TryGetValue(word, out keyword);

    public bool TryGet(ReadOnlySpan<char> word, out Kw keyword) =>
        _byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out keyword);

    /// <summary>Keywords starting with <paramref name="prefix"/> (case-insensitive), as a range of the sorted table.</summary>
    public ReadOnlySpan<Kw> StartingWith(string prefix)
    {
        var (start, count) = NameSet.PrefixRange(_sorted, prefix);
        return _sortedKw.AsSpan(start, count);
    }
}
