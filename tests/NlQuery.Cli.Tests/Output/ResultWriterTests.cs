using System.Text;
using System.Text.Json;
using NlQuery.Cli.Output;
using NlQuery.Execution;
using Spectre.Console;

namespace NlQuery.Cli.Tests.Output;

public sealed class ResultWriterTests
{
    private static readonly ResultTable Sample = new(["name", "total"], [["O'Brien, Liam", 12.5], ["Ava \"A\"", null], ["x", 3L]], isTruncated: true);

    [Fact]
    public void CsvQuotesWhatNeedsQuotingAndLeavesNullsEmpty()
    {
        var output = new StringWriter();
        ResultWriter.WriteCsv(output, Sample);
        Assert.Equal("name,total\n\"O'Brien, Liam\",12.5\n\"Ava \"\"A\"\"\",\nx,3\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void JsonKeepsTypes()
    {
        var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            ResultWriter.WriteJsonProperties(json, Sample);
            json.WriteEndObject();
        }
        Assert.Equal("""{"columns":["name","total"],"rows":[["O\u0027Brien, Liam",12.5],["Ava \u0022A\u0022",null],["x",3]],"truncated":true}""",
            Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void TableShowsEveryValueAndSaysWhenTheCapCutRows()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        ResultWriter.WriteTable(console, Sample);
        var text = writer.ToString();
        Assert.Contains("O'Brien, Liam", text);
        Assert.Contains("NULL", text);
        Assert.Contains("3 rows (row cap reached; more exist)", text);
    }
}
