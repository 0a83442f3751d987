namespace NlQuery.SqlServer
{
    /// <summary>
    /// The SQL type <c>dbo.nl_ask</c> gives a result column. JSON carries no SQL types, so it is read off the values:
    /// a column whose values are all integers is <c>bigint</c>, all numbers <c>float</c>, all booleans <c>bit</c>,
    /// anything else (or nothing but nulls) <c>nvarchar(max)</c>.
    /// </summary>
    public enum ColumnKind
    {
        Text,
        Integer,
        Float,
        Boolean,
    }
}
