using System.Runtime.CompilerServices;

namespace NlQuery.Sql.Parsing;

/// <summary>
/// A parser error message built only when someone will read it: a <see cref="Machine"/> that is
/// <see cref="Machine.Quiet"/> (a decoding constraint checking candidate tokens) skips the formatting, and the
/// compiler skips evaluating the message's holes, so a rejection costs no string.
/// </summary>
[InterpolatedStringHandler]
internal ref struct ParseMessage
{
    private DefaultInterpolatedStringHandler _text;
    private readonly bool _enabled;

    public ParseMessage(int literalLength, int formattedCount, Machine machine, out bool shouldAppend)
    {
        _enabled = shouldAppend = !machine.Quiet;
        _text = _enabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string value) => _text.AppendLiteral(value);

    public void AppendFormatted<T>(T value) => _text.AppendFormatted(value);

    public void AppendFormatted(string? value) => _text.AppendFormatted(value);

    /// <summary>The message, or null when it was not built.</summary>
    public string? ToStringAndClear() => _enabled ? _text.ToStringAndClear() : null;
}
