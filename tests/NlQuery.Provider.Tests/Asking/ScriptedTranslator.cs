using System.Collections.Concurrent;
using NlQuery.Translation;

namespace NlQuery.Tests.Asking;

/// <summary>A test double for the model: returns the candidates a test scripts, and records every request.</summary>
internal sealed class ScriptedTranslator(Func<TranslationRequest, IReadOnlyList<SqlCandidate>> script) : ITranslator
{
    public ScriptedTranslator(params string[] candidates)
        : this(_ => candidates.Select((sql, i) => new SqlCandidate(sql, -0.1 * (i + 1))).ToList())
    {
    }

    public ConcurrentQueue<TranslationRequest> Requests { get; } = new();

    /// <summary>Whether results carry the schema summariser's selection, as the real translator's do.</summary>
    public bool Summarise { get; init; }

    /// <summary>The calibration results carry, as a model folder's model.json would give it.</summary>
    public ConfidenceCalibration? Calibration { get; init; }

    public async Task<TranslationResult> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        await Task.Yield(); // like the real model, finish on another thread
        var zero = TimeSpan.Zero;
        return new TranslationResult(script(request), "input: " + request.Question, new TranslationTimings(zero, zero, zero, zero, zero))
        {
            Summary = Summarise ? new Linking.SchemaSummariser(request.Schema, request.Values).Summarise(request.Question) : null,
            Calibration = Calibration,
        };
    }
}
