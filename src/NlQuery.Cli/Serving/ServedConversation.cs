namespace NlQuery.Cli.Serving;

/// <summary>One client's conversation: the questions (for follow-ups) and the answers (for feedback), by id.</summary>
internal sealed class ServedConversation(string id, DateTimeOffset now)
{
    /// <summary>Answers kept per conversation for feedback; older ones can no longer be rated.</summary>
    public const int MaxAnswers = 100;

    private readonly Lock _gate = new();
    private readonly List<Answer> _answers = [];
    private int _answerCount;

    public string Id { get; } = id;

    public Conversation Conversation { get; } = new();

    public DateTimeOffset LastUsed { get; private set; } = now;

    public void Touch(DateTimeOffset now)
    {
        lock (_gate)
            LastUsed = now;
    }

    /// <summary>Remembers an answer and returns its id, <c>conversation:n</c>.</summary>
    public string Add(Answer answer)
    {
        lock (_gate)
        {
            _answers.Add(answer);
            if (_answers.Count > MaxAnswers)
                _answers.RemoveAt(0);
            _answerCount++;
            return $"{Id}:{_answerCount}";
        }
    }

    /// <summary>The answer numbered <paramref name="number"/> (1-based), or null when it is unknown or was dropped.</summary>
    public Answer? Find(int number)
    {
        lock (_gate)
        {
            var index = number - 1 - (_answerCount - _answers.Count);
            return index >= 0 && index < _answers.Count ? _answers[index] : null;
        }
    }
}
