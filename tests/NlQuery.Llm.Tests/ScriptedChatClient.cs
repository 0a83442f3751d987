using Microsoft.Extensions.AI;

namespace NlQuery.Llm.Tests;

/// <summary>
/// An in-process <see cref="IChatClient"/> that answers from a script (one reply per request, the last one repeated once
/// the script runs out) and records every conversation it was sent, so tests can read what the model was told.
/// </summary>
internal sealed class ScriptedChatClient(params string[] replies) : IChatClient
{
    private readonly List<IReadOnlyList<ChatMessage>> _requests = [];

    /// <summary>Each request's messages, in order.</summary>
    public IReadOnlyList<IReadOnlyList<ChatMessage>> Requests => _requests;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_requests)
        {
            _requests.Add(messages.ToList());
            var reply = replies[Math.Min(_requests.Count, replies.Length) - 1];
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) => throw new NotSupportedException("The translator does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", new Uri("http://scripted.test/v1")) : null;

    public void Dispose()
    {
    }
}
