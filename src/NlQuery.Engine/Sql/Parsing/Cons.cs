namespace NlQuery.Sql.Parsing;

/// <summary>An immutable singly linked list: prepending shares the tail, so forked parse states share their history.</summary>
internal sealed class Cons<T>(T head, Cons<T>? tail)
{
    public T Head { get; } = head;
    public Cons<T>? Tail { get; } = tail;

    public static IEnumerable<T> Enumerate(Cons<T>? list)
    {
        for (var c = list; c is not null; c = c.Tail)
            yield return c.Head;
    }

    /// <summary>Oldest first (the list is built by prepending).</summary>
    public static List<T> InOrder(Cons<T>? list)
    {
        var items = Enumerate(list).ToList();
        items.Reverse();
        return items;
    }
}
