using System.Runtime.CompilerServices;
using NlQuery.Schema;

namespace NlQuery.Linking;

/// <summary>
/// Ranks the tables and columns of a database by relevance to a question and keeps what fits the model's token
/// budget, least relevant parts first out. Building one indexes the schema's names once; each
/// <see cref="Summarise"/> then touches only the names the question's words point to, so a question over a
/// thousand tables takes well under a millisecond of matching. Deterministic: the same schema, question, values and
/// options give the same summary, with a reason for every table.
/// </summary>
/// <remarks>
/// Signals, added up per table: question words matching the table's name (weight 1) or a column's name (weight 0.5),
/// where words match exactly, by stem (plurals, -ing, -ed) or as synonyms (weight 0.6), each scaled by how rare the
/// word is among the schema's tables (inverse document frequency); database values the question mentions (from the
/// value matcher, weight 1 per column); and a tenth of the best neighbour's score over a foreign key. Relevant
/// tables are joined along the shortest foreign-key path so that the joins the SQL needs stay possible.
/// </remarks>
public sealed class SchemaSummariser
{
    private const double ExactWeight = 1.0;
    private const double WeakWordWeight = 0.25;
    private const double ModifierWordWeight = 0.75;
    private const double SynonymWeight = 0.6;
    private const double ColumnShare = 0.5;
    private const double ValueWeight = 1.0;
    private const double ReferencedShare = 0.3;
    private const double ReferencingShare = 0.1;
    private const double PrefixWeight = 0.8;
    private const int MaxColumnsInWhy = 3;

    private readonly SynonymTable _synonyms;
    private readonly ValuePrefilter? _prefilter;
    private readonly Dictionary<Table, int> _tableIndex = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<NamePosting>> _postings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<NamePosting>> _prefixPostings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private readonly int[][] _neighbours;
    private readonly bool[][] _references;
    private readonly bool[][] _isKey;
    private readonly string[] _lowerTableNames;
    private readonly string[][] _lowerColumnNames;
    private readonly ConditionalWeakTable<Func<string, int>, CostTable> _costs = new();

    /// <param name="schema">The database's schema, read once.</param>
    /// <param name="values">The database's value index, built once (null: no value matching unless matches are passed in).</param>
    /// <param name="synonyms">Words that mean the same; <see cref="SynonymTable.Default"/> when null.</param>
    public SchemaSummariser(DatabaseSchema schema, ValueIndex? values = null, SynonymTable? synonyms = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (values is not null && values.Schema != schema)
            throw new ArgumentException($"The value index was built for schema '{values.Schema.Name}', not for '{schema.Name}'.", nameof(values));
        Schema = schema;
        Values = values;
        _prefilter = values is null ? null : new ValuePrefilter(values);
        _synonyms = synonyms ?? SynonymTable.Default;
        var tables = schema.Tables;
        _lowerTableNames = new string[tables.Count];
        _lowerColumnNames = new string[tables.Count][];
        _isKey = new bool[tables.Count][];
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            _tableIndex[table] = t;
            _lowerTableNames[t] = table.Name.ToLowerInvariant();
            _lowerColumnNames[t] = table.Columns.Select(c => c.Name.ToLowerInvariant()).ToArray();
            _isKey[t] = table.Columns.Select(c => c.IsPrimaryKey).ToArray();
            var stems = new HashSet<string>(StringComparer.Ordinal);
            AddPostings(table.Name, t, -1, stems);
            for (var c = 0; c < table.Columns.Count; c++)
                AddPostings(table.Columns[c].Name, t, c, stems);
            foreach (var stem in stems)
                documentFrequency[stem] = documentFrequency.GetValueOrDefault(stem) + 1;
        }
        // Rare words tell tables apart; "id" and "name", present everywhere, hardly do.
        foreach (var (stem, count) in documentFrequency)
            _idf[stem] = Math.Log(1 + (double)tables.Count / count);

