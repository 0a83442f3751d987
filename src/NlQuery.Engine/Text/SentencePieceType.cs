namespace NlQuery.Text;

/// <summary>The kind of a vocabulary entry, as <c>ModelProto.SentencePiece.Type</c> numbers them.</summary>
public enum SentencePieceType
{
    /// <summary>An ordinary piece the segmenter may choose.</summary>
    Normal = 1,

    /// <summary>The single unknown piece (<c>&lt;unk&gt;</c>), emitted for characters no piece covers.</summary>
    Unknown = 2,

    /// <summary>A control symbol such as <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c> or <c>&lt;pad&gt;</c>: never produced from text, invisible when decoded.</summary>
    Control = 3,

    /// <summary>A piece the trainer was told to keep whole; matched in text before normalisation.</summary>
    UserDefined = 4,

    /// <summary>A piece present in the vocabulary that the segmenter must not choose.</summary>
    Unused = 5,

    /// <summary>One of the 256 <c>&lt;0xXX&gt;</c> pieces used when <c>byte_fallback</c> is on.</summary>
    Byte = 6,
}
