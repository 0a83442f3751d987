using Microsoft.Data.Sqlite;
using Npgsql;
using NlQuery.Schema;

namespace NlQuery.Tests.Schema;

public sealed class DatabaseKindDetectorTests
{
    [Fact]
    public void KnowsTheSupportedProvidersAndNamesTheUnknownOne()
    {
        Assert.Equal(DatabaseKind.Sqlite, DatabaseKindDetector.Detect(new SqliteConnection()));
        Assert.Equal(DatabaseKind.PostgreSql, DatabaseKindDetector.Detect(new NpgsqlConnection()));
        Assert.IsType<PostgreSqlSchemaReader>(DatabaseKindDetector.SchemaReaderFor(DatabaseKind.PostgreSql));
        Assert.IsType<SqlServerSchemaReader>(DatabaseKindDetector.SchemaReaderFor(DatabaseKind.SqlServer));
        var error = Assert.Throws<NotSupportedException>(() => DatabaseKindDetector.Detect(new FakeConnection()));
        Assert.Contains(nameof(FakeConnection), error.Message);
    }

    private sealed class FakeConnection : System.Data.Common.DbConnection
    {
        [System.Diagnostics.CodeAnalysis.AllowNull] public override string ConnectionString { get; set; } = "";
        public override string Database => "";
        public override string DataSource => "";
        public override string ServerVersion => "";
        public override System.Data.ConnectionState State => System.Data.ConnectionState.Closed;
        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();
        public override void Close() { }
        public override void Open() => throw new NotSupportedException();
        protected override System.Data.Common.DbTransaction BeginDbTransaction(System.Data.IsolationLevel isolationLevel) => throw new NotSupportedException();
        protected override System.Data.Common.DbCommand CreateDbCommand() => throw new NotSupportedException();
    }
}
