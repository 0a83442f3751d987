using NlQuery.Schema;

namespace NlQuery.Linking;

/// <summary>One column as the model input shows it: its printed name and the database values listed with it.</summary>
public sealed record SerializedColumn(Column Column, string Text, IReadOnlyList<ValueMatch> Values);
