using NlQuery.Translation;

namespace NlQuery.Cli.Tests.Serving;

/// <summary>
/// A model that holds every translation until <see cref="Release"/> (or its token is cancelled), and says how many
/// are waiting and whether one was cancelled: lets tests hold requests open without depending on timing.
/// </summary>
internal sealed class GatedTranslator(string sql) : ITranslator
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _entered;

    /// <summary>Completes when a translation saw its cancellation token fire.</summary>
    public Task Cancelled => _cancelled.Task;

    /// <summary>Completes once <paramref name="count"/> translations have started.</summary>
    public Task Entered(int count)
    {
        lock (_gate)
        {
            if (_entered >= count)
                return Task.CompletedTask;
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    public void Release() => _release.TrySetResult();

    public async Task<TranslationResult> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _entered++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _entered))
                waiter.Reached.TrySetResult();
        }
        try
        {
            await _release.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _cancelled.TrySetResult();
            throw;
        }
        var zero = TimeSpan.Zero;
        return new TranslationResult([new SqlCandidate(sql, -0.1)], "input: " + request.Question, new TranslationTimings(zero, zero, zero, zero, zero));
    }
}
