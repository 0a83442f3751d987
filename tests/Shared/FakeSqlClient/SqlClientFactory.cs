using System.Data.Common;

namespace Microsoft.Data.SqlClient;

/// <summary>The fake SqlClient's factory, found by name the way nlq finds the real one through NLQUERY_SQLCLIENT_PATH.</summary>
public sealed class SqlClientFactory : DbProviderFactory
{
    public static readonly SqlClientFactory Instance = new();

    private SqlClientFactory()
    {
    }

    public override DbConnection CreateConnection() => new SqlConnection();

    public override DbCommand CreateCommand() => new SqlCommand();

    public override DbParameter CreateParameter() => new SqlParameter();
}
