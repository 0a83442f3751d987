using System.Collections;
using System.Data.Common;

namespace NlQuery;

/// <summary>
/// An <see cref="NlCommand"/>'s parameters: always empty. Tools such as Dapper read or clear the collection on every
/// command, so reading works; adding one fails with the reason, since a question carries its values in its text.
/// </summary>
internal sealed class NoParameterCollection : DbParameterCollection
{
    public const string Reason = "Questions take no parameters: put the values in the question.";

    public override int Count => 0;

    public override object SyncRoot { get; } = new();

    public override int Add(object value) => throw new NotSupportedException(Reason);

    public override void AddRange(Array values)
    {
        if (values.Length > 0)
            throw new NotSupportedException(Reason);
    }

    public override void Clear()
    {
    }

    public override bool Contains(object value) => false;

    public override bool Contains(string value) => false;

    public override void CopyTo(Array array, int index)
    {
    }

    public override IEnumerator GetEnumerator() => Array.Empty<object>().GetEnumerator();

    public override int IndexOf(object value) => -1;

    public override int IndexOf(string parameterName) => -1;

    public override void Insert(int index, object value) => throw new NotSupportedException(Reason);

    public override void Remove(object value) => throw new ArgumentException("The parameter is not in the collection.", nameof(value));

    public override void RemoveAt(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    public override void RemoveAt(string parameterName) => throw new ArgumentException($"No parameter named {parameterName}.", nameof(parameterName));

    protected override DbParameter GetParameter(int index) => throw new ArgumentOutOfRangeException(nameof(index));

    protected override DbParameter GetParameter(string parameterName) => throw new ArgumentException($"No parameter named {parameterName}.", nameof(parameterName));

    protected override void SetParameter(int index, DbParameter value) => throw new ArgumentOutOfRangeException(nameof(index));

    protected override void SetParameter(string parameterName, DbParameter value) => throw new NotSupportedException(Reason);
}