        var neighbours = Enumerable.Range(0, tables.Count).Select(_ => new SortedSet<int>()).ToArray();
        var references = new HashSet<(int From, int To)>();
        foreach (var key in schema.ForeignKeys)
        {
            int from = _tableIndex[key.Column.Table], to = _tableIndex[key.ReferencedColumn.Table];
            _isKey[from][IndexOfColumn(key.Column)] = true;
            _isKey[to][IndexOfColumn(key.ReferencedColumn)] = true;
            if (from != to)
            {
                neighbours[from].Add(to);
                neighbours[to].Add(from);
                references.Add((from, to));
            }
        }
        _neighbours = neighbours.Select(n => n.ToArray()).ToArray();
        _references = _neighbours.Select((list, from) => list.Select(to => references.Contains((from, to))).ToArray()).ToArray();
    }

    public DatabaseSchema Schema { get; }

    /// <summary>The value index questions are matched against, if any.</summary>
    public ValueIndex? Values { get; }

    /// <summary>
    /// Ranks every table and column for <paramref name="question"/> and keeps what fits the options' budget, matching
    /// the question's values in <see cref="Values"/> (when there is an index) with <paramref name="matcher"/>: through
    /// the <see cref="ValuePrefilter"/> when pruning, with the full matcher (PICARD's exact values) under
    /// <see cref="SchemaSummaryOptions.NoPrune"/>.
    /// </summary>
    public SchemaSummary Summarise(string question, SchemaSummaryOptions? options = null, ValueMatcher? matcher = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        matcher ??= PicardSerializer.Default.Matcher;
        var matches = Values is null ? null
            : options?.NoPrune == true ? Values.Match(question, matcher) : _prefilter!.Match(question, matcher);
        return Summarise(question, matches, options);
    }

    /// <summary>
    /// Ranks every table and column for <paramref name="question"/> and keeps what fits the options' budget.
    /// </summary>
    /// <param name="question">The user's question.</param>
    /// <param name="values">Database values the question mentions (<see cref="ValueIndex.Match"/>); null: none.</param>
    /// <param name="options">Budget and pruning options; <see cref="SchemaSummaryOptions.Default"/> when null.</param>
    public SchemaSummary Summarise(string question, ValueMatchResult? values, SchemaSummaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        options ??= SchemaSummaryOptions.Default;
        options.Validate();
        var tables = Schema.Tables;
        var n = tables.Count;
        var own = new double[n];
        var tableReasons = new List<string>?[n];
        var columnScores = new Dictionary<(int Table, int Column), ColumnEvidence>();

        ScoreNames(question, own, tableReasons, columnScores);
        var columnValues = ScoreValues(values, own, tableReasons, columnScores);

        // A table next to a relevant one over a foreign key is likelier needed than an unrelated one; most of all one
        // that a relevant table references (its names and details are what the question shows: Friend → Highschooler).
        var final = (double[])own.Clone();
        var linkedTo = new int[n];
        var linkBonus = new double[n];
        for (var t = 0; t < n; t++)
        {
            linkedTo[t] = -1;
            for (var i = 0; i < _neighbours[t].Length; i++)
            {
                var other = _neighbours[t][i];
                // _references[t][i]: t references other, so other is t's parent and t gets the smaller share.
                var bonus = own[other] * (_references[t][i] ? ReferencingShare : ReferencedShare);
                if (bonus > linkBonus[t])
                {
                    linkBonus[t] = bonus;
                    linkedTo[t] = other;
                }
            }
            final[t] += linkBonus[t];
        }
        var rank = Enumerable.Range(0, n).OrderByDescending(t => final[t]).ThenBy(t => t).ToArray();

        var relevance = new TableRelevance[n];
        for (var t = 0; t < n; t++)
        {
            var reasons = tableReasons[t] ?? [];
            if (linkedTo[t] >= 0)
                reasons.Add($"linked to {tables[linkedTo[t]].Name} by a foreign key");
            var columns = new ColumnRelevance[tables[t].Columns.Count];
            for (var c = 0; c < columns.Length; c++)
            {
                var evidence = columnScores.GetValueOrDefault((t, c));
                columns[c] = new ColumnRelevance(tables[t].Columns[c], Math.Round(evidence?.Score ?? 0, 3),
                    evidence is null ? null : [.. evidence.Reasons], columnValues.GetValueOrDefault((t, c)) ?? []);
            }
            relevance[t] = new TableRelevance(tables[t], Math.Round(final[t], 3), reasons, columns);
        }

        var costs = _costs.GetValue(options.TokenCounter, counter => new CostTable(this, counter));
        // The question and db id, plus T5's end-of-sequence token, which the model input also spends.
        var used = options.TokenCounter($"{question} | {Schema.Name}") + 1;
        var selection = new Selection(this, relevance, columnValues, costs, options, used);
        if (options.NoPrune)
            selection.KeepEverything();
        else
            selection.Prune(rank, own, final, columnScores);

        var ranked = rank.Select(t => relevance[t]).ToList();
        var kept = Enumerable.Range(0, n).Where(t => relevance[t].Kept).Select(t => relevance[t]).ToList();
        return new SchemaSummary(question, Schema, values, ranked, kept, selection.Used);
    }

    private void ScoreNames(string question, double[] own, List<string>?[] tableReasons,
        Dictionary<(int, int), ColumnEvidence> columnScores)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in QuestionTerms(question))
        {
            var stem = WordStemmer.Stem(word);
            if (!seen.Add(stem))
                continue;
            var wordWeight = StopWords.IsWeak(word) ? WeakWordWeight : 1.0;

            // The best match per table for this one question word: the table's own name beats its columns.
            var best = new Dictionary<int, (double Weight, string Reason)>();
            void Consider(string nameStem, bool synonym, bool prefix = false)
            {
                if (!(prefix ? _prefixPostings : _postings).TryGetValue(nameStem, out var postings))
                    return;
                foreach (var posting in postings)
                {
                    var idf = _idf[prefix ? WordStemmer.Stem(posting.Word) : nameStem];
                    var how = synonym ? $" (synonym of '{posting.Word}')" : prefix ? $" (start of '{posting.Word}')" : Describe(word, posting.Word);
                    var kind = synonym ? SynonymWeight : prefix ? PrefixWeight : ExactWeight;
                    var weight = kind * idf * wordWeight * (posting.IsHead ? 1.0 : ModifierWordWeight);
                    if (posting.Column >= 0)
                    {
                        var key = (posting.Table, posting.Column);
                        if (!columnScores.TryGetValue(key, out var evidence))
                            columnScores[key] = evidence = new ColumnEvidence();
                        evidence.Add(weight, $"name matches '{word}'{how}");
                        weight *= ColumnShare;
                    }
                    if (best.TryGetValue(posting.Table, out var current) && current.Weight >= weight)
                        continue;
                    var where = posting.Column < 0 ? "name" : $"column {Schema.Tables[posting.Table].Columns[posting.Column].Name}";
                    best[posting.Table] = (weight, $"{where} matches '{word}'{how}");
                }
            }
            Consider(stem, synonym: false);
            Consider(stem, synonym: false, prefix: true);
            foreach (var synonym in _synonyms.Of(stem))
                Consider(synonym, synonym: true);

            foreach (var (table, (weight, reason)) in best)
            {
                own[table] += weight;
                (tableReasons[table] ??= []).Add(reason);
            }
        }
        // Keep the explanation short: name matches first, then at most a few column matches.
        for (var t = 0; t < tableReasons.Length; t++)
        {
            if (tableReasons[t] is not { } reasons)
                continue;
            var names = reasons.Where(r => r.StartsWith("name", StringComparison.Ordinal)).ToList();
            var columns = reasons.Where(r => !r.StartsWith("name", StringComparison.Ordinal)).ToList();
            names.AddRange(columns.Take(MaxColumnsInWhy));
            if (columns.Count > MaxColumnsInWhy)
                names.Add($"{columns.Count - MaxColumnsInWhy} more column matches");
            tableReasons[t] = names;
        }
    }

    private Dictionary<(int, int), IReadOnlyList<string>> ScoreValues(ValueMatchResult? values, double[] own,
        List<string>?[] tableReasons, Dictionary<(int, int), ColumnEvidence> columnScores)
    {
        var result = new Dictionary<(int, int), IReadOnlyList<string>>();
        if (values is null)
            return result;
        // Sorted by position so that reasons come out in the same order whatever order the matches came in.
        var located = new List<(int Table, int Column, IReadOnlyList<ValueMatch> Values)>();
        foreach (var column in values.Columns)
        {
            if (column.Selected.Count == 0)
                continue;
            var table = Schema.FindTable(column.TableName);
            var found = table?.FindColumn(column.ColumnName);
            if (table is null || found is null)
                throw new ArgumentException($"Value matches name column '{column.TableName}.{column.ColumnName}', which is not in schema '{Schema.Name}'.", nameof(values));
            located.Add((_tableIndex[table], IndexOfColumn(found), column.Selected));
        }
        foreach (var (t, c, found) in located.OrderBy(x => x.Table).ThenBy(x => x.Column))
        {
            result[(t, c)] = found.Select(m => m.Value).ToList();
            // An exact mention of a stored value is strong evidence; a fuzzy one counts for its score.
            var weight = ValueWeight * found.Max(m => m.Score);
            own[t] += weight;
            var column = Schema.Tables[t].Columns[c];
            (tableReasons[t] ??= []).Add($"value '{found[0].Value}' found in {Schema.Tables[t].Name}.{column.Name}");
            if (!columnScores.TryGetValue((t, c), out var evidence))
                columnScores[(t, c)] = evidence = new ColumnEvidence();
            evidence.Add(weight, $"value '{found[0].Value}' found");
        }
        return result;
    }

    /// <summary>
    /// The question's content words, and each adjacent pair written as one word ("high schoolers" also gives
    /// "highschoolers", to meet a table named Highschooler).
    /// </summary>
    private static IEnumerable<string> QuestionTerms(string question)
    {
        string? previous = null;
        foreach (var word in NameWords.Split(question))
        {
            if (StopWords.Contains(word) || !word.Any(char.IsLetter))
            {
                previous = null;
                continue;
            }
            yield return word;
            if (previous is not null)
                yield return previous + word;
            previous = word;
        }
    }

    private void AddPostings(string name, int table, int column, HashSet<string> stems)
    {
        var words = NameWords.Split(name).Where(w => w.Any(char.IsLetter)).ToList();
        var content = words.Where(w => !StopWords.Contains(w)).ToList();
        if (content.Count == 0)
            content = words;
        for (var i = 0; i < content.Count; i++)
        {
            var word = content[i];
            var stem = WordStemmer.Stem(word);
            if (!_postings.TryGetValue(stem, out var list))
                _postings[stem] = list = [];
            // A long name word also answers to its own beginning: "high school" → "highschool" meets Highschooler.
            if (stem.Length >= 7)
            {
                for (var length = Math.Max(6, stem.Length - 3); length < stem.Length; length++)
                    AddPrefixPosting(stem[..length], table, column, word);
            }
            // English names put the head noun last: "singer_in_concert" is about concerts, "student_id" about ids.
            var isHead = i == content.Count - 1 || content.Skip(i + 1).All(w => WordStemmer.Stem(w) == stem);
            // One posting per name and stem: "singer_singer" is not twice as much about singers.
            // Names are indexed in order, so an earlier posting of this same name can only be the last one.
            if (list.Count == 0 || list[^1].Table != table || list[^1].Column != column)
                list.Add(new NamePosting(table, column, word, isHead));
            else if (isHead)
                list[^1] = new NamePosting(table, column, word, isHead);
            stems.Add(stem);
        }
    }

    private void AddPrefixPosting(string prefix, int table, int column, string word)
    {
        if (!_prefixPostings.TryGetValue(prefix, out var list))
            _prefixPostings[prefix] = list = [];
        if (list.Count == 0 || list[^1].Table != table || list[^1].Column != column)
            list.Add(new NamePosting(table, column, word, IsHead: true));
    }

    private static string Describe(string questionWord, string nameWord)
    {
        if (questionWord == nameWord)
            return "";
        if (questionWord == nameWord + "s" || nameWord == questionWord + "s" || questionWord == nameWord + "es"
            || nameWord == questionWord + "es" || (questionWord.EndsWith("ies", StringComparison.Ordinal) && nameWord.EndsWith('y'))
            || (nameWord.EndsWith("ies", StringComparison.Ordinal) && questionWord.EndsWith('y')))
            return " (plural)";
        return $" (stem of '{nameWord}')";
    }

    private static int IndexOfColumn(Column column)
    {
        var columns = column.Table.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            if (ReferenceEquals(columns[i], column))
                return i;
        }
        throw new ArgumentException($"Column '{column}' is not in its table's column list.", nameof(column));
    }

    private readonly record struct NamePosting(int Table, int Column, string Word, bool IsHead);

    internal sealed class ColumnEvidence
    {
        private readonly List<string> _reasons = [];

        public double Score { get; private set; }

        public IReadOnlyList<string> Reasons => _reasons;

        public void Add(double weight, string reason)
        {
            Score += weight;
            if (!_reasons.Contains(reason))
                _reasons.Add(reason);
        }
    }

    /// <summary>Token costs of each serialised piece, counted once per token counter.</summary>
    private sealed class CostTable
    {
        public CostTable(SchemaSummariser owner, Func<string, int> count)
        {
            Count = count;
            var n = owner._lowerTableNames.Length;
            Header = new int[n];
            Columns = new int[n][];
            Whole = new int[n];
            for (var t = 0; t < n; t++)
            {
                Header[t] = count($"| {owner._lowerTableNames[t]} :");
                Columns[t] = owner._lowerColumnNames[t].Select(c => count($"{c} ,")).ToArray();
                Whole[t] = Header[t] + Columns[t].Sum();
            }
        }

        public Func<string, int> Count { get; }

        public int[] Header { get; }

        public int[][] Columns { get; }

        public int[] Whole { get; }

        public int Values(IReadOnlyList<string> values) => values.Count == 0 ? 0 : Count($"( {string.Join(" , ", values)} )");
    }

    /// <summary>Decides what is kept: relevant tables first with their joins, then their columns, then the rest by rank.</summary>
    private sealed class Selection(SchemaSummariser owner, TableRelevance[] relevance,
        Dictionary<(int, int), IReadOnlyList<string>> values, CostTable costs, SchemaSummaryOptions options, int used)
    {
        private int _tablesKept;

        public int Used { get; private set; } = used;

        public void KeepEverything()
        {
            for (var t = 0; t < relevance.Length; t++)
            {
                if (SkipView(t))
                    continue;
                Keep(t, Enumerable.Range(0, relevance[t].Columns.Count));
                relevance[t].AddReason("kept: no pruning");
            }
        }

        public void Prune(int[] rank, double[] own, double[] final, Dictionary<(int Table, int Column), ColumnEvidence> columnScores)
        {
            var n = relevance.Length;
            var top = n == 0 ? 0 : final[rank[0]];
            var order = new List<int>();
            var inOrder = new HashSet<int>();
            foreach (var t in rank)
            {
                if (final[t] <= 0 || final[t] < options.RelevanceRatio * top)
                    break;
                if (own[t] <= 0 || relevance[t].Table.IsView)
                    continue;
                if (options.MaxTables is { } max && order.Count >= max)
                    break;
                if (order.Count > 0 && !owner._neighbours[t].Any(inOrder.Contains))
                {
                    var path = ShortestJoin(t, inOrder, final);
                    inOrder.Add(t);
                    order.Add(t);
                    if (path is not null)
                    {
                        for (var i = 1; i < path.Count - 1; i++)
                        {
                            if (inOrder.Add(path[i]))
                            {
                                order.Add(path[i]);
                                relevance[path[i]].AddReason($"joins {relevance[t].Table.Name} to {relevance[path[^1]].Table.Name}");
                            }
                        }
                    }
                    continue;
                }
                inOrder.Add(t);
                order.Add(t);
            }

            // 1. Each relevant table with its keys and the columns the question names; the best one even over budget.
            foreach (var t in order)
            {
                var core = CoreColumns(t, columnScores);
                var cost = costs.Header[t] + core.Sum(c => ColumnCost(t, c));
                if (!TableAllowed() || (_tablesKept > 0 && !Fits(cost)))
                {
                    relevance[t].AddReason(TableAllowed() ? "dropped: over the token budget" : "dropped: max tables reached");
                    continue;
                }
                Keep(t, core);
                relevance[t].AddReason(own[t] > 0 ? "kept: relevant" : "kept: needed for the join");
            }
            // 2. The other columns of those tables, most relevant table first.
            foreach (var t in order.Where(t => relevance[t].Kept))
            {
                var columns = relevance[t].Columns;
                for (var c = 0; c < columns.Count; c++)
                {
                    if (columns[c].Kept)
                        continue;
                    if (Fits(ColumnCost(t, c)))
                        Keep(t, [c]);
                    else
                        AddColumnReason(t, c, "dropped: over the token budget");
                }
            }
            // 3. Whole tables in rank order while they fit: PICARD's models were trained on whole schemas.
            foreach (var t in rank)
            {
                if (inOrder.Contains(t) || SkipView(t))
                    continue;
                var cost = costs.Whole[t] + Enumerable.Range(0, relevance[t].Columns.Count).Sum(c => ValueCost(t, c));
                if (!options.FillBudget)
                    relevance[t].AddReason("dropped: not relevant");
                else if (!TableAllowed())
                    relevance[t].AddReason("dropped: max tables reached");
                else if (!Fits(cost) && _tablesKept > 0)
                    relevance[t].AddReason("dropped: over the token budget");
                else
                {
                    Keep(t, Enumerable.Range(0, relevance[t].Columns.Count));
                    relevance[t].AddReason(final[t] > 0 ? "kept: fits the token budget" : "kept: fits the token budget (no match)");
                }
            }
        }

        private List<int> CoreColumns(int t, Dictionary<(int Table, int Column), ColumnEvidence> columnScores)
        {
            var core = new List<int>();
            for (var c = 0; c < relevance[t].Columns.Count; c++)
            {
                if (owner._isKey[t][c] || columnScores.ContainsKey((t, c)))
                    core.Add(c);
            }
            if (core.Count == 0 && relevance[t].Columns.Count > 0)
                core.Add(0);
            return core;
        }

        // Breadth-first over foreign keys from t to the nearest table already chosen; neighbours are tried best first.
        private List<int>? ShortestJoin(int start, HashSet<int> targets, double[] final)
        {
            var previous = new Dictionary<int, int> { [start] = -1 };
            var frontier = new List<int> { start };
            for (var hop = 0; hop < options.MaxJoinHops && frontier.Count > 0; hop++)
            {
                var next = new List<int>();
                foreach (var node in frontier)
                {
                    foreach (var neighbour in owner._neighbours[node].OrderByDescending(x => final[x]).ThenBy(x => x))
                    {
                        if (!previous.TryAdd(neighbour, node))
                            continue;
                        if (targets.Contains(neighbour))
                        {
                            var path = new List<int>();
                            for (var at = neighbour; at >= 0; at = previous[at])
                                path.Add(at);
                            path.Reverse();
                            return path;
                        }
                        next.Add(neighbour);
                    }
                }
                frontier = next;
            }
            return null;
        }

        // PICARD shows tables only (Spider's schema dump has no views), and so does the serialiser.
        private bool SkipView(int t)
        {
            if (!relevance[t].Table.IsView)
                return false;
            relevance[t].AddReason("dropped: views are not shown to the model (as in PICARD)");
            return true;
        }

        private bool TableAllowed() => options.MaxTables is not { } max || _tablesKept < max;

        private bool Fits(int cost) => options.TokenBudget is not { } budget || Used + cost <= budget;

        private int ColumnCost(int t, int c) => costs.Columns[t][c] + ValueCost(t, c);

        private int ValueCost(int t, int c) => values.TryGetValue((t, c), out var v) ? costs.Values(v) : 0;

        private void Keep(int t, IEnumerable<int> columns)
        {
            if (!relevance[t].Kept)
            {
                relevance[t].Kept = true;
                _tablesKept++;
                Used += costs.Header[t];
            }
            foreach (var c in columns)
            {
                if (relevance[t].Columns[c].Kept)
                    continue;
                relevance[t].Columns[c].Kept = true;
                Used += ColumnCost(t, c);
            }
        }

        private void AddColumnReason(int t, int c, string reason) => relevance[t].Columns[c].AddReason(reason);
    }
}
