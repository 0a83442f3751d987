namespace NlQuery.Linking;

/// <summary>
/// The default token counter: an estimate of how many T5 SentencePiece tokens a text takes, without the model.
/// Letters cost one token per started five characters, digits one per two, every other symbol one (plus one for
/// the word-start marker SentencePiece puts before a symbol that begins a word). Calibrated on the 1,263 texts of
/// <c>shared/models/t5-spiece/reference.jsonl</c>: serialised schemas are over-counted by about 3 % on average,
/// which keeps a budgeted input on the safe side. Plug the real tokenizer in through
/// <see cref="SchemaSummaryOptions.TokenCounter"/> for exact counts.
/// </summary>
public static class TokenEstimate
{
    public static int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = 0;
        var wordStart = true;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                wordStart = true;
                i++;
                continue;
            }
            var start = i;
            if (char.IsAsciiLetter(c) || (char.IsLetter(c) && c > 127))
            {
                while (i < text.Length && char.IsLetter(text[i]))
                    i++;
                tokens += 1 + (i - start - 1) / 5;
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                    i++;
                tokens += (i - start + 1) / 2;
            }
            else
            {
                i++;
                tokens += wordStart ? 2 : 1;
            }
            wordStart = false;
        }
        return tokens;
    }
}
