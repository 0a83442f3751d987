namespace NlQuery.Translation;

/// <summary>
/// Turns a question about a database into ranked SQL candidates. The T5 translator is the real one; the seam exists
/// so the provider (AskAsync, NlCommand, the REPL) does not depend on how SQL is produced, and so tests can drive
/// the provider's execution, fallback and feedback paths without a model.
/// Implementations are thread-safe: one instance serves many concurrent questions.
/// </summary>
public interface ITranslator
{
    Task<TranslationResult> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default);
}
