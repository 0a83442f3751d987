using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NlQuery.Cli.Output;
using NlQuery.Feedback;
using NlQuery.Linking;
using NlQuery.Schema;
using NlQuery.Sql;

namespace NlQuery.Cli.Serving;

/// <summary>
/// The JSON API of <c>nlq serve</c>: ask, run SQL, show the schema and the summariser's choice, take feedback, health.
/// Every request opens its own connection (<see cref="ServedDatabase"/>); SQL from the client runs only through
/// <see cref="NlQueryEngine.RunSqlAsync"/>, i.e. after the parser accepted it as a SELECT over the real schema, read-only.
/// </summary>
internal sealed class ServeApi(ServeOptions options, ServedDatabase database, NlQueryEngine engine, ConversationStore conversations)
{
    public const string PerClientPolicy = "per-client";

    private const string AskExample = """{"question": "how many customers are there?"}""";
    private const string SqlExample = """{"sql": "SELECT count(*) FROM customers"}""";
    private const string FeedbackExample = """{"answer": "<id from /api/ask>", "good": false, "sql": "SELECT …"}""";

    // One summariser per schema read: building its value index scans the database, so it is done once, not per request.
    private readonly ConditionalWeakTable<DatabaseSchema, SchemaSummariser> _summarisers = new();

    private AskOptions AskOptions => new() { Engine = engine, Execution = options.Execution };

