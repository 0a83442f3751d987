using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace NlQuery.SqlServer
{
    /// <summary>
    /// What <c>POST /api/ask</c> answered: the SQL NlQuery ran, the result's column names, and its rows, each value a
    /// string, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or null.
    /// </summary>
    public sealed class NlAnswer
    {
        public NlAnswer(string sql, IList<string> columns, IList<object?[]> rows)
        {
            Sql = sql ?? throw new ArgumentNullException(nameof(sql));
            Columns = new ReadOnlyCollection<string>(columns ?? throw new ArgumentNullException(nameof(columns)));
            Rows = new ReadOnlyCollection<object?[]>(rows ?? throw new ArgumentNullException(nameof(rows)));
        }

        public string Sql { get; }

        public IReadOnlyList<string> Columns { get; }

        public IReadOnlyList<object?[]> Rows { get; }

        /// <summary>The SQL type of each column, read off its values (see <see cref="ColumnKind"/>).</summary>
        public IReadOnlyList<ColumnKind> ColumnKinds()
        {
            var kinds = new ColumnKind[Columns.Count];
            for (var column = 0; column < kinds.Length; column++)
            {
                ColumnKind? seen = null;
                foreach (var row in Rows)
                {
                    var kind = KindOf(row[column]);
                    if (kind is null)
                        continue;
                    if (seen is null || seen == kind)
                        seen = kind;
                    else if ((seen == ColumnKind.Integer && kind == ColumnKind.Float) || (seen == ColumnKind.Float && kind == ColumnKind.Integer))
                        seen = ColumnKind.Float; // 1 and 1.5 in one column: both fit float
                    else
                    {
                        seen = ColumnKind.Text;
                        break;
                    }
                }
                kinds[column] = seen ?? ColumnKind.Text;
            }
            return kinds;
        }

        private static ColumnKind? KindOf(object? value) => value switch
        {
            null => null,
            long _ => ColumnKind.Integer,
            double _ => ColumnKind.Float,
            bool _ => ColumnKind.Boolean,
            _ => ColumnKind.Text,
        };
    }
}
