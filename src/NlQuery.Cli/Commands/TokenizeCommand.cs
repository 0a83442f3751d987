using System.CommandLine;
using System.Globalization;
using System.Text;
using NlQuery.Text;

namespace NlQuery.Cli.Commands;

/// <summary>
/// <c>nlq tokenize --spm &lt;model&gt;</c>: one text per stdin line in, one line of space-separated ids out (no EOS),
/// as T5's tokenizer encodes it (<c>&lt;extra_id_N&gt;</c> included). With <c>--decode</c>, ids in and text out.
/// </summary>
internal static class TokenizeCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--spm")
        {
            Description = "The SentencePiece unigram model (T5's spiece.model or one spm_train built).",
            Required = true,
        };
        var decode = new Option<bool>("--decode")
        {
            Description = "Read lines of space-separated ids and write their text instead.",
        };
        var extraIds = new Option<int>("--extra-ids")
        {
            Description = "Number of <extra_id_N> sentinels above the model's pieces (T5: 100).",
            DefaultValueFactory = _ => T5Tokenizer.DefaultExtraIds,
        };
        var command = new Command("tokenize", "Encode stdin lines to SentencePiece ids (or decode ids with --decode).")
        {
            model, decode, extraIds,
        };
        command.SetAction((parse, cancellationToken) => CliError.RunAsync(() => RunAsync(
            parse.GetValue(model)!, parse.GetValue(decode), parse.GetValue(extraIds), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo modelFile, bool decode, int extraIds, CancellationToken cancellationToken)
    {
        if (extraIds < 0)
            throw new CliError($"--extra-ids must be 0 or more, not {extraIds}.");
        var tokenizer = new T5Tokenizer(
            await SentencePieceTokenizer.LoadAsync(modelFile.FullName, cancellationToken).ConfigureAwait(false), extraIds);

        using var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        await using var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
        var ids = new List<int>();
        var lineNumber = 0;
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (decode)
            {
                await output.WriteLineAsync(tokenizer.Decode(ParseIds(line, lineNumber, tokenizer.VocabularySize))).ConfigureAwait(false);
                continue;
            }
            ids.Clear();
            tokenizer.Encode(line.AsSpan(), ids, addEos: false);
            await output.WriteLineAsync(string.Join(' ', ids)).ConfigureAwait(false);
        }
        return 0;
    }

    private static int[] ParseIds(string line, int lineNumber, int vocabularySize)
    {
        var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var ids = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ids[i]))
                throw new CliError($"stdin line {lineNumber}: \"{parts[i]}\" is not a token id.");
            if (ids[i] >= vocabularySize)
                throw new CliError($"stdin line {lineNumber}: id {ids[i]} is outside the vocabulary of {vocabularySize} ids.");
        }
        return ids;
    }
}
