namespace NlQuery.Tests;

/// <summary>Removes a temporary SQLite database with the files SQLite keeps beside it (write-ahead log, shared memory, journal).</summary>
public static class SqliteFiles
{
    /// <summary>Deletes <paramref name="path"/> and its companions; missing ones are fine. Clear the connection pools first.</summary>
    public static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
            File.Delete(file);
    }
}
