using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NlQuery.SqlServer.Tests;

/// <summary>
/// A one-request HTTP server on loopback standing in for <c>nlq serve</c> (issue 13, not built yet): it records the
/// request, then sends the scripted response, or nothing at all when there is none (a service that hangs). The
/// request is recorded before the response is written, so a client that has its answer can read it without waiting.
/// </summary>
public sealed class FakeNlService : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public FakeNlService(string? response)
    {
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _serving = ServeAsync(response);
    }

    public Uri BaseUrl { get; }

    public string? RequestHead { get; private set; }

    public string? RequestBody { get; private set; }

    /// <summary>An HTTP response with a body and its length, closing the connection after it.</summary>
    public static string Response(int status, string body, string contentType = "application/json; charset=utf-8") =>
        $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Error")}\r\nContent-Type: {contentType}\r\n" +
        $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    private async Task ServeAsync(string? response)
    {
        try
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var received = new List<byte>();
            var buffer = new byte[8192];
            int headEnd;
            while ((headEnd = IndexOfBlankLine(received)) < 0)
                received.AddRange(buffer.AsSpan(0, await ReadSomeAsync(stream, buffer)).ToArray());
            var head = Encoding.ASCII.GetString(received.GetRange(0, headEnd).ToArray());
            var length = head.Split("\r\n").Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(h => int.Parse(h["Content-Length:".Length..].Trim())).SingleOrDefault();
            while (received.Count < headEnd + 4 + length)
                received.AddRange(buffer.AsSpan(0, await ReadSomeAsync(stream, buffer)).ToArray());
            RequestHead = head;
            RequestBody = Encoding.UTF8.GetString(received.GetRange(headEnd + 4, length).ToArray());
            if (response is null)
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
                return;
            }
            await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Disposed: the test is over.
        }
    }

    private async Task<int> ReadSomeAsync(NetworkStream stream, byte[] buffer)
    {
        var read = await stream.ReadAsync(buffer, _stop.Token);
        return read == 0 ? throw new IOException("the client closed the connection mid-request") : read;
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
                return i;
        }
        return -1;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // A request cut off by the client (the timeout test): nothing to report once the test is over.
        }
        _stop.Dispose();
    }
}
