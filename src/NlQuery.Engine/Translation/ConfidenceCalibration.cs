using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NlQuery.Translation;

/// <summary>
/// A fitted map from <see cref="ConfidenceFeatures"/> to the probability that an answer is right: logistic regression,
/// <c>1 / (1 + exp(-(intercept + Σ weight × feature)))</c>. It belongs to the model it was fitted for and lives in that
/// folder's <c>model.json</c> as a <c>"confidence"</c> object (<c>nlq eval spider --fit-confidence</c> writes it), so a
/// retrained model never uses another model's calibration. A folder without one gets the fixed formula (AnswerConfidence).
/// </summary>
public sealed class ConfidenceCalibration
{
    /// <summary>The property of model.json that holds the calibration.</summary>
    public const string PropertyName = "confidence";

    public const string LogisticMethod = "logistic";

    /// <param name="intercept">The log-odds of an answer whose features are all 0.</param>
    /// <param name="weights">One weight per <see cref="ConfidenceFeatures.Names"/>, in that order.</param>
    public ConfidenceCalibration(double intercept, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != ConfidenceFeatures.Names.Count)
            throw new ArgumentException($"A calibration has {ConfidenceFeatures.Names.Count} weights ({string.Join(", ", ConfidenceFeatures.Names)}), not {weights.Count}.", nameof(weights));
        if (!double.IsFinite(intercept) || weights.Any(w => !double.IsFinite(w)))
            throw new ArgumentException("A calibration's intercept and weights must be finite numbers.", nameof(weights));
        Intercept = intercept;
        Weights = weights.ToArray();
    }

    public double Intercept { get; }

    public IReadOnlyList<double> Weights { get; }

    /// <summary>What it was fitted on and how it was checked, in words (written to model.json for whoever reads it).</summary>
    public string? FittedOn { get; init; }

    /// <summary>How many answers it was fitted on.</summary>
    public int Examples { get; init; }

    /// <summary>The probability, in [0, 1], that an answer with these features is right.</summary>
    public double Predict(ConfidenceFeatures features)
    {
        var values = features.ToArray();
        var logit = Intercept;
        for (var i = 0; i < values.Length; i++)
            logit += Weights[i] * values[i];
        return 1 / (1 + Math.Exp(-logit));
    }

    /// <summary>The calibration in a folder's model.json; null when the folder has none (older models) or no model.json.</summary>
    /// <exception cref="InvalidDataException">model.json's <c>confidence</c> object is malformed (the message says how).</exception>
    public static ConfidenceCalibration? ReadModelFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var path = Path.Combine(folder, T5ModelInfo.FileName);
        if (!File.Exists(path))
            return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(PropertyName, out var confidence)
                ? Read(confidence, path)
                : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    /// <exception cref="InvalidDataException">The object is malformed (the message names <paramref name="source"/> and the field).</exception>
    public static ConfidenceCalibration Read(JsonElement confidence, string source)
    {
        string Where(string field) => $"{source}: \"{PropertyName}.{field}\"";
        if (confidence.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{source}: \"{PropertyName}\" must be an object with method, intercept and weights.");
        var method = confidence.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        if (method != LogisticMethod)
            throw new InvalidDataException($"{Where("method")} must be \"{LogisticMethod}\", not {(method is null ? "missing" : $"\"{method}\"")}.");
        if (!confidence.TryGetProperty("intercept", out var intercept) || intercept.ValueKind != JsonValueKind.Number)
            throw new InvalidDataException($"{Where("intercept")} must be a number.");
        if (!confidence.TryGetProperty("weights", out var weights) || weights.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"{Where("weights")} must be an object with {string.Join(", ", ConfidenceFeatures.Names)}.");
        var unknown = weights.EnumerateObject().Select(p => p.Name).Except(ConfidenceFeatures.Names).ToList();
        if (unknown.Count > 0)
            throw new InvalidDataException($"{Where("weights")} has unknown features: {string.Join(", ", unknown)} (known: {string.Join(", ", ConfidenceFeatures.Names)}).");
        var values = new double[ConfidenceFeatures.Names.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var name = ConfidenceFeatures.Names[i];
            if (!weights.TryGetProperty(name, out var weight) || weight.ValueKind != JsonValueKind.Number)
                throw new InvalidDataException($"{Where("weights." + name)} must be a number.");
            values[i] = weight.GetDouble();
        }
        try
        {
            return new ConfidenceCalibration(intercept.GetDouble(), values)
            {
                FittedOn = confidence.TryGetProperty("fitted_on", out var fitted) && fitted.ValueKind == JsonValueKind.String ? fitted.GetString() : null,
                Examples = confidence.TryGetProperty("examples", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : 0,
            };
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: \"{PropertyName}\": {e.Message}", e);
        }
    }

    public JsonObject ToJson()
    {
        var weights = new JsonObject();
        for (var i = 0; i < Weights.Count; i++)
            weights[ConfidenceFeatures.Names[i]] = Math.Round(Weights[i], 6);
        var json = new JsonObject
        {
            ["method"] = LogisticMethod,
            ["intercept"] = Math.Round(Intercept, 6),
            ["weights"] = weights,
            ["examples"] = Examples,
        };
        if (FittedOn is not null)
            json["fitted_on"] = FittedOn;
        return json;
    }

    /// <summary>Stores the calibration in the folder's model.json, replacing any earlier one and keeping every other field.</summary>
    /// <exception cref="FileNotFoundException">The folder has no model.json.</exception>
    public void WriteToModelFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var path = Path.Combine(folder, T5ModelInfo.FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The model folder '{Path.GetFullPath(folder)}' has no {T5ModelInfo.FileName}.", path);
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"{path} is not a JSON object.");
        root[PropertyName] = ToJson();
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public override string ToString() =>
        "logit = " + Intercept.ToString("0.###", CultureInfo.InvariantCulture) + string.Concat(Weights.Select((w, i) =>
            (w < 0 ? " - " : " + ") + Math.Abs(w).ToString("0.###", CultureInfo.InvariantCulture) + "·" + ConfidenceFeatures.Names[i]));
}
