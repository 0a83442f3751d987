using NlQuery.Feedback;
using System.Text.Json;
using NlQuery.Cli.Serving;
using NlQuery.Tests.Asking;

namespace NlQuery.Cli.Tests.Serving;

/// <summary><c>nlq serve</c>'s JSON API on the sample shop database, with a scripted model.</summary>
public sealed class ServeApiTests
{
    private const string CountCustomers = "SELECT count(*) FROM customers";

    [Fact]
    public async Task Ask_returns_the_ask_json_document_with_conversation_and_answer_ids()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator("SELECT nope FROM customers", CountCustomers));
        var expected = CountIn(host, CountCustomers);

        var answer = await ServeHost.JsonAsync(await host.PostAsync("/api/ask", new { question = "How many customers are there?" }));

        Assert.Equal(CountCustomers, answer.GetProperty("sql").GetString());
        Assert.Equal(["count(*)"], answer.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(expected, answer.GetProperty("rows")[0][0].GetInt64());
        var failed = answer.GetProperty("alternatives")[0];
        Assert.Equal("parse", failed.GetProperty("skipped").GetString());
        Assert.Contains("nope", failed.GetProperty("reason").GetString());
        foreach (var timing in new[] { "translate_ms", "validate_ms", "execute_ms", "total_ms" })
            Assert.True(answer.GetProperty("timings").GetProperty(timing).GetDouble() >= 0);
        var conversation = answer.GetProperty("conversation").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", conversation);
        Assert.Equal(conversation + ":1", answer.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_follow_up_in_the_same_conversation_gives_the_translator_the_earlier_question()
    {
        var translator = new ScriptedTranslator(CountCustomers);
        await using var host = await ServeHost.StartAsync(translator);
        var first = await ServeHost.JsonAsync(await host.PostAsync("/api/ask", new { question = "How many customers are there?" }));
        var conversation = first.GetProperty("conversation").GetString();

        var second = await ServeHost.JsonAsync(await host.PostAsync("/api/ask", new { question = "and in Rome?", conversation }));

        Assert.Equal(conversation, second.GetProperty("conversation").GetString());
        Assert.Equal(conversation + ":2", second.GetProperty("answer").GetString());
        Assert.Equal(["How many customers are there?", "and in Rome?"], second.GetProperty("history").EnumerateArray().Select(q => q.GetString()));
        var requests = translator.Requests.ToArray();
        Assert.Empty(requests[0].PreviousQuestions);
        Assert.Equal(["How many customers are there?"], requests[1].PreviousQuestions);
        // A new conversation starts without context.
        var fresh = await ServeHost.JsonAsync(await host.PostAsync("/api/ask", new { question = "How many customers are there?" }));
        Assert.NotEqual(conversation, fresh.GetProperty("conversation").GetString());
        Assert.Empty(translator.Requests.ToArray()[2].PreviousQuestions);
    }

    [Fact]
    public async Task An_unknown_conversation_is_a_404_problem()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        await ServeHost.ProblemAsync(await host.PostAsync("/api/ask", new { question = "How many customers?", conversation = "0123" }),
            404, "conversation '0123' is unknown or expired");
    }

    [Fact]
    public async Task The_sql_server_add_ins_request_is_answered_and_a_wrong_database_refused()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        var name = (await ServeHost.JsonAsync(await host.SendAsync(HttpMethod.Get, "/api/health"))).GetProperty("database").GetString();

        var answer = await ServeHost.JsonAsync(await host.PostAsync("/api/ask", new { question = "How many customers?", database = name }));
        Assert.Equal(CountCustomers, answer.GetProperty("sql").GetString());
        await ServeHost.ProblemAsync(await host.PostAsync("/api/ask", new { question = "How many customers?", database = "payroll" }),
            400, $"answers questions about '{name}', not 'payroll'");
    }

    [Fact]
    public async Task A_question_no_candidate_answers_is_a_422_problem_listing_the_candidates()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator("DELETE FROM customers"));
        // A neutral question: "Delete everyone" itself is refused before translating (the next test).
        var problem = await ServeHost.ProblemAsync(await host.PostAsync("/api/ask", new { question = "Who is everyone?" }), 422,
            "no answer: no candidate was a complete SELECT");
        Assert.Equal("NoValidQuery", problem.GetProperty("reason").GetString());
        Assert.Equal("DELETE FROM customers", problem.GetProperty("candidates")[0].GetProperty("sql").GetString());
        Assert.Equal("parse", problem.GetProperty("candidates")[0].GetProperty("failure").GetString());
    }

    [Fact]
    public async Task A_request_to_change_data_is_a_422_problem_saying_nlquery_only_reads()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        var problem = await ServeHost.ProblemAsync(await host.PostAsync("/api/ask", new { question = "Delete everyone" }), 422,
            "NlQuery only reads data; it will not delete rows. Nothing was run.");
        Assert.Equal("delete rows", problem.GetProperty("refused").GetString());
    }

    [Fact]
    public async Task Sql_the_parser_accepts_runs_and_returns_rows()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        var result = await ServeHost.JsonAsync(await host.PostAsync("/api/sql",
            new { sql = "select city, count(*) from customers group by city order by city limit 2" }));

        Assert.Equal("SELECT city, count(*) FROM customers GROUP BY city ORDER BY city LIMIT 2", result.GetProperty("sql").GetString());
        Assert.Equal(["city", "count(*)"], result.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(2, result.GetProperty("rows").GetArrayLength());
        Assert.False(result.GetProperty("truncated").GetBoolean());
    }

    [Theory]
    [InlineData("DELETE FROM customers", "only SELECT statements are allowed")]
    [InlineData("SELECT salary FROM customers", "salary")]
    [InlineData("SELECT 1; DROP TABLE customers", "the SQL was refused")]
    public async Task Sql_the_parser_refuses_is_a_422_problem_and_changes_nothing(string sql, string reason)
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        var before = host.Shop!.Fingerprint();

        await ServeHost.ProblemAsync(await host.PostAsync("/api/sql", new { sql }), 422, reason);

        Assert.Equal(before, host.Shop.Fingerprint());
    }

    [Fact]
    public async Task Schema_lists_the_tables_and_for_a_question_what_the_model_would_see_and_why()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        var schema = await ServeHost.JsonAsync(await host.SendAsync(HttpMethod.Get, "/api/schema"));
        var tables = schema.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains("customers", tables);
        Assert.False(schema.TryGetProperty("summary", out _));

        var withQuestion = await ServeHost.JsonAsync(await host.SendAsync(HttpMethod.Get, "/api/schema?question=which%20customers%20live%20in%20Rome"));
        var summary = withQuestion.GetProperty("summary");
        var customers = summary.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "customers");
        Assert.True(customers.GetProperty("kept").GetBoolean());
        Assert.NotEmpty(customers.GetProperty("why").GetString()!);
        var city = customers.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "city");
        Assert.True(city.GetProperty("kept").GetBoolean());
        Assert.Contains("Rome", city.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains("customers", summary.GetProperty("input").GetString());
        // The same shape as nlq schema --format json (SummaryJson): one way to describe the summariser's decision.
        Assert.Equal(["question", "tables", "estimated_tokens", "input"], summary.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Schema_for_an_answer_shows_what_the_model_saw()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        var answer = await ServeHost.JsonAsync(await host.PostAsync("/api/ask", new { question = "How many customers are there?" }));
        var id = Uri.EscapeDataString(answer.GetProperty("answer").GetString()!);

        var why = await ServeHost.JsonAsync(await host.SendAsync(HttpMethod.Get, $"/api/schema?answer={id}"));

        Assert.Equal("How many customers are there?", why.GetProperty("question").GetString());
        Assert.Equal("input: How many customers are there?", why.GetProperty("model_input").GetString()); // the scripted model's input
        Assert.Equal(JsonValueKind.Array, why.GetProperty("alternatives").ValueKind);
    }

    [Fact]
    public async Task Feedback_stores_a_rating_and_a_checked_correction()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        var answer = await ServeHost.JsonAsync(await host.PostAsync("/api/ask", new { question = "How many customers live in Rome?" }));
        var id = answer.GetProperty("answer").GetString();

        var stored = await ServeHost.JsonAsync(await host.PostAsync("/api/feedback",
            new { answer = id, good = false, sql = "select count(*) from customers where city = 'Rome'" }));

        Assert.Equal(2, stored.GetProperty("stored").GetInt32());
        var records = await host.FeedbackAsync();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal("How many customers live in Rome?", r.Question));
        Assert.All(records, r => Assert.Equal(CountCustomers, r.GeneratedSql));
        Assert.Contains(records, r => r.Rating == false && r.CorrectedSql is null);
        Assert.Contains(records, r => r.CorrectedSql == "SELECT count(*) FROM customers WHERE city = 'Rome'");
    }

    [Fact]
    public async Task Feedback_refuses_a_correction_that_is_not_a_select_over_the_schema_and_keeps_it_as_rejected()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        var answer = await ServeHost.JsonAsync(await host.PostAsync("/api/ask", new { question = "How many customers?" }));
        var id = answer.GetProperty("answer").GetString();

        await ServeHost.ProblemAsync(await host.PostAsync("/api/feedback", new { answer = id, good = true, sql = "DELETE FROM customers" }),
            422, "the corrected SQL was refused");
        await ServeHost.ProblemAsync(await host.PostAsync("/api/feedback", new { answer = id }), 400, "\"good\": true or false");
        await ServeHost.ProblemAsync(await host.PostAsync("/api/feedback", new { answer = "feed:1", good = true }), 404, "unknown or expired");

        // Kept with the reason the client was given, never trained on; nothing else (not even the rating) was stored.
        var stored = Assert.Single(await host.FeedbackAsync());
        Assert.Equal((FeedbackStatus.Rejected, "DELETE FROM customers", (bool?)null), (stored.Status, stored.CorrectedSql, stored.Rating));
        Assert.Contains("the corrected SQL was refused", stored.Reason);
    }

    [Fact]
    public async Task Health_says_ok_and_names_the_database()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        var health = await ServeHost.JsonAsync(await host.SendAsync(HttpMethod.Get, "/api/health"));
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(Path.GetFileNameWithoutExtension(host.Shop!.Path), health.GetProperty("database").GetString());
        Assert.Equal("Sqlite", health.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        var document = await ServeHost.JsonAsync(await host.SendAsync(HttpMethod.Get, "/openapi/v1.json"));
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/ask", "/api/sql", "/api/schema", "/api/feedback", "/api/health" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        Assert.True(paths.GetProperty("/api/ask").GetProperty("post").TryGetProperty("requestBody", out _));
    }

    [Fact]
    public async Task Malformed_requests_and_unknown_paths_are_problem_documents()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        await ServeHost.ProblemAsync(await host.SendAsync(HttpMethod.Post, "/api/ask", "{ not json"), 400, "not valid JSON");
        await ServeHost.ProblemAsync(await host.SendAsync(HttpMethod.Post, "/api/ask", """{"questoin": "typo"}"""), 400, "$.questoin");
        await ServeHost.ProblemAsync(await host.SendAsync(HttpMethod.Post, "/api/ask", "{}"), 400, "the question is missing or empty");
        await ServeHost.ProblemAsync(await host.SendAsync(HttpMethod.Post, "/api/ask", "null"), 400, "the body is empty or null");
        var plain = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = new StringContent("How many?") };
        await ServeHost.ProblemAsync(await host.Client.SendAsync(plain), 415, "Content-Type: application/json");
        await ServeHost.ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/nothing"), 404, "there is nothing at /api/nothing");
        await ServeHost.ProblemAsync(await host.SendAsync(HttpMethod.Get, "/api/ask"), 405, "GET is not allowed on /api/ask");
    }

    [Fact]
    public async Task The_page_and_its_files_are_served_at_the_root()
    {
        await using var host = await ServeHost.StartAsync(new ScriptedTranslator(CountCustomers));
        var page = await host.Client.GetAsync("/");
        Assert.Equal(200, (int)page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"app.js\"", html);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        foreach (var (file, type) in new[] { ("/app.js", "text/javascript"), ("/app.css", "text/css") })
        {
            var response = await host.Client.GetAsync(file);
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static long CountIn(ServeHost host, string sql)
    {
        using var connection = host.Shop!.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
