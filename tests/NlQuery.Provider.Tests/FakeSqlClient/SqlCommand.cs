using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Microsoft.Data.SqlClient;

/// <summary>
/// The fake SqlClient's command. Like SqlClient, it refuses to run on a connection with an open transaction unless
/// the command is enlisted in it.
/// </summary>
public sealed class SqlCommand : DbCommand
{
    private readonly SqlParameterCollection _parameters = new();

    [AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    public new SqlConnection? Connection { get; set; }

    protected override DbConnection? DbConnection
    {
        get => Connection;
        set => Connection = (SqlConnection?)value;
    }

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
    }

    public override int ExecuteNonQuery()
    {
        Run();
        return -1;
    }

    public override object? ExecuteScalar()
    {
        var table = Run();
        return table.Rows.Count == 0 ? null : table.Rows[0][0];
    }

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqlParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Run().CreateDataReader();

    private DataTable Run()
    {
        var connection = Connection ?? throw new InvalidOperationException("ExecuteReader: Connection property has not been initialized.");
        if (connection.State != ConnectionState.Open)
            throw new InvalidOperationException("ExecuteReader requires an open and available Connection.");
        if (connection.Transaction is not null && DbTransaction != connection.Transaction)
            throw new InvalidOperationException("ExecuteReader requires the command to have a transaction when the connection assigned to the command is in a pending local transaction.");
        var parameters = _parameters.Items.ToDictionary(p => p.ParameterName, p => p.Value is DBNull ? null : p.Value);
        return connection.Server.Execute(CommandText, parameters, connection.Transaction is not null);
    }
}
