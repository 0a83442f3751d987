using System.CommandLine;

namespace NlQuery.Cli.Output;

/// <summary>
/// <c>--format table|json|csv</c>. Parsed here rather than by System.CommandLine's enum binding, whose error names the
/// CLR type (<c>NlQuery.Cli.Output.OutputFormat</c>) instead of the values a user can type.
/// </summary>
internal static class OutputFormatOption
{
    public static string Allowed { get; } = string.Join(", ", Enum.GetNames<OutputFormat>().Select(n => n.ToLowerInvariant()));

    public static Option<OutputFormat> Create() => new("--format")
    {
        Description = "table (default), json or csv.",
        HelpName = "table|json|csv",
        DefaultValueFactory = _ => OutputFormat.Table,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
                return OutputFormat.Table;
            var text = result.Tokens[^1].Value;
            // Enum.TryParse also takes numbers ("7") and comma lists; only the names are values a user means.
            foreach (var format in Enum.GetValues<OutputFormat>())
            {
                if (string.Equals(format.ToString(), text, StringComparison.OrdinalIgnoreCase))
                    return format;
            }
            result.AddError($"--format takes one of {Allowed}, not '{text}'.");
            return OutputFormat.Table;
        },
    };
}
