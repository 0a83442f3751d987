using NlQuery.Translation;

namespace NlQuery.Tests.Asking;

/// <summary>A test double for a model that never finishes on its own: it waits until its token is cancelled.</summary>
internal sealed class StallingTranslator : ITranslator
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a translation has begun (and is now waiting for cancellation).</summary>
    public Task Started => _started.Task;

    public async Task<TranslationResult> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        _started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable: the delay only ends by cancellation");
    }
}