    public void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/ask", (Func<HttpContext, Task<IResult>>)AskAsync).RequireRateLimiting(PerClientPolicy)
            .Accepts<AskRequest>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .Produces(StatusCodes.Status200OK, contentType: AskEventStream.ContentType)
            .WithSummary("Answer a question: the SQL, its rows, the alternatives, timings, and ids for follow-ups and feedback.")
            .WithDescription("With 'Accept: text/event-stream': progress events every second, then one answer or problem event.");
        api.MapPost("/sql", (Func<HttpContext, Task<IResult>>)SqlAsync).RequireRateLimiting(PerClientPolicy)
            .Accepts<SqlRequest>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Run SQL the parser accepts as a read-only SELECT over the database's real tables and columns.");
        api.MapGet("/schema", (Func<HttpContext, string?, string?, Task<IResult>>)SchemaAsync).RequireRateLimiting(PerClientPolicy)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithSummary("The schema; with ?question= what the model would see and why, with ?answer= what it saw for that answer.");
        api.MapPost("/feedback", (Func<HttpContext, Task<IResult>>)FeedbackAsync).RequireRateLimiting(PerClientPolicy)
            .Accepts<FeedbackRequest>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Rate an answer (good: true|false) or log the SQL it should have produced (sql), into the feedback store.");
        api.MapGet("/health", (Func<HttpContext, Task<IResult>>)HealthAsync)
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Whether the database can be reached; needs no token.");
    }

    private async Task<IResult> AskAsync(HttpContext http)
    {
        var request = await JsonBody.ReadAsync<AskRequest>(http.Request, AskExample).ConfigureAwait(false);
        var question = CheckQuestion(request.Question);
        if (request.Database is { Length: > 0 } name && !name.Equals(database.Name, StringComparison.OrdinalIgnoreCase))
            throw new ApiError(StatusCodes.Status400BadRequest, $"this server answers questions about '{database.Name}', not '{name}'.");
        var conversation = conversations.Get(request.Conversation);
        if (AskEventStream.IsWanted(http.Request))
            return new AskEventStream(cancellationToken => AnswerAsync(question, conversation, cancellationToken));
        return new JsonResult(await AnswerAsync(question, conversation, http.RequestAborted).ConfigureAwait(false));
    }

    /// <summary>Answers in a conversation and returns the writer of the answer's document.</summary>
    private async Task<Action<System.Text.Json.Utf8JsonWriter>> AnswerAsync(string question, ServedConversation conversation, CancellationToken cancellationToken)
    {
        await using var opened = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        Answer answer;
        try
        {
            answer = await engine.AskAsync(opened.Connection, question, AskOptions with { Conversation = conversation.Conversation }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (UnansweredQuestionException e)
        {
            throw new ApiError(StatusCodes.Status422UnprocessableEntity,
                $"no answer: {e.Reason}. Rephrase the question, or write the SQL with /api/sql.")
            {
                Extensions = new Dictionary<string, object?>
                {
                    ["reason"] = e.Kind.ToString(),
                    ["candidates"] = e.Candidates.Select(c => new { sql = c.Sql, failure = c.Failure.ToString().ToLowerInvariant(), reason = c.Reason }).ToList(),
                },
            };
        }
        catch (WriteRefusedException e)
        {
            // A request to change data is the client's to rephrase, like a question without an answer; nothing ran.
            throw new ApiError(StatusCodes.Status422UnprocessableEntity, e.Message)
            {
                Extensions = new Dictionary<string, object?> { ["refused"] = e.Operation },
            };
        }
        var answerId = conversation.Add(answer);
        var history = conversation.Conversation.Questions;
        return json =>
        {
            json.WriteStartObject();
            AnswerJson.WriteProperties(json, answer, includeTruncated: true);
            json.WriteString("conversation", conversation.Id);
            json.WriteString("answer", answerId);
            json.WriteStartArray("history");
            foreach (var asked in history)
                json.WriteStringValue(asked);
            json.WriteEndArray();
            json.WriteEndObject();
        };
    }

    private async Task<IResult> SqlAsync(HttpContext http)
    {
        var request = await JsonBody.ReadAsync<SqlRequest>(http.Request, SqlExample).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(request.Sql))
            throw new ApiError(StatusCodes.Status400BadRequest, $"\"sql\" is missing or empty; expected e.g. {SqlExample}.");
        await using var opened = await database.OpenAsync(http.RequestAborted).ConfigureAwait(false);
        var (sql, rows) = await RunCheckedAsync(opened.Connection, request.Sql, AskOptions, "the SQL", http.RequestAborted).ConfigureAwait(false);
        return new JsonResult(json =>
        {
            json.WriteStartObject();
            json.WriteString("sql", sql);
            ResultWriter.WriteJsonProperties(json, rows, includeTruncated: true);
            json.WriteEndObject();
        });
    }

    private async Task<IResult> SchemaAsync(HttpContext http, string? question = null, string? answer = null)
    {
        if (question is not null && answer is not null)
            throw new ApiError(StatusCodes.Status400BadRequest, "give ?question= (what the model would see) or ?answer= (what it saw), not both.");
        var checkedQuestion = question is null ? null : CheckQuestion(question);
        var known = answer is null ? null : conversations.FindAnswer(answer);
        await using var opened = await database.OpenAsync(http.RequestAborted).ConfigureAwait(false);
        var schema = await engine.GetSchemaAsync(opened.Connection, AskOptions, http.RequestAborted).ConfigureAwait(false);
        SchemaSummary? summary = known?.SchemaSummary;
        if (checkedQuestion is not null)
            summary = (await SummariserForAsync(schema, opened.Connection, http.RequestAborted).ConfigureAwait(false)).Summarise(checkedQuestion);
        return new JsonResult(json =>
        {
            json.WriteStartObject();
            SchemaJson.WriteSchema(json, schema);
            if (summary is not null)
            {
                json.WriteStartObject("summary");
                SummaryJson.WriteMembers(json, summary, known?.ModelInput ?? summary.Serialize().Text);
                json.WriteEndObject();
            }
            if (known is not null)
            {
                json.WriteString("question", known.Question);
                json.WriteString("model_input", known.ModelInput);
                AnswerJson.WriteAlternatives(json, known.Alternatives);
            }
            json.WriteEndObject();
        });
    }

    private async Task<IResult> FeedbackAsync(HttpContext http)
    {
        var request = await JsonBody.ReadAsync<FeedbackRequest>(http.Request, FeedbackExample).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(request.Answer))
            throw new ApiError(StatusCodes.Status400BadRequest, $"\"answer\" is missing: give the \"answer\" id /api/ask returned, e.g. {FeedbackExample}.");
        if (request.Good is null && string.IsNullOrWhiteSpace(request.Sql))
            throw new ApiError(StatusCodes.Status400BadRequest,
                "say what was wrong or right: \"good\": true or false, \"sql\": the SQL the question should have produced, or both.");
        var answer = conversations.FindAnswer(request.Answer);
        string? corrected = null;
        if (!string.IsNullOrWhiteSpace(request.Sql))
        {
            // A correction becomes a training example: it must be SQL that runs over this schema. Checked and planned
            // read-only without reading rows.
            await using var opened = await database.OpenAsync(http.RequestAborted).ConfigureAwait(false);
            try
            {
                (corrected, _) = await RunCheckedAsync(opened.Connection, request.Sql, AskOptions with { Execution = options.Execution with { MaxRows = 0 } },
                    "the corrected SQL", http.RequestAborted).ConfigureAwait(false);
            }
            catch (ApiError e) when (e.Status == StatusCodes.Status422UnprocessableEntity)
            {
                // Kept as rejected with the reason the client is given: never trained on, but not lost either.
                await engine.Feedback.AddAsync(new FeedbackRecord(answer.Question, answer.DatabaseName, answer.SchemaHash, answer.Sql, request.Sql, null,
                    DateTimeOffset.UtcNow).Rejected(e.Message), CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
        // Once accepted, feedback is stored even if the client goes away meanwhile: a lost row is lost training data.
        var stored = 0;
        if (request.Good is { } good)
        {
            await answer.RateAsync(good, CancellationToken.None).ConfigureAwait(false);
            stored++;
        }
        if (corrected is not null)
        {
            await answer.CorrectAsync(corrected, CancellationToken.None).ConfigureAwait(false);
            stored++;
        }
        return new JsonResult(json =>
        {
            json.WriteStartObject();
            json.WriteNumber("stored", stored);
            if (corrected is not null)
                json.WriteString("sql", corrected);
            json.WriteEndObject();
        });
    }

    private async Task<IResult> HealthAsync(HttpContext http)
    {
        await using var opened = await database.OpenAsync(http.RequestAborted).ConfigureAwait(false);
        return new JsonResult(json =>
        {
            json.WriteStartObject();
            json.WriteString("status", "ok");
            json.WriteString("database", database.Name);
            json.WriteString("kind", database.Kind.ToString());
            json.WriteBoolean("token_required", options.Token is not null);
            json.WriteNumber("max_question_length", options.MaxQuestionLength);
            json.WriteEndObject();
        });
    }

    private string CheckQuestion(string? question)
    {
        question = question?.Trim();
        if (string.IsNullOrEmpty(question))
            throw new ApiError(StatusCodes.Status400BadRequest, $"the question is missing or empty; expected e.g. {AskExample}.");
        if (question.Length > options.MaxQuestionLength)
            throw new ApiError(StatusCodes.Status400BadRequest,
                $"the question is {question.Length:N0} characters long; this server accepts at most {options.MaxQuestionLength:N0}.");
        return question;
    }

    /// <summary>The REPL's <c>:sql</c> path: the parser must accept a complete SELECT over the real schema, then it runs read-only.</summary>
    private async Task<(string Sql, Execution.ResultTable Rows)> RunCheckedAsync(DbConnection connection, string sql, AskOptions askOptions, string what,
        CancellationToken cancellationToken)
    {
        try
        {
            return await engine.RunSqlAsync(connection, sql, askOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (SqlParseException e)
        {
            throw new ApiError(StatusCodes.Status422UnprocessableEntity, $"{what} was refused: {e.Message}");
        }
        catch (DbException e)
        {
            throw new ApiError(StatusCodes.Status422UnprocessableEntity, $"the database could not run {what}: {e.Message}");
        }
    }

    private async Task<SchemaSummariser> SummariserForAsync(DatabaseSchema schema, DbConnection connection, CancellationToken cancellationToken)
    {
        if (_summarisers.TryGetValue(schema, out var summariser))
            return summariser;
        var values = engine.IndexValues ? await ValueIndex.BuildAsync(connection, schema, ValueIndexOptions.Default, cancellationToken).ConfigureAwait(false) : null;
        // Two first requests may both build one; the second is dropped, which costs time but never correctness.
        return _summarisers.GetValue(schema, _ => new SchemaSummariser(schema, values));
    }
}
