using NlQuery.Schema;

namespace NlQuery.Linking;

/// <summary>One table as the model input shows it: its printed name and its columns.</summary>
public sealed record SerializedTable(Table Table, string Text, IReadOnlyList<SerializedColumn> Columns);
