using System.Diagnostics;
using System.Numerics.Tensors;

namespace NlQuery.Generation;

/// <summary>
/// Beam search with a decoding constraint (the PICARD method): at each step every hypothesis offers its top-k
/// next tokens to the constraint, best first; rejected tokens are masked, and end-of-sequence is accepted only
/// where the constraint says the prefix is complete. Scores are log-probabilities over the whole vocabulary, so
/// masking changes which hypotheses survive, never how probable the model thought a token was.
/// </summary>
/// <remarks>
/// Stopping follows Hugging Face's default (<c>early_stopping=False</c>): once <see cref="BeamSearchOptions.BeamSize"/>
/// sequences are finished, search stops when the best live hypothesis, normalised at its current length, no longer
/// beats the worst of them. At the maximum length, live hypotheses whose prefix is complete are finished as they are.
/// </remarks>
public static class BeamSearch
{
    public static BeamSearchResult Run<TState>(IStepDecoder decoder, IDecodingConstraint<TState> constraint,
        BeamSearchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(constraint);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var vocabulary = decoder.VocabularySize;
        var beamSize = options.BeamSize;
        var topK = Math.Min(options.TopK, vocabulary);
        var eos = options.EosTokenId;

        var alive = new List<Hypothesis<TState>> { new(null, options.DecoderStartTokenId, 0, 0, constraint.InitialState) };
        var finished = new List<BeamHypothesis>();
        int[] parents = [0];
        long[] tokens = [options.DecoderStartTokenId];
        var candidates = new List<Candidate<TState>>();
        var topIds = new int[topK];
        var topLogits = new float[topK];
        var scratch = new float[vocabulary];
        var bestScores = new double[beamSize];
        var fallbackTopK = Math.Min(options.FallbackTopK, vocabulary);
        int[]? fallbackHeap = null;
        long decoderTicks = 0, constraintTicks = 0;
        var constraintCalls = 0;
        var steps = 0;

        for (var length = 1; length <= options.MaxLength && alive.Count > 0; length++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            var logits = decoder.Step(parents, tokens, cancellationToken);
            decoderTicks += Stopwatch.GetTimestamp() - started;
            steps++;
            if (logits.Length != alive.Count * vocabulary)
                throw new InvalidOperationException($"The decoder returned {logits.Length} logits for {alive.Count} hypotheses of {vocabulary} tokens.");

            candidates.Clear();
            if (length <= options.ForcedPrefix.Count)
            {
                // A forced token: the one candidate of the one hypothesis, at no cost; the constraint must accept it.
                var token = options.ForcedPrefix[length - 1];
                var parent = alive[0];
                started = Stopwatch.GetTimestamp();
                constraintCalls++;
                var accepted = constraint.TryAdvance(parent.State, token, out var next);
                constraintTicks += Stopwatch.GetTimestamp() - started;
                if (accepted)
                    candidates.Add(new(0, token, parent.LogProbability, next));
            }
            else
            {
                // The beamSize best scores accepted so far this step (lowest first): a candidate scoring below all of
                // them can no longer enter the beam (nor end in it), so the constraint is not asked about it.
                var bestCount = 0;
                for (var h = 0; h < alive.Count; h++)
                {
                    var parent = alive[h];
                    var row = logits.Slice(h * vocabulary, vocabulary);
                    var logNormaliser = LogSumExp(row, scratch);
                    var offered = SelectTopK(row, topIds, topLogits);
                    var accepted = 0;
                    var outranked = false;
                    started = Stopwatch.GetTimestamp();
                    for (var r = 0; r < offered; r++)
                    {
                        var token = topIds[r];
                        var logProbability = parent.LogProbability + (topLogits[r] - logNormaliser);
                        if (bestCount == beamSize && logProbability < bestScores[0])
                        {
                            outranked = true;   // offered best first: the rest of this hypothesis's tokens score lower still
                            break;
                        }
                        if (token == eos)
                        {
                            constraintCalls++;
                            if (constraint.IsComplete(parent.State))
                                candidates.Add(new(h, token, logProbability, parent.State));
                            continue;
                        }
                        // One parent can place at most beamSize children in the next beam: asking the constraint about
                        // more of its tokens cannot change the outcome.
                        if (accepted == beamSize)
                            continue;
                        constraintCalls++;
                        if (constraint.TryAdvance(parent.State, token, out var next))
                        {
                            candidates.Add(new(h, token, logProbability, next));
                            accepted++;
                            KeepBest(bestScores, ref bestCount, logProbability);
                        }
                    }
                    if (accepted == 0 && !outranked && fallbackTopK > offered)
                    {
                        // Stuck: the model ranks every valid continuation below its top-k (a weak or unfamiliar
                        // model, e.g. a table it never saw). Offer the next-best tokens rather than lose the hypothesis.
                        // (Not when the beam is already full of better candidates: its next-best tokens score lower still.)
                        fallbackHeap ??= new int[vocabulary];
                        OfferFallback(row, h, parent, logNormaliser, topIds.AsSpan(0, offered), fallbackTopK, beamSize, eos,
                            constraint, candidates, fallbackHeap, bestScores, ref bestCount, ref constraintCalls);
                    }
                    constraintTicks += Stopwatch.GetTimestamp() - started;
                }
            }

            candidates.Sort(static (a, b) =>
                b.LogProbability.CompareTo(a.LogProbability) is var byScore and not 0 ? byScore
                : a.Parent.CompareTo(b.Parent) is var byParent and not 0 ? byParent
                : a.Token.CompareTo(b.Token));

            var nextAlive = new List<Hypothesis<TState>>(beamSize);
            var nextParents = new List<int>(beamSize);
            for (var rank = 0; rank < candidates.Count && nextAlive.Count < beamSize; rank++)
            {
                var c = candidates[rank];
                var parent = alive[c.Parent];
                if (c.Token == eos)
                {
                    // As in Hugging Face: an ending only counts when it ranks among the best beamSize candidates.
                    if (rank < beamSize)
                        finished.Add(Finish(parent, c.LogProbability, length, options.LengthPenalty));
                }
                else
                {
                    nextAlive.Add(new(parent, c.Token, length, c.LogProbability, c.State));
                    nextParents.Add(c.Parent);
                }
            }
            alive = nextAlive;
            if (IsDone(finished, alive, length, options))
                break;

            if (length == options.MaxLength)
            {
                // Out of room: sequences that are already complete end here without an end-of-sequence token.
                foreach (var hypothesis in alive)
                {
                    if (constraint.IsComplete(hypothesis.State))
                        finished.Add(Finish(hypothesis, hypothesis.LogProbability, length, options.LengthPenalty));
                }
                break;
            }
            parents = nextParents.ToArray();
            tokens = alive.Select(a => (long)a.Token).ToArray();
        }

        finished.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        var best = finished.Count > beamSize ? finished.GetRange(0, beamSize) : finished;
        return new BeamSearchResult(best, steps, constraintCalls,
            Stopwatch.GetElapsedTime(0, decoderTicks), Stopwatch.GetElapsedTime(0, constraintTicks));
    }

