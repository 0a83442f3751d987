using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NlQuery.SqlServer.Internal;

namespace NlQuery.SqlServer
{
    /// <summary>
    /// Asks the local NlQuery service (<c>nlq serve</c>) a question: <c>POST {base}/api/ask</c> with
    /// <c>{"question": "…", "database": "…"}</c>, answered by <c>{"sql": "…", "columns": […], "rows": [[…]]}</c> (other
    /// members, such as alternatives and timings, are ignored). Every failure is an <see cref="NlServiceException"/>
    /// with one line saying what happened. Synchronous: SQLCLR routines are.
    /// </summary>
    public sealed class NlServiceClient
    {
        // An answer larger than this is refused rather than buffered inside SQL Server's memory.
        private const int MaxResponseBytes = 64 * 1024 * 1024;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly NlServiceOptions _options;
        private readonly Uri _endpoint;

        public NlServiceClient(NlServiceOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            var baseUrl = options.BaseUrl.AbsoluteUri;
            // "http://host/prefix" and "http://host/prefix/" both mean the service under /prefix.
            _endpoint = new Uri(new Uri(baseUrl.EndsWith("/", StringComparison.Ordinal) ? baseUrl : baseUrl + "/"), "api/ask");
        }

        /// <summary>The address questions are posted to.</summary>
        public Uri Endpoint => _endpoint;

        public NlAnswer Ask(string question, string database)
        {
            if (string.IsNullOrWhiteSpace(question))
                throw new NlServiceException("the question is empty: pass a question in plain language, e.g. N'how many customers are there?'.");
            if (database is null)
                throw new ArgumentNullException(nameof(database));
            var body = Utf8.GetBytes("{\"question\":" + Json.Quote(question) + ",\"database\":" + Json.Quote(database) + "}");
            string text;
            var watch = Stopwatch.StartNew();
            try
            {
                text = Post(body);
            }
            catch (WebException e)
            {
                throw Describe(e, watch.Elapsed);
            }
            catch (IOException e)
            {
                throw new NlServiceException($"the NlQuery service at {_options.BaseUrl} closed the connection before its answer was complete: {e.Message}", e);
            }
            return ParseAnswer(text);
        }

        private string Post(byte[] body)
        {
            // SQL Server loads only its supported framework assemblies into SQLCLR, and System.Net.Http is not one of
            // them: WebRequest (System.dll) is what runs there, so the tests on .NET run it too.
#pragma warning disable SYSLIB0014
            var request = (HttpWebRequest)WebRequest.Create(_endpoint);
#pragma warning restore SYSLIB0014
            var milliseconds = (int)Math.Min(int.MaxValue, _options.Timeout.TotalMilliseconds);
            request.Method = "POST";
            request.ContentType = "application/json; charset=utf-8";
            request.Accept = "application/json";
            request.Timeout = milliseconds;
            request.ReadWriteTimeout = milliseconds;
            // The service is meant to be local; a machine-wide proxy would only be a hop that cannot reach loopback.
            request.Proxy = null;
            request.ContentLength = body.Length;
            using (var stream = request.GetRequestStream())
                stream.Write(body, 0, body.Length);
            using (var response = (HttpWebResponse)request.GetResponse())
                return ReadBody(response);
        }

