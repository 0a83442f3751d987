using System.Globalization;

namespace NlQuery.SqlServer.Internal
{
    /// <summary>How an answer's value reads in an <c>nvarchar</c> column: invariant, round-trippable numbers, so that a
    /// column of mixed values shows 1.5 and not the server's locale's 1,5.</summary>
    internal static class ValueText
    {
        public static string? Format(object? value) => value switch
        {
            null => null,
            string text => text,
            long whole => whole.ToString(CultureInfo.InvariantCulture),
            double real => real.ToString("R", CultureInfo.InvariantCulture),
            bool truth => truth ? "true" : "false",
            _ => System.Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }
}
