namespace NlQuery.Linking;

/// <summary>
/// Groups of words that mean the same thing in questions and schema names ("movie" and "film", "dept" and
/// "department"). Words are compared by stem, so a group entry covers its plural and -ing/-ed forms too.
/// </summary>
public sealed class SynonymTable
{
    private readonly Dictionary<string, string[]> _byStem;

    public SynonymTable(IEnumerable<IEnumerable<string>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var sets = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var stems = group.Select(w => WordStemmer.Stem(w.Trim().ToLowerInvariant())).Where(s => s.Length > 0).Distinct().ToList();
            foreach (var stem in stems)
            {
                if (!sets.TryGetValue(stem, out var set))
                    sets[stem] = set = new SortedSet<string>(StringComparer.Ordinal);
                set.UnionWith(stems.Where(s => s != stem));
            }
        }
        _byStem = sets.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The default table: common database vocabulary, abbreviations and their everyday words.</summary>
    public static SynonymTable Default { get; } = new(
    [
        ["movie", "film"], ["song", "track", "tune"], ["singer", "artist", "vocalist"], ["musician", "artist"],
        ["car", "automobile", "vehicle"], ["employee", "staff", "worker"], ["teacher", "instructor", "professor", "faculty"],
        ["student", "pupil"], ["customer", "client"], ["product", "item", "good"], ["order", "purchase"],
        ["country", "nation", "nationality"], ["city", "town"], ["address", "location", "located"],
        ["salary", "wage", "pay", "earn", "income"], ["price", "cost", "fee", "charge"], ["amount", "sum"],
        ["age", "old", "young", "older", "younger", "oldest", "youngest"], ["birth", "born", "birthday", "dob"],
        ["gender", "sex", "male", "female", "man", "woman"], ["first", "fname", "forename", "given"],
        ["last", "lname", "surname", "family"], ["department", "dept"], ["telephone", "phone", "tel", "cell"],
        ["email", "mail", "e-mail"], ["description", "desc", "describe", "detail"], ["number", "num", "no", "nbr"],
        ["identifier", "id", "code"], ["name", "called", "named", "title"], ["person", "people", "individual"],
        ["author", "writer"], ["book", "publication", "paper"], ["dog", "cat", "pet", "animal"],
        ["course", "class", "subject"], ["room", "classroom"], ["grade", "score", "mark"], ["height", "tall"],
        ["weight", "heavy"], ["win", "won", "victory", "winner"], ["lose", "lost", "loss", "loser"],
        ["date", "day", "when"], ["year", "annual"], ["quantity", "amount"], ["company", "firm", "corporation", "enterprise"],
        ["manager", "head", "director", "boss"], ["airport", "airfield"], ["ship", "vessel", "boat"],
        ["doctor", "physician"], ["hospital", "clinic"], ["shop", "store"], ["language", "tongue"],
        ["continent", "region"], ["capacity", "seat", "size"], ["stadium", "arena", "venue"], ["team", "club"],
        ["match", "game"], ["population", "inhabitant", "resident"], ["area", "surface"], ["headquarter", "hq"],
        ["average", "avg", "mean"], ["maximum", "max", "highest"], ["minimum", "min", "lowest"],
        ["abbreviation", "abbrev", "abbr"], ["organisation", "organization", "org"], ["information", "info"],
        ["quantity", "qty"], ["account", "acct"], ["transaction", "trans"], ["document", "doc"],
    ]);

    /// <summary>Stems in the same group as <paramref name="stem"/> (not including it); empty when none.</summary>
    public IReadOnlyList<string> Of(string stem) => _byStem.TryGetValue(stem, out var set) ? set : [];
}
