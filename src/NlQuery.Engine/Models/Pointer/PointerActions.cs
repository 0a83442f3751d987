using NlQuery.Sql;

namespace NlQuery.Models.Pointer;

/// <summary>
/// The actions of one request and their text: the vocabulary's entries, then one pointer per position of the
/// <see cref="PointerInput"/> (a table's or column's name, a value as a string literal, a copied question word).
/// Renders action sequences to SQL with the format's spacing; the decoding constraint and the training targets both
/// go through <see cref="Append"/>, so what the parser checks is what the model was trained to write.
/// </summary>
public sealed class PointerActions
{
    private readonly string[] _texts;

    public PointerActions(ActionVocabulary vocabulary, PointerInput input, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(dialect);
        Vocabulary = vocabulary;
        Input = input;
        _texts = new string[vocabulary.Count + input.Positions.Count];
        for (var i = 0; i < vocabulary.Count; i++)
            _texts[i] = i < 3 ? "" : vocabulary[i];
        for (var p = 0; p < input.Positions.Count; p++)
        {
            var position = input.Positions[p];
            _texts[vocabulary.Count + p] = position.Type switch
            {
                PositionType.Value => "'" + position.Text.Replace("'", "''", StringComparison.Ordinal) + "'",
                PositionType.QuestionWord => position.Text,
                _ => dialect.NeedsQuoting(position.Text) ? dialect.QuoteName(position.Text) : position.Text,
            };
        }
    }

    public ActionVocabulary Vocabulary { get; }

    public PointerInput Input { get; }

    /// <summary>Vocabulary entries plus positions.</summary>
    public int Count => _texts.Length;

    /// <summary>The action that points at position <paramref name="position"/>.</summary>
    public int PointerTo(int position) => Vocabulary.Count + position;

    /// <summary>The position an action points at, or −1 for a vocabulary action.</summary>
    public int PositionOf(int action) => action >= Vocabulary.Count ? action - Vocabulary.Count : -1;

    public string Text(int action) => _texts[action];

    /// <summary>
    /// The text <paramref name="action"/> adds after a prefix in <paramref name="state"/>, or null when the action
    /// cannot follow it: a control action, or inside a string literal anything but a copied word, <c>%</c> or the
    /// closing quote; outside one, a copied word that is not a number.
    /// </summary>
    public string? Append(ActionRenderState state, int action, out ActionRenderState next)
    {
        next = state;
        if ((uint)action >= (uint)_texts.Length || action < 3)
            return null;
        var text = _texts[action];
        var position = PositionOf(action);
        var isCopy = position >= 0 && Input.Positions[position].Type == PositionType.QuestionWord;
        if (state.InLiteral)
        {
            if (text == "'" && !isCopy)
            {
                next = new ActionRenderState(true, false, false, false);
                return "'";
            }
            if (isCopy)
            {
                next = state with { AfterCopy = true };
                return state.AfterCopy ? " " + text : text;
            }
            if (text == "%")
            {
                next = state with { AfterCopy = false };
                return text;
            }
            return null;
        }
        if (isCopy && !IsNumberPart(text))
            return null;
        var separator = !state.Started || state.AfterDot || text == "." ? "" : " ";
        next = new ActionRenderState(true, text == ".", text == "'" && !isCopy, false);
        return separator + text;
    }

    /// <summary>The SQL text of an action sequence (end-of-sequence and anything after it ignored).</summary>
    /// <exception cref="ArgumentException">An action cannot follow the ones before it.</exception>
    public string Render(IEnumerable<int> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var builder = new System.Text.StringBuilder();
        var state = default(ActionRenderState);
        foreach (var action in actions)
        {
            if (action == ActionVocabulary.End)
                break;
            builder.Append(Append(state, action, out state)
                ?? throw new ArgumentException($"Action {action} ('{(action >= 0 && action < _texts.Length ? _texts[action] : "?")}') cannot follow '{builder}'.", nameof(actions)));
        }
        return builder.ToString();
    }

    /// <summary>Copied words outside a string literal build numbers only (digits, a decimal point, a sign).</summary>
    private static bool IsNumberPart(string text) => text is "." or "-" || text.All(char.IsAsciiDigit);
}
