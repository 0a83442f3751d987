using System.Text.Json;
using NlQuery.Translation;

namespace NlQuery.Cli.Models;

/// <summary>
/// A "model" folder whose <c>model.json</c> lists the SQL candidates for each question
/// (<c>{"format": "nlquery-canned/1", "answers": {"question": ["SELECT …", …]}}</c>). It lets scripts and nlq's own
/// end-to-end tests exercise every outcome (answers, abstentions, row caps, refusals) without the weights of a real
/// model deciding what comes back. A question it does not list gets no candidates. An optional <c>"confidence"</c>
/// object is a calibration, as in a real model's model.json.
/// </summary>
internal sealed class CannedTranslator : ITranslator
{
    public const string Format = "nlquery-canned/1";

    private readonly Dictionary<string, IReadOnlyList<string>> _answers;

    private readonly ConfidenceCalibration? _calibration;

    private CannedTranslator(Dictionary<string, IReadOnlyList<string>> answers, ConfidenceCalibration? calibration)
    {
        _answers = answers;
        _calibration = calibration;
    }

    /// <summary>Reads the folder's model.json when its format is <see cref="Format"/>; null for any other model.</summary>
    public static CannedTranslator? TryLoad(string folder)
    {
        var path = Path.Combine(folder, "model.json");
        if (!File.Exists(path))
            return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.GetString() != Format)
                return null;
            var answers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            if (root.TryGetProperty("answers", out var listed))
            {
                foreach (var question in listed.EnumerateObject())
                    answers[question.Name] = question.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToList();
            }
            // A "confidence" object is read as a real model's is, so that tests can follow a calibration to the output.
            return new CannedTranslator(answers,
                root.TryGetProperty(ConfidenceCalibration.PropertyName, out var confidence) ? ConfidenceCalibration.Read(confidence, path) : null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // ModelLoader reports a model.json that is not JSON in its own words.
            return null;
        }
    }

    public Task<TranslationResult> TranslateAsync(TranslationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var candidates = _answers.TryGetValue(request.Question, out var listed)
            ? listed.Select((sql, i) => new SqlCandidate(sql, -0.1 * (i + 1))).ToList()
            : [];
        var zero = TimeSpan.Zero;
        return Task.FromResult(new TranslationResult(candidates, $"{request.Question} | canned", new TranslationTimings(zero, zero, zero, zero, zero))
        {
            Calibration = _calibration,
        });
    }
}
