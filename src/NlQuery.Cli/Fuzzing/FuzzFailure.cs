namespace NlQuery.Cli.Fuzzing;

/// <summary>An input that broke an invariant (or threw), with what broke; printed so it can be replayed.</summary>
internal sealed record FuzzFailure(FuzzInput Input, FuzzFailureKind Kind, string Problem)
{
    public override string ToString() =>
        $"[{Kind}] {Problem}\n  mode {Input.Mode}, dialect {Input.Dialect.Name}, schema {Input.Origin.Schema.Name}, made by {Input.Kind}\n"
        + $"  input (C# literal): {Literal(Input.Text)}";

    /// <summary>The input as a C# string literal, so control characters and lone surrogates survive copying.</summary>
    public static string Literal(string text)
    {
        var builder = new System.Text.StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || c > '~' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }
}
