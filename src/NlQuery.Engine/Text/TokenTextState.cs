namespace NlQuery.Text;

/// <summary>
/// Where incremental decoding stands after some ids: whether the text is still empty (so a leading ▁ is dropped),
/// and any UTF-8 bytes from byte pieces still waiting for the rest of their character. A small value type: a beam
/// search keeps one per hypothesis and copies it when the hypothesis forks. <c>default</c> is the empty text.
/// </summary>
public readonly struct TokenTextState : IEquatable<TokenTextState>
{
    internal TokenTextState(bool started, bool leadingSpaceSeen, bool textEmpty, uint pending, int pendingCount)
    {
        // Stored inverted so that default(TokenTextState) is the start of a text.
        NotAtStart = started;
        LeadingSpaceSeen = leadingSpaceSeen;
        HasText = !textEmpty;
        PendingBytes = pending;
        PendingCount = (byte)pendingCount;
    }

    internal bool NotAtStart { get; }

    internal bool LeadingSpaceSeen { get; }

    internal bool HasText { get; }

    /// <summary>Up to three bytes of an unfinished UTF-8 character, first byte lowest.</summary>
    internal uint PendingBytes { get; }

    internal byte PendingCount { get; }

    /// <summary>True when decoded text so far is empty (nothing visible has been produced).</summary>
    public bool IsEmpty => !HasText && PendingCount == 0;

    public bool Equals(TokenTextState other) =>
        NotAtStart == other.NotAtStart && LeadingSpaceSeen == other.LeadingSpaceSeen && HasText == other.HasText &&
        PendingBytes == other.PendingBytes && PendingCount == other.PendingCount;

    public override bool Equals(object? obj) => obj is TokenTextState other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(NotAtStart, LeadingSpaceSeen, HasText, PendingBytes, PendingCount);

    public static bool operator ==(TokenTextState left, TokenTextState right) => left.Equals(right);

    public static bool operator !=(TokenTextState left, TokenTextState right) => !left.Equals(right);
}
