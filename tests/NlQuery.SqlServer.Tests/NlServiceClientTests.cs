using NlQuery.SqlServer.Internal;

namespace NlQuery.SqlServer.Tests;

/// <summary>The add-in's request and response code against a fake <c>nlq serve</c> on loopback.</summary>
public sealed class NlServiceClientTests
{
    private static NlServiceClient Client(Uri baseUrl, double timeoutSeconds = 30) =>
        new(new NlServiceOptions(baseUrl, TimeSpan.FromSeconds(timeoutSeconds)));

    [Fact]
    public void AGoodAnswerIsReadAndTheRequestHasTheDocumentedShape()
    {
        const string body = """
            {"sql": "SELECT name, age FROM singer", "columns": ["name", "age"],
             "rows": [["Joe \"J\" Sharp", 52], ["Zoë\n", null]],
             "alternatives": [{"sql": "SELECT 1", "failure": null}], "timings": {"total_ms": 3.5}, "conversation": "c1"}
            """;
        using var service = new FakeNlService(FakeNlService.Response(200, body));

        var answer = Client(service.BaseUrl).Ask("how old is \"Joe\"?\n", "concert_singer");

        Assert.Equal("SELECT name, age FROM singer", answer.Sql);
        Assert.Equal(["name", "age"], answer.Columns);
        Assert.Equal(2, answer.Rows.Count);
        Assert.Equal(new object?[] { "Joe \"J\" Sharp", 52L }, answer.Rows[0]);
        Assert.Equal(new object?[] { "Zoë\n", null }, answer.Rows[1]);
        Assert.Equal([ColumnKind.Text, ColumnKind.Integer], answer.ColumnKinds());
        Assert.StartsWith("POST /api/ask HTTP/1.1\r\n", service.RequestHead);
        Assert.Contains("Content-Type: application/json; charset=utf-8", service.RequestHead);
        var request = Assert.IsType<Dictionary<string, object?>>(Json.Parse(service.RequestBody!));
        Assert.Equal(2, request.Count);
        Assert.Equal("how old is \"Joe\"?\n", request["question"]);
        Assert.Equal("concert_singer", request["database"]);
    }

    [Fact]
    public void ABaseUrlWithAPathPrefixesTheEndpoint()
    {
        using var service = new FakeNlService(FakeNlService.Response(200, """{"sql": "SELECT 1", "columns": [""], "rows": [[1]]}"""));

        var answer = Client(new Uri(service.BaseUrl, "/nlq")).Ask("one", "shop");

        Assert.Equal("SELECT 1", answer.Sql);
        Assert.StartsWith("POST /nlq/api/ask HTTP/1.1\r\n", service.RequestHead);
    }

    [Fact]
    public void AServiceThatIsNotRunningIsOneClearLine()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused.
        var error = Assert.Throws<NlServiceException>(() => Client(new Uri("http://127.0.0.1:1")).Ask("how many?", "shop"));

        Assert.Equal("the NlQuery service at http://127.0.0.1:1/ is not running or cannot be reached; start it with: " +
                     "nlq serve --db <database> --urls http://127.0.0.1:1/", error.Message);
    }

    [Fact]
    public void AServiceThatNeverAnswersTimesOut()
    {
        // The fake reads the request and never replies: only the client's timeout can end the call.
        using var service = new FakeNlService(response: null);

        var error = Assert.Throws<NlServiceException>(() => Client(service.BaseUrl, timeoutSeconds: 1).Ask("how many?", "shop"));

        Assert.Equal($"the NlQuery service at {service.BaseUrl} did not answer within 1 s (dbo.nl_config timeout_seconds).", error.Message);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "<html>Bad gateway</html>", "it is not JSON (unexpected character '<' at character 1)" },
        { "[1, 2]", "it is not a JSON object" },
        { """{"columns": [], "rows": []}""", "\"sql\" is missing or not a string" },
        { """{"sql": "SELECT 1", "rows": []}""", "\"columns\" is missing or not an array" },
        { """{"sql": "SELECT 1", "columns": [1], "rows": []}""", "\"columns\" holds something other than names" },
        { """{"sql": "SELECT 1", "columns": ["a"], "rows": {}}""", "\"rows\" is missing or not an array" },
        { """{"sql": "SELECT 1", "columns": ["a", "b"], "rows": [["x", 1], ["y"]]}""", "row 2 has 1 values for 2 columns" },
        { """{"sql": "SELECT 1", "columns": ["a"], "rows": [[[1]]]}""", "row 1 holds an array or object where a value should be" },
        { """{"sql": "SELECT 1", "columns": ["a"], "rows": [[1]]""", "it is not JSON (expected ',' but the document ends at character 52)" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void AMalformedAnswerSaysWhatIsWrong(string body, string what)
    {
        using var service = new FakeNlService(FakeNlService.Response(200, body));

        var error = Assert.Throws<NlServiceException>(() => Client(service.BaseUrl).Ask("how many?", "shop"));

        Assert.Equal($"the NlQuery service at {service.BaseUrl} sent an answer that cannot be read: {what}.", error.Message);
    }

    [Fact]
    public void ARefusedQuestionCarriesTheProblemDocumentsDetail()
    {
        const string problem = """{"type": "about:blank", "title": "Bad request", "status": 400, "detail": "the question is longer than\n4000 characters"}""";
        using var service = new FakeNlService(FakeNlService.Response(400, problem, "application/problem+json"));

        var error = Assert.Throws<NlServiceException>(() => Client(service.BaseUrl).Ask("how many?", "shop"));

        Assert.Equal($"the NlQuery service at {service.BaseUrl} refused the question (HTTP 400): the question is longer than 4000 characters", error.Message);
    }

    [Fact]
    public void AnErrorWithoutAProblemDocumentStillNamesTheStatus()
    {
        using var service = new FakeNlService(FakeNlService.Response(503, "down for maintenance", "text/plain"));

        var error = Assert.Throws<NlServiceException>(() => Client(service.BaseUrl).Ask("how many?", "shop"));

        Assert.Equal($"the NlQuery service at {service.BaseUrl} refused the question (HTTP 503): Error", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void AnEmptyQuestionIsRefusedBeforeAnyRequest(string question)
    {
        // No service behind the address: an attempt to post would fail differently.
        var error = Assert.Throws<NlServiceException>(() => Client(new Uri("http://127.0.0.1:1")).Ask(question, "shop"));
        Assert.StartsWith("the question is empty", error.Message);
    }
}
