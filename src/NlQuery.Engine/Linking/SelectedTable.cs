using NlQuery.Schema;

namespace NlQuery.Linking;

/// <summary>A table kept in the model input, with the columns kept, in the order they are listed.</summary>
public sealed record SelectedTable(Table Table, IReadOnlyList<Column> Columns);
