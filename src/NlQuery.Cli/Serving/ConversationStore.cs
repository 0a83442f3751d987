using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace NlQuery.Cli.Serving;

/// <summary>
/// The server's conversations, by unguessable id (so one client cannot read or rate another's answers), forgotten
/// after <see cref="ServeOptions.ConversationLifetime"/> unused or when more than <see cref="ServeOptions.MaxConversations"/> exist.
/// </summary>
internal sealed class ConversationStore(ServeOptions options)
{
    private readonly ConcurrentDictionary<string, ServedConversation> _conversations = new(StringComparer.Ordinal);

    public int Count => _conversations.Count;

    /// <summary>The conversation <paramref name="id"/> names, or a new one when it is null.</summary>
    public ServedConversation Get(string? id)
    {
        var now = options.Time.GetUtcNow();
        RemoveExpired(now);
        if (id is null)
        {
            var created = new ServedConversation(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), now);
            _conversations[created.Id] = created;
            TrimToLimit();
            return created;
        }
        if (!_conversations.TryGetValue(id, out var conversation))
            throw new ApiError(StatusCodes.Status404NotFound,
                $"conversation '{Shorten(id)}' is unknown or expired (conversations are forgotten after {options.ConversationLifetime.TotalMinutes:0} minutes unused): leave \"conversation\" out to start a new one.");
        conversation.Touch(now);
        return conversation;
    }

    /// <summary>The answer an id from <c>/api/ask</c> names (<c>conversation:n</c>).</summary>
    public Answer FindAnswer(string answerId)
    {
        var colon = answerId.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(answerId.AsSpan(colon + 1), out var number))
            throw new ApiError(StatusCodes.Status400BadRequest, $"'{Shorten(answerId)}' is not an answer id: use the \"answer\" value /api/ask returned.");
        var conversation = Get(answerId[..colon]);
        return conversation.Find(number)
               ?? throw new ApiError(StatusCodes.Status404NotFound,
                   $"answer '{Shorten(answerId)}' is unknown (a conversation keeps its last {ServedConversation.MaxAnswers} answers).");
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var (id, conversation) in _conversations)
        {
            if (now - conversation.LastUsed > options.ConversationLifetime)
                _conversations.TryRemove(id, out _);
        }
    }

    private void TrimToLimit()
    {
        var excess = _conversations.Count - options.MaxConversations;
        if (excess <= 0)
            return;
        foreach (var conversation in _conversations.Values.OrderBy(c => c.LastUsed).Take(excess).ToList())
            _conversations.TryRemove(conversation.Id, out _);
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
