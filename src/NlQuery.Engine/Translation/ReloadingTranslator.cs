using System.Security.Cryptography;

namespace NlQuery.Translation;

/// <summary>
/// A translator over a model folder that picks up a newly promoted model without a restart: at most every
/// <see cref="CheckInterval"/> a question looks at the folder's <c>model.json</c>, and when its content changed
/// (promotion renames a complete new folder into place) the new model is loaded in the background and swapped in
/// atomically. Questions already being translated finish on the model they started with, which is disposed only after
/// the last of them; a folder that fails to load leaves the current model answering (<see cref="LastReloadError"/>).
/// Thread-safe.
/// </summary>
public sealed class ReloadingTranslator : ITranslator, IDisposable
{
    private readonly Func<string, ITranslator> _load;
    private readonly Lock _lock = new();
    private Loaded _current;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private long _nextCheck;
    private bool _disposed;

    /// <param name="folder">The model folder to follow (such as <c>models/default</c>); it must hold a model now.</param>
    /// <param name="options">How each loaded model decodes.</param>
    public ReloadingTranslator(string folder, ModelTranslatorOptions? options = null)
        : this(folder, f => ModelTranslator.Load(f, options))
    {
    }

    /// <param name="folder">The model folder to follow.</param>
    /// <param name="load">Loads the folder into a translator (the caller's choice of family or wrapper); disposable translators are disposed when replaced.</param>
    public ReloadingTranslator(string folder, Func<string, ITranslator> load)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(load);
        Folder = Path.GetFullPath(folder);
        _load = load;
        var stamp = Stamp(Folder) ?? throw new DirectoryNotFoundException($"No model found at {Folder}: it has no {ModelFileName}.");
        _current = new Loaded(load(Folder), stamp, 1);
        _nextCheck = NextCheck(CheckInterval);
    }

    private const string ModelFileName = "model.json";

    /// <summary>The folder followed.</summary>
    public string Folder { get; }

    /// <summary>
    /// How often a question may look for a new model (default 2 s); <see cref="TimeSpan.Zero"/> looks every time,
    /// <see cref="Timeout.InfiniteTimeSpan"/> never (only <see cref="ReloadIfChangedAsync"/> reloads).
    /// </summary>
    public TimeSpan CheckInterval
    {
        get;
        init
        {
            if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
                throw new ArgumentOutOfRangeException(nameof(value), value, "The check interval cannot be negative (except Timeout.InfiniteTimeSpan).");
            field = value;
            _nextCheck = NextCheck(value);
        }
    } = TimeSpan.FromSeconds(2);

    private static long NextCheck(TimeSpan interval) =>
        interval == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)interval.TotalMilliseconds;

    /// <summary>The translator new questions go to.</summary>
    public ITranslator Current
    {
        get
        {
            lock (_lock)
                return _current.Translator;
        }
    }

    /// <summary>How many models have answered so far: 1 after construction, one more after each reload.</summary>
    public int Generation
    {
        get
        {
            lock (_lock)
                return _current.Generation;
        }
    }

    /// <summary>Why the last attempt to load a changed folder failed; null after a successful load.</summary>
    public string? LastReloadError { get; private set; }

    /// <summary>Raised after a new model was swapped in (the argument is the folder), on the thread that loaded it.</summary>
    public event EventHandler<string>? Reloaded;

    /// <summary>Raised when a changed folder failed to load (the argument says why); the current model keeps answering.</summary>
    public event EventHandler<string>? ReloadFailed;

    public async Task<TranslationResult> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Environment.TickCount64 >= Interlocked.Read(ref _nextCheck))
            CheckInBackground();
        var loaded = Acquire();
        try
        {
            return await loaded.Translator.TranslateAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release(loaded);
        }
    }

    /// <summary>
    /// Looks at the folder now and, when its model changed, loads and swaps it in before returning (what the automatic
    /// check does in the background).
    /// </summary>
    /// <returns>Whether a new model now answers.</returns>
    public async Task<bool> ReloadIfChangedAsync(CancellationToken cancellationToken = default)
    {
        // After a background load in progress, rather than loading the same folder twice.
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(ReloadIfChangedCore, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _reloading.Release();
        }
    }

    private void CheckInBackground()
    {
        Interlocked.Exchange(ref _nextCheck, NextCheck(CheckInterval));
        // One load at a time; questions never wait for it.
        if (!_reloading.Wait(0))
            return;
        _ = Task.Run(() =>
        {
            try
            {
                ReloadIfChangedCore();
            }
            finally
            {
                _reloading.Release();
            }
        });
    }

    private bool ReloadIfChangedCore()
    {
        string current;
        lock (_lock)
        {
            if (_disposed)
                return false;
            current = _current.Stamp;
        }
        // Missing while a promotion renames folders: keep answering with the model in memory and look again later.
        var stamp = Stamp(Folder);
        if (stamp is null || stamp == current)
            return false;
        ITranslator next;
        try
        {
            next = _load(Folder);
        }
        catch (Exception e)
        {
            LastReloadError = $"The model at {Folder} changed but could not be loaded; the previous model keeps answering: {e.Message}";
            ReloadFailed?.Invoke(this, LastReloadError);
            return false;
        }
        Loaded retired;
        lock (_lock)
        {
            if (_disposed)
            {
                (next as IDisposable)?.Dispose();
                return false;
            }
            retired = _current;
            _current = new Loaded(next, stamp, retired.Generation + 1);
            retired.Retired = true;
        }
        LastReloadError = null;
        DisposeIfIdle(retired);
        Reloaded?.Invoke(this, Folder);
        return true;
    }

    private Loaded Acquire()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _current.Leases++;
            return _current;
        }
    }

    private void Release(Loaded loaded)
    {
        lock (_lock)
            loaded.Leases--;
        DisposeIfIdle(loaded);
    }

    /// <summary>Disposes a replaced model once no question is using it.</summary>
    private void DisposeIfIdle(Loaded loaded)
    {
        lock (_lock)
        {
            if (!loaded.Retired || loaded.Leases > 0 || loaded.Disposed)
                return;
            loaded.Disposed = true;
        }
        (loaded.Translator as IDisposable)?.Dispose();
    }

    public void Dispose()
    {
        Loaded current;
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            current = _current;
            current.Retired = true;
        }
        DisposeIfIdle(current);
    }

    /// <summary>The model's identity: a hash of its model.json (written last by every export, and changed by every promotion's model card).</summary>
    private static string? Stamp(string folder)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, ModelFileName))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed class Loaded(ITranslator translator, string stamp, int generation)
    {
        public ITranslator Translator { get; } = translator;

        public string Stamp { get; } = stamp;

        public int Generation { get; } = generation;

        /// <summary>Questions being translated by this model (guarded by the owner's lock).</summary>
        public int Leases { get; set; }

        public bool Retired { get; set; }

        public bool Disposed { get; set; }
    }
}
