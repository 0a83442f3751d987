using NlQuery.Translation;

namespace NlQuery.Cli.Models;

/// <summary>
/// Loads the model on the first question, so that REPL commands that need no model (<c>:sql</c>, <c>:why</c>) work
/// without one and start instantly. A failed load is retried on the next question, so its error is shown each time.
/// </summary>
internal sealed class DeferredTranslator(string? modelOption) : ITranslator
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ITranslator? _loaded;

    public async Task<TranslationResult> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        var translator = _loaded;
        if (translator is null)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                translator = _loaded ??= TranslatorFactory.LoadFollowing(TranslatorFactory.Locate(modelOption), Console.Error.WriteLine);
            }
            finally
            {
                _gate.Release();
            }
        }
        return await translator.TranslateAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
