using System.Diagnostics;
using Microsoft.Data.Sqlite;
using NlQuery.Tests;

namespace NlQuery.Cli.Tests.Commands;

/// <summary>
/// Long steps show a spinner on a terminal, and only there: <c>script</c> (util-linux, in every Debian) gives nlq a
/// pseudo-terminal as a user's shell would; the other tests, with redirected output, see clean stdout and stderr.
/// </summary>
public sealed class ProgressTests : IDisposable
{
    private const string Script = "/usr/bin/script";

    private readonly string _folder = Directory.CreateTempSubdirectory("nlq-progress-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AskShowsItsStepsOnATerminal()
    {
        if (!File.Exists(Script))
        {
            Assert.Fail($"{Script} (util-linux) is missing: it gives nlq a terminal for this test.");
            return;
        }
        var db = Path.Combine(_folder, "concert_singer.sqlite");
        await using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "create table singer (singer_id integer primary key, name text, country text, age integer);" +
                                  "insert into singer values (1, 'Ana', 'France', 30), (2, 'Bo', 'Spain', 41);";
            await command.ExecuteNonQueryAsync();
        }
        var model = Path.Combine(SharedData.RepositoryRoot, "tests", "fixtures", "tiny-t5");
        var line = $"'{NlqProcess.DotnetHost()}' '{NlqProcess.AssemblyPath}' ask --db '{db}' --model '{model}' 'How old is the youngest singer?'";
        var start = new ProcessStartInfo(Script) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { "-qec", line, "/dev/null" })
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cancel.Token);

        var text = await output;
        Assert.True(process.ExitCode == 0, text);
        Assert.Contains("Loading the model…", text);
        Assert.Contains("Answering…", text);
        Assert.Contains("SELECT", text);
    }
}
