namespace NlQuery.Text;

/// <summary>A model's <c>NormalizerSpec</c>: the character map and the whitespace rules applied before segmenting.</summary>
public sealed class SentencePieceNormalizerSpec
{
    /// <summary>The rule set's name, e.g. <c>nmt_nfkc</c> or <c>identity</c>; informative only, the map below is what runs.</summary>
    public string Name { get; internal set; } = "";

    /// <summary>The compiled character map (a darts-clone double-array trie followed by the replacement strings); empty means no mapping.</summary>
    public ReadOnlyMemory<byte> PrecompiledCharsMap { get; internal set; }

    public bool AddDummyPrefix { get; internal set; } = true;

    public bool RemoveExtraWhitespaces { get; internal set; } = true;

    public bool EscapeWhitespaces { get; internal set; } = true;
}
