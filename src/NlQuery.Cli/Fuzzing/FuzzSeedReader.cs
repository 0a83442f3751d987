using NlQuery.Schema;

namespace NlQuery.Cli.Fuzzing;

/// <summary>Reads seed queries from a Spider gold file: one <c>SQL&lt;TAB&gt;db_id</c> per line.</summary>
internal static class FuzzSeedReader
{
    /// <summary>
    /// Pairs each gold query with a schema: <paramref name="schemaFor"/> maps a db_id to its schema, or returns null
    /// to leave that query out.
    /// </summary>
    public static List<FuzzSeed> Read(string goldPath, Func<string, DatabaseSchema?> schemaFor)
    {
        if (!File.Exists(goldPath))
            throw new FileNotFoundException($"gold file not found: {goldPath}", goldPath);
        var seeds = new List<FuzzSeed>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(goldPath))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var tab = line.LastIndexOf('\t');
            if (tab < 0)
                throw new InvalidDataException($"{goldPath} line {lineNumber}: expected 'SQL<TAB>db_id', as Spider's gold files are written.");
            var schema = schemaFor(line[(tab + 1)..].Trim());
            if (schema is not null)
                seeds.Add(new FuzzSeed(line[..tab].Trim(), schema));
        }
        return seeds;
    }
}
