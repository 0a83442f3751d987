using System;
using System.Collections.Generic;
using System.Data;
using System.Data.SqlClient;
using System.Data.SqlTypes;
using Microsoft.SqlServer.Server;
using NlQuery.SqlServer.Internal;

namespace NlQuery.SqlServer
{
    /// <summary>
    /// The T-SQL entry points (net48 only; sql/sqlserver/install.sql creates them): <c>dbo.nl_sql(@question)</c>
    /// returns the SQL NlQuery would run, <c>dbo.nl_ask @question</c> returns its rows. Both ask the local NlQuery
    /// service over HTTP (<see cref="NlServiceClient"/>) instead of loading a model and native code into SQL Server.
    /// </summary>
    public static class NlSqlFunctions
    {
        // SQL Server's limit on a column name in a result set.
        private const int MaxColumnName = 128;

        // RAISERROR's limit on a message.
        private const int MaxErrorLength = 2047;

        // PRINT's (SqlPipe.Send) limit on a message.
        private const int MaxMessageLength = 4000;

        /// <summary>
        /// The SQL for a question. A failure surfaces as SQL Server's Msg 6522 whose first line is the
        /// <see cref="NlServiceException"/>'s message: a function cannot raise its own error.
        /// </summary>
        [SqlFunction(DataAccess = DataAccessKind.Read, SystemDataAccess = SystemDataAccessKind.Read, IsDeterministic = false)]
        [return: SqlFacet(MaxSize = -1)]
        public static SqlString nl_sql([SqlFacet(MaxSize = -1)] SqlString question)
        {
            if (question.IsNull)
                return SqlString.Null;
            using (var connection = OpenContext())
            {
                var options = ReadOptions(connection, out var database);
                return new SqlString(new NlServiceClient(options).Ask(question.Value, database).Sql);
            }
        }

        /// <summary>Runs a question and sends its rows to the caller, after a message with the SQL that produced them.</summary>
        [SqlProcedure]
        public static void nl_ask([SqlFacet(MaxSize = -1)] SqlString question)
        {
            using (var connection = OpenContext())
            {
                NlAnswer answer;
                try
                {
                    if (question.IsNull)
                        throw new NlServiceException("the question is NULL: pass a question in plain language, e.g. N'how many customers are there?'.");
                    var options = ReadOptions(connection, out var database);
                    answer = new NlServiceClient(options).Ask(question.Value, database);
                }
                catch (NlServiceException e)
                {
                    Raise(connection, e.Message);
                    return;
                }
                var pipe = SqlContext.Pipe;
                pipe.Send(Truncate("NlQuery ran: " + answer.Sql, MaxMessageLength));
                if (answer.Columns.Count > 0)
                    SendRows(pipe, answer);
            }
        }

        private static SqlConnection OpenContext()
        {
            var connection = new SqlConnection("context connection=true");
            connection.Open();
            return connection;
        }

        /// <summary>dbo.nl_config's rows (when the table exists) and the current database's name.</summary>
        private static NlServiceOptions ReadOptions(SqlConnection connection, out string database)
        {
            var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            using (var exists = new SqlCommand("SELECT OBJECT_ID(N'dbo.nl_config', N'U')", connection))
            {
                if (!(exists.ExecuteScalar() is DBNull))
                {
                    using (var read = new SqlCommand("SELECT name, value FROM dbo.nl_config", connection))
                    using (var reader = read.ExecuteReader())
                    {
                        while (reader.Read())
                            settings[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
                    }
                }
            }
            var options = NlServiceOptions.FromSettings(settings);
            using (var name = new SqlCommand("SELECT DB_NAME()", connection))
                database = options.Database ?? (string)name.ExecuteScalar();
            return options;
        }

        private static void SendRows(SqlPipe pipe, NlAnswer answer)
        {
            var kinds = answer.ColumnKinds();
            var metadata = new SqlMetaData[kinds.Count];
            for (var i = 0; i < metadata.Length; i++)
            {
                var name = ColumnName(answer.Columns[i], i);
                metadata[i] = kinds[i] switch
                {
                    ColumnKind.Integer => new SqlMetaData(name, SqlDbType.BigInt),
                    ColumnKind.Float => new SqlMetaData(name, SqlDbType.Float),
                    ColumnKind.Boolean => new SqlMetaData(name, SqlDbType.Bit),
                    _ => new SqlMetaData(name, SqlDbType.NVarChar, SqlMetaData.Max),
                };
            }
            var record = new SqlDataRecord(metadata);
            pipe.SendResultsStart(record);
            foreach (var row in answer.Rows)
            {
                for (var i = 0; i < metadata.Length; i++)
                {
                    var value = row[i];
                    if (value is null)
                        record.SetDBNull(i);
                    else if (kinds[i] == ColumnKind.Integer)
                        record.SetInt64(i, (long)value);
                    else if (kinds[i] == ColumnKind.Float)
                        record.SetDouble(i, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                    else if (kinds[i] == ColumnKind.Boolean)
                        record.SetBoolean(i, (bool)value);
                    else
                        record.SetString(i, ValueText.Format(value));
                }
                pipe.SendResultsRow(record);
            }
            pipe.SendResultsEnd();
        }

        /// <summary>A result column needs a name of at most 128 characters; a nameless one (SELECT count(*)) gets its position.</summary>
        private static string ColumnName(string name, int index) =>
            string.IsNullOrWhiteSpace(name) ? "column" + (index + 1) : Truncate(name, MaxColumnName);

        /// <summary>
        /// Sends the caller a severity-16 error with just this message. The SqlException it also raises here is
        /// swallowed: the error has already reached the caller, and letting it escape would add Msg 6522 and a stack trace.
        /// </summary>
        private static void Raise(SqlConnection connection, string message)
        {
            // %s keeps a % in the message from being read as a format.
            using (var command = new SqlCommand("RAISERROR(N'%s', 16, 1, @message)", connection))
            {
                command.Parameters.Add("@message", SqlDbType.NVarChar, MaxErrorLength).Value = Truncate(message, MaxErrorLength);
                try
                {
                    SqlContext.Pipe.ExecuteAndSend(command);
                }
                catch (SqlException)
                {
                    // Expected: see the summary.
                }
            }
        }

        private static string Truncate(string text, int length) => text.Length <= length ? text : text.Substring(0, length);
    }
}
