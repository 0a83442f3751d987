using System.Collections;
using System.Data;
using System.Data.Common;
using NlQuery.Execution;

namespace NlQuery;

/// <summary>
/// The rows an <see cref="NlCommand"/> read, with the answer behind them: the SQL that ran, the alternatives the engine
/// considered and where the time went. The rows are already read (at most the row cap), so the connection is free
/// while this reader is open.
/// </summary>
public sealed class NlDataReader : DbDataReader
{
    private readonly DbDataReader _rows;
    private readonly DbConnection? _closeOnClose;

    internal NlDataReader(Answer answer, DbConnection? closeOnClose)
    {
        Answer = answer;
        _rows = answer.CreateReader();
        _closeOnClose = closeOnClose;
    }

    /// <summary>Everything about the answer: question, SQL, score, model input, feedback methods.</summary>
    public Answer Answer { get; }

    /// <summary>The SQL that produced these rows, in the connection's dialect.</summary>
    public string Sql => Answer.Sql;

    /// <summary>The other candidates, best first, and why each was not used.</summary>
    public IReadOnlyList<CandidateOutcome> Alternatives => Answer.Alternatives;

    public AnswerTimings Timings => Answer.Timings;

    /// <summary>True when the row cap (<see cref="ExecutionOptions.MaxRows"/>) left rows out.</summary>
    public bool IsTruncated => Answer.Rows.IsTruncated;

    public override int Depth => _rows.Depth;

    public override int FieldCount => _rows.FieldCount;

    public override bool HasRows => _rows.HasRows;

    public override bool IsClosed => _rows.IsClosed;

    /// <summary>Always -1: a question only reads.</summary>
    public override int RecordsAffected => -1;

    public override object this[int ordinal] => _rows[ordinal];

    public override object this[string name] => _rows[name];

    public override bool Read() => _rows.Read();

    public override Task<bool> ReadAsync(CancellationToken cancellationToken) => _rows.ReadAsync(cancellationToken);

    public override bool NextResult() => _rows.NextResult();

    public override bool GetBoolean(int ordinal) => _rows.GetBoolean(ordinal);

    public override byte GetByte(int ordinal) => _rows.GetByte(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        _rows.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

    public override char GetChar(int ordinal) => _rows.GetChar(ordinal);

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        _rows.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

    public override string GetDataTypeName(int ordinal) => _rows.GetDataTypeName(ordinal);

    public override DateTime GetDateTime(int ordinal) => _rows.GetDateTime(ordinal);

    public override decimal GetDecimal(int ordinal) => _rows.GetDecimal(ordinal);

    public override double GetDouble(int ordinal) => _rows.GetDouble(ordinal);

    public override Type GetFieldType(int ordinal) => _rows.GetFieldType(ordinal);

    public override T GetFieldValue<T>(int ordinal) => _rows.GetFieldValue<T>(ordinal);

    public override float GetFloat(int ordinal) => _rows.GetFloat(ordinal);

    public override Guid GetGuid(int ordinal) => _rows.GetGuid(ordinal);

    public override short GetInt16(int ordinal) => _rows.GetInt16(ordinal);

    public override int GetInt32(int ordinal) => _rows.GetInt32(ordinal);

    public override long GetInt64(int ordinal) => _rows.GetInt64(ordinal);

    /// <summary>The column name as the SQL produced it (a repeated name keeps its spelling here).</summary>
    public override string GetName(int ordinal) => Answer.Rows.Columns[ordinal];

    public override int GetOrdinal(string name) => _rows.GetOrdinal(name);

    public override DataTable? GetSchemaTable() => _rows.GetSchemaTable();

    public override string GetString(int ordinal) => _rows.GetString(ordinal);

    public override object GetValue(int ordinal) => _rows.GetValue(ordinal);

    public override int GetValues(object[] values) => _rows.GetValues(values);

    public override bool IsDBNull(int ordinal) => _rows.IsDBNull(ordinal);

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override void Close()
    {
        _rows.Close();
        _closeOnClose?.Close();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Close();
        base.Dispose(disposing);
    }
}