    private static bool IsDone<TState>(List<BeamHypothesis> finished, List<Hypothesis<TState>> alive, int length, BeamSearchOptions options)
    {
        if (alive.Count == 0)
            return true;
        if (finished.Count < options.BeamSize)
            return false;
        var worstKept = finished.Select(f => f.Score).OrderDescending().ElementAt(options.BeamSize - 1);
        var bestAlive = alive.Max(a => a.LogProbability) / Math.Pow(length, options.LengthPenalty);
        return bestAlive <= worstKept;
    }

    /// <summary>The sequence ending at <paramref name="last"/>, scored over <paramref name="scoredLength"/> tokens (end-of-sequence included).</summary>
    private static BeamHypothesis Finish<TState>(Hypothesis<TState> last, double logProbability, int scoredLength, double lengthPenalty)
    {
        var ids = new int[last.Length];
        for (var node = last; node.Parent is not null; node = node.Parent)
            ids[node.Length - 1] = node.Token;
        return new BeamHypothesis(ids, logProbability, logProbability / Math.Pow(scoredLength, lengthPenalty));
    }

    /// <summary>Keeps the <c>best.Length</c> highest scores, in ascending order.</summary>
    private static void KeepBest(double[] best, ref int count, double score)
    {
        int at;
        if (count < best.Length)
        {
            at = count++;
        }
        else
        {
            if (score <= best[0])
                return;
            at = 0;
        }
        // Sift the new score up from its slot to keep the array ascending.
        best[at] = score;
        while (at + 1 < count && best[at] > best[at + 1])
        {
            (best[at], best[at + 1]) = (best[at + 1], best[at]);
            at++;
        }
        while (at > 0 && best[at] < best[at - 1])
        {
            (best[at], best[at - 1]) = (best[at - 1], best[at]);
            at--;
        }
    }

