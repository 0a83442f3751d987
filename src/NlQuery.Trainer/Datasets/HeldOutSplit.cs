using System.Security.Cryptography;
using System.Text;

namespace NlQuery.Training.Datasets;

/// <summary>
/// Chooses the databases held out for promotion: the databases are ranked by SHA-256 of <c>seed:db_id</c> and the first
/// <c>round(fraction × count)</c> (at least one when the fraction is positive and there are two or more) are held out.
/// Ranking by hash, not by position, keeps the choice stable when databases are added or reordered.
/// </summary>
public static class HeldOutSplit
{
    public static IReadOnlySet<string> ChooseDatabases(IEnumerable<string> dbIds, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(dbIds);
        if (double.IsNaN(fraction) || fraction < 0 || fraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The held-out fraction must be in [0, 1).");
        var distinct = dbIds.Distinct(StringComparer.Ordinal).ToList();
        var count = (int)Math.Round(fraction * distinct.Count, MidpointRounding.AwayFromZero);
        if (fraction > 0 && count == 0 && distinct.Count >= 2)
            count = 1;
        return distinct.OrderBy(id => Rank(id, seed), StringComparer.Ordinal).ThenBy(id => id, StringComparer.Ordinal)
            .Take(count).ToHashSet(StringComparer.Ordinal);
    }

    private static string Rank(string dbId, int seed) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{dbId}")));
}
