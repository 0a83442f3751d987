namespace NlQuery.Training.Evaluation;

/// <summary>
/// Spider's foreign-key map (evaluation.py, build_foreign_key_map): columns linked by foreign keys form groups, and
/// every column of a group stands for the group's lowest column index, so that <c>T1.id</c> and <c>T2.singer_id</c>
/// of a join compare equal. Groups are formed as Spider forms them: a key pair joins the first existing group that
/// holds either column, without merging groups.
/// </summary>
public sealed class ForeignKeyMap
{
    private readonly Dictionary<int, int> _map = [];

    public ForeignKeyMap(SpiderDatabaseInfo database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var groups = new List<HashSet<int>>();
        foreach (var (a, b) in database.ForeignKeys)
        {
            var group = groups.FirstOrDefault(g => g.Contains(a) || g.Contains(b));
            if (group is null)
                groups.Add(group = []);
            group.Add(a);
            group.Add(b);
        }
        foreach (var group in groups)
        {
            var representative = group.Min();
            foreach (var column in group)
                _map[column] = representative;
        }
    }

    /// <summary>The column that <paramref name="column"/> stands for, or null when it is in no foreign key.</summary>
    public int? Map(int column) => _map.TryGetValue(column, out var to) ? to : null;
}
