using System.Net;

namespace NlQuery.Cli.Serving;

/// <summary>
/// Decides whether the addresses <c>nlq serve</c> is asked to listen on are reachable only from this machine. A
/// server that runs SQL for whoever asks must not be reachable from the network without a token.
/// </summary>
internal static class ServeBinding
{
    /// <summary>Tokens shorter than this are guessable by anyone who can reach the port.</summary>
    public const int MinTokenLength = 16;

    /// <summary>Throws a <see cref="CliError"/> naming the problem when the URLs are malformed, or exposed without a token.</summary>
    public static void Check(IReadOnlyList<string> urls, string? token)
    {
        if (urls.Count == 0)
            throw new CliError("--urls is empty: give e.g. " + ServeOptions.DefaultUrl);
        if (token is not null && token.Length < MinTokenLength)
            throw new CliError($"--token is {token.Length} characters long; use at least {MinTokenLength} random characters (e.g. from `openssl rand -hex 16`).");
        foreach (var url in urls)
        {
            if (!IsLoopback(url) && token is null)
                throw new CliError($"{url} can be reached from other machines: give --token <secret> (clients then send " +
                                   "'Authorization: Bearer <secret>'), or listen on http://127.0.0.1:<port>.");
        }
    }

    /// <summary>Whether a Kestrel URL (<c>http://host:port</c>, host possibly <c>*</c>, <c>+</c> or <c>[::1]</c>) listens on loopback only.</summary>
    public static bool IsLoopback(string url)
    {
        var host = HostOf(url);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static string HostOf(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd < 0 ? "" : url[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("http" or "https"))
            throw new CliError($"--urls {url}: give an http:// or https:// URL, e.g. {ServeOptions.DefaultUrl}.");
        var authority = url[(schemeEnd + 3)..];
        var slash = authority.IndexOf('/');
        if (slash >= 0)
            authority = authority[..slash];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0)
                throw new CliError($"--urls {url}: the IPv6 address has no closing ']'.");
            return authority[..(close + 1)];
        }
        var colon = authority.LastIndexOf(':');
        var host = colon < 0 ? authority : authority[..colon];
        if (host.Length == 0)
            throw new CliError($"--urls {url}: the host is missing, e.g. {ServeOptions.DefaultUrl}.");
        return host;
    }
}