    /// <summary>
    /// Offers a stuck hypothesis's tokens beyond its top-k, best first (ties: lower id first), up to
    /// <paramref name="limit"/> tokens in all, until <paramref name="beamSize"/> are accepted. The tokens in
    /// <paramref name="alreadyOffered"/> are skipped. The order comes from a heap over the vocabulary, built in linear
    /// time and popped only as far as the search goes, rather than from sorting the whole vocabulary at every step.
    /// </summary>
    private static void OfferFallback<TState>(ReadOnlySpan<float> row, int h, Hypothesis<TState> parent, float logNormaliser,
        ReadOnlySpan<int> alreadyOffered, int limit, int beamSize, int eos, IDecodingConstraint<TState> constraint,
        List<Candidate<TState>> candidates, int[] heap, double[] bestScores, ref int bestCount, ref int constraintCalls)
    {
        var count = 0;
        for (var token = 0; token < row.Length; token++)
        {
            if (!float.IsNaN(row[token]) && !float.IsNegativeInfinity(row[token]))
                heap[count++] = token;
        }
        for (var i = count / 2 - 1; i >= 0; i--)
            SiftDown(heap, count, i, row);
        var accepted = 0;
        for (var r = 0; r < limit && accepted < beamSize && count > 0; r++)
        {
            var token = heap[0];
            heap[0] = heap[--count];
            SiftDown(heap, count, 0, row);
            if (alreadyOffered.Contains(token))
                continue;
            var logProbability = parent.LogProbability + (row[token] - logNormaliser);
            if (bestCount == beamSize && logProbability < bestScores[0])
                return;   // below the beam's best accepted candidates, as is every later token
            constraintCalls++;
            if (token == eos)
            {
                if (constraint.IsComplete(parent.State))
                    candidates.Add(new(h, token, logProbability, parent.State));
            }
            else if (constraint.TryAdvance(parent.State, token, out var next))
            {
                candidates.Add(new(h, token, logProbability, next));
                accepted++;
                KeepBest(bestScores, ref bestCount, logProbability);
            }
        }
    }

    /// <summary>Restores the max-heap order (higher logit first, then lower id) below <paramref name="at"/>.</summary>
    private static void SiftDown(int[] heap, int count, int at, ReadOnlySpan<float> row)
    {
        var item = heap[at];
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= count)
                break;
            if (child + 1 < count && Before(heap[child + 1], heap[child], row))
                child++;
            if (!Before(heap[child], item, row))
                break;
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = item;
    }

    private static bool Before(int a, int b, ReadOnlySpan<float> row) => row[a] > row[b] || (row[a] == row[b] && a < b);

    /// <summary>log Σ exp(row), computed stably with vector instructions.</summary>
    private static float LogSumExp(ReadOnlySpan<float> row, Span<float> scratch)
    {
        var max = TensorPrimitives.Max(row);
        if (float.IsNegativeInfinity(max))
            return max;
        TensorPrimitives.Subtract(row, max, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        return max + MathF.Log(TensorPrimitives.Sum(scratch));
    }

    /// <summary>The k largest finite logits of a row, best first (ties: lower id first). Returns how many there are.</summary>
    private static int SelectTopK(ReadOnlySpan<float> row, int[] ids, float[] values)
    {
        var k = ids.Length;
        var count = 0;
        for (var token = 0; token < row.Length; token++)
        {
            var v = row[token];
            if (count == k && !(v > values[k - 1]))
                continue;
            if (float.IsNaN(v) || float.IsNegativeInfinity(v))
                continue;
            var at = count < k ? count++ : k - 1;
            while (at > 0 && values[at - 1] < v)
            {
                values[at] = values[at - 1];
                ids[at] = ids[at - 1];
                at--;
            }
            values[at] = v;
            ids[at] = token;
        }
        return count;
    }

    /// <summary>A live hypothesis: a node in the prefix tree (parent link + last token), its log-probability and constraint state.</summary>
    private sealed record Hypothesis<TState>(Hypothesis<TState>? Parent, int Token, int Length, double LogProbability, TState State);

    private readonly record struct Candidate<TState>(int Parent, int Token, double LogProbability, TState State);
}
