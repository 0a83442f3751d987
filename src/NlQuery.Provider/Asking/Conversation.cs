namespace NlQuery;

/// <summary>
/// The questions asked so far in one conversation, so that a follow-up ("and in 2023?") is translated with its context.
/// Thread-safe; only answered questions are remembered.
/// </summary>
public sealed class Conversation
{
    private readonly object _gate = new();
    private readonly List<string> _questions = [];

    /// <summary>How many earlier questions the translator sees.</summary>
    public int MaxContext { get; init; } = 4;

    public IReadOnlyList<string> Questions
    {
        get
        {
            lock (_gate)
                return _questions.ToArray();
        }
    }

    /// <summary>The last <see cref="MaxContext"/> questions, oldest first.</summary>
    public IReadOnlyList<string> Context
    {
        get
        {
            lock (_gate)
                return _questions.Skip(Math.Max(0, _questions.Count - MaxContext)).ToArray();
        }
    }

    public void Add(string question)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        lock (_gate)
            _questions.Add(question);
    }

    public void Clear()
    {
        lock (_gate)
            _questions.Clear();
    }
}