        private static string ReadBody(WebResponse response)
        {
            using (var stream = response.GetResponseStream())
            using (var buffer = new MemoryStream())
            {
                var chunk = new byte[81920];
                int read;
                while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
                {
                    if (buffer.Length + read > MaxResponseBytes)
                        throw new NlServiceException($"the NlQuery service's answer is larger than {MaxResponseBytes / (1024 * 1024)} MiB; ask for fewer rows.");
                    buffer.Write(chunk, 0, read);
                }
                return Utf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        }

        private NlServiceException Describe(WebException error, TimeSpan elapsed)
        {
            var service = $"the NlQuery service at {_options.BaseUrl}";
            if (error.Status == WebExceptionStatus.ProtocolError && error.Response is HttpWebResponse response)
            {
                using (response)
                    return new NlServiceException($"{service} refused the question (HTTP {(int)response.StatusCode}): {ProblemDetail(response)}", error);
            }
            if (TimedOut(error, elapsed))
                return new NlServiceException($"{service} did not answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s " +
                                              "(dbo.nl_config timeout_seconds).", error);
            if (NoConnection(error))
                return new NlServiceException($"{service} is not running or cannot be reached; start it with: nlq serve --db <database> --urls {_options.BaseUrl}", error);
            return new NlServiceException($"{service} could not be asked: {error.Message}", error);
        }

        /// <summary>
        /// Whether the request ended because the timeout ran out. .NET's WebRequest reports its own timeout as Timeout,
        /// or, depending on which of its timers fires first (connect, headers, read), as UnknownError over a cancelled
        /// task or a timeout exception, or as a send or receive failure over an aborted socket. What they share is the
        /// clock: a failure that arrives once the timeout has run out is the timeout.
        /// </summary>
        private bool TimedOut(WebException error, TimeSpan elapsed)
        {
            if (error.Status == WebExceptionStatus.Timeout || elapsed >= _options.Timeout)
                return true;
            for (var inner = error.InnerException; inner != null; inner = inner.InnerException)
            {
                if (inner is TimeoutException || inner is OperationCanceledException)
                    return true;
            }
            return false;
        }

        /// <summary>
        /// Nothing answered at the address. .NET Framework says so in the status; .NET's WebRequest reports
        /// UnknownError with the refused or unresolved socket inside.
        /// </summary>
        private static bool NoConnection(WebException error)
        {
            if (error.Status == WebExceptionStatus.ConnectFailure || error.Status == WebExceptionStatus.NameResolutionFailure)
                return true;
            for (var inner = error.InnerException; inner != null; inner = inner.InnerException)
            {
                if (inner is SocketException socket && socket.SocketErrorCode != SocketError.TimedOut)
                    return true;
            }
            return false;
        }

        /// <summary>The one line an error answer carries: a problem document's detail or title, else the status text.</summary>
        private static string ProblemDetail(HttpWebResponse response)
        {
            try
            {
                if (Json.Parse(ReadBody(response)) is Dictionary<string, object?> problem)
                {
                    foreach (var key in new[] { "detail", "title" })
                    {
                        if (problem.TryGetValue(key, out var value) && value is string text && text.Trim().Length > 0)
                            return OneLine(text);
                    }
                }
            }
            catch (Exception e) when (e is FormatException or IOException or WebException or NlServiceException)
            {
                // Not a problem document: the status line below still says what happened.
            }
            return string.IsNullOrEmpty(response.StatusDescription) ? "no detail given" : response.StatusDescription;
        }

        private NlAnswer ParseAnswer(string text)
        {
            object? root;
            try
            {
                root = Json.Parse(text);
            }
            catch (FormatException e)
            {
                throw Malformed($"it is not JSON ({e.Message})");
            }
            if (!(root is Dictionary<string, object?> answer))
                throw Malformed("it is not a JSON object");
            if (!answer.TryGetValue("sql", out var sqlValue) || !(sqlValue is string sql))
                throw Malformed("\"sql\" is missing or not a string");
            if (!answer.TryGetValue("columns", out var columnsValue) || !(columnsValue is List<object?> columnList))
                throw Malformed("\"columns\" is missing or not an array");
            var columns = new List<string>(columnList.Count);
            foreach (var column in columnList)
                columns.Add(column as string ?? throw Malformed("\"columns\" holds something other than names"));
            if (!answer.TryGetValue("rows", out var rowsValue) || !(rowsValue is List<object?> rowList))
                throw Malformed("\"rows\" is missing or not an array");
            var rows = new List<object?[]>(rowList.Count);
            for (var i = 0; i < rowList.Count; i++)
            {
                if (!(rowList[i] is List<object?> row))
                    throw Malformed($"row {i + 1} is not an array");
                if (row.Count != columns.Count)
                    throw Malformed($"row {i + 1} has {row.Count} values for {columns.Count} columns");
                foreach (var value in row)
                {
                    if (value is List<object?> || value is Dictionary<string, object?>)
                        throw Malformed($"row {i + 1} holds an array or object where a value should be");
                }
                rows.Add(row.ToArray());
            }
            return new NlAnswer(sql, columns, rows);
        }

        private NlServiceException Malformed(string what) =>
            new NlServiceException($"the NlQuery service at {_options.BaseUrl} sent an answer that cannot be read: {what}.");

        private static string OneLine(string text) => text.Replace("\r\n", " ").Replace('\n', ' ').Replace('\r', ' ').Trim();
    }
}
