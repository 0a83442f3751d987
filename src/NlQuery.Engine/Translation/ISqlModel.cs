using NlQuery.Sql;

namespace NlQuery.Translation;

/// <summary>
/// A loaded model of one family (T5 in PICARD's format, the pointer model) behind the one translator: given a
/// question and the summariser of its database, it builds its own input and decodes beams of SQL in its dialect,
/// constrained by the parser when one is given. <see cref="ModelLoader"/> picks the family from <c>model.json</c>.
/// Implementations are thread-safe.
/// </summary>
public interface ISqlModel : IDisposable
{
    /// <summary>The <c>model.json</c> format this model was loaded as.</summary>
    string Format { get; }

    /// <summary>The dialect the model writes (its constraint parses in it).</summary>
    SqlDialect Dialect { get; }

    GenerationOutput Generate(ModelRequest request, CancellationToken cancellationToken = default);
}
