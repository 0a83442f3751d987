using NlQuery.Generation;

namespace NlQuery.Tests.Generation;

public sealed class BeamSearchTests
{
    // Vocabulary of the fake model: 0 start/pad, 1 end-of-sequence, 2..7 ordinary tokens.
    private const int Eos = 1, A = 2, B = 3, C = 4, D = 5, E = 6, F = 7;
    private const int Vocabulary = 8;

    private static BeamSearchOptions Options(int beams = 2, int topK = 8, int maxLength = 10, double lengthPenalty = 1.0) =>
        new() { BeamSize = beams, TopK = topK, MaxLength = maxLength, LengthPenalty = lengthPenalty, EosTokenId = Eos };

    private static Dictionary<int, double> P(params (int Token, double P)[] entries) => entries.ToDictionary(e => e.Token, e => e.P);

    /// <summary>Greedy goes a (0.6) then has only flat choices; beam search finds b (0.4) then a near-certain path.</summary>
    private static IReadOnlyDictionary<int, double> GreedyTrap(IReadOnlyList<int> prefix) => prefix switch
    {
        [] => P((A, 0.6), (B, 0.4)),
        [A] => P((C, 0.34), (D, 0.33), (E, 0.33)),
        [B] => P((F, 0.99), (C, 0.01)),
        [_, _] => P((Eos, 1.0)),
        _ => P((Eos, 1.0)),
    };

    /// <summary>A model that ranks F sixth of the ordinary tokens at the first step, then wants to stop.</summary>
    private static IReadOnlyDictionary<int, double> FRankedSixth(IReadOnlyList<int> prefix) => prefix.Count == 0
        ? P((A, 0.3), (B, 0.25), (C, 0.2), (D, 0.1), (E, 0.1), (F, 0.05))
        : P((Eos, 1.0));

    private static FakeConstraint FMustComeFirst() => new(accept: (prefix, token) => prefix.Count > 0 || token == F, complete: _ => true);

    [Fact]
    public void BeamOfOneIsGreedy()
    {
        using var decoder = new FakeStepDecoder(Vocabulary, GreedyTrap);

        var result = BeamSearch.Run(decoder, Unconstrained.Instance, Options(beams: 1));

        Assert.Equal([A, C], result.Best!.Tokens);
        Assert.Equal(Math.Log(0.6 * 0.34), result.Best.LogProbability, 3);
    }

    [Fact]
    public void WiderBeamFindsTheMoreProbableSequence()
    {
        using var decoder = new FakeStepDecoder(Vocabulary, GreedyTrap);

        var result = BeamSearch.Run(decoder, Unconstrained.Instance, Options(beams: 2));

        Assert.Equal([B, F], result.Best!.Tokens);
        Assert.Equal(Math.Log(0.4 * 0.99), result.Best.LogProbability, 3);
        Assert.Equal(result.Best.LogProbability / 3, result.Best.Score, 6); // two tokens + end-of-sequence
        Assert.Equal(2, result.Hypotheses.Count);
        Assert.Equal([A, C], result.Hypotheses[1].Tokens);
    }

    [Fact]
    public void DecoderSeesEachHypothesisExtendItsOwnParent()
    {
        using var decoder = new FakeStepDecoder(Vocabulary, GreedyTrap);

        BeamSearch.Run(decoder, Unconstrained.Instance, Options(beams: 2));

        Assert.Equal([[]], decoder.PrefixesPerStep[0]);
        Assert.Equal([[A], [B]], decoder.PrefixesPerStep[1]);
        Assert.Equal([[B, F], [A, C]], decoder.PrefixesPerStep[2]);
    }

    [Fact]
    public void RejectedTokensNeverAppear()
    {
        using var decoder = new FakeStepDecoder(Vocabulary, GreedyTrap);
        var constraint = new FakeConstraint(accept: (_, token) => token != B, complete: _ => true);

        var result = BeamSearch.Run(decoder, constraint, Options(beams: 3));

        Assert.NotEmpty(result.Hypotheses);
        Assert.All(result.Hypotheses, h => Assert.DoesNotContain(B, h.Tokens));
        Assert.Equal([A, C], result.Best!.Tokens);
    }

    [Fact]
    public void OnlyTheTopKTokensOfEachHypothesisAreOffered()
    {
        // Token F is what the constraint wants first, but the model ranks it 6th of the ordinary tokens.
        var narrow = FMustComeFirst();
        var wide = FMustComeFirst();

        using (var decoder = new FakeStepDecoder(Vocabulary, FRankedSixth))
            Assert.Empty(BeamSearch.Run(decoder, narrow, Options(beams: 2, topK: 3)).Hypotheses);
        using (var decoder = new FakeStepDecoder(Vocabulary, FRankedSixth))
            Assert.Equal([F], BeamSearch.Run(decoder, wide, Options(beams: 2, topK: 6)).Best!.Tokens);

        // The narrow run was offered exactly the three best tokens of the first step, best first.
        Assert.Equal([A, B, C], narrow.Offered.Select(o => o.Token));
    }

    [Fact]
    public void AForcedPrefixIsFedWhateverTheModelRanksAndCostsNothing()
    {
        // The constraint demands F first, which the model ranks below the top-k: forced, it still starts every output.
        static IReadOnlyDictionary<int, double> Model(IReadOnlyList<int> prefix) => prefix switch
        {
            [] => P((A, 0.5), (B, 0.45), (F, 0.05)),
            [F] => P((C, 0.7), (D, 0.3)),
            _ => P((Eos, 1.0)),
        };
        var constraint = new FakeConstraint(accept: (prefix, token) => prefix.Count > 0 || token == F, complete: _ => true);
        using var decoder = new FakeStepDecoder(Vocabulary, Model);

        var result = BeamSearch.Run(decoder, constraint, Options(beams: 2, topK: 2) with { ForcedPrefix = [F] });

        Assert.Equal([F, C], result.Best!.Tokens);
        Assert.Equal([F, D], result.Hypotheses[1].Tokens);
        Assert.Equal(Math.Log(0.7), result.Best.LogProbability, 3); // the forced token adds nothing
        Assert.Equal([[]], decoder.PrefixesPerStep[0]);
        Assert.Equal([[F]], decoder.PrefixesPerStep[1]); // the decoder saw the forced token as its input
    }

    [Fact]
    public void AForcedPrefixTheConstraintRejectsLeavesNoHypothesis()
    {
        using var decoder = new FakeStepDecoder(Vocabulary, GreedyTrap);
        var constraint = new FakeConstraint(accept: (_, token) => token != E, complete: _ => true);

        var result = BeamSearch.Run(decoder, constraint, Options(beams: 2) with { ForcedPrefix = [E] });

        Assert.Empty(result.Hypotheses);
    }

    [Fact]
    public void AForcedPrefixMustLeaveRoomAndHoldNoEndOfSequence()
    {
        using var decoder = new FakeStepDecoder(Vocabulary, GreedyTrap);

        Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Run(decoder, Unconstrained.Instance, Options(maxLength: 2) with { ForcedPrefix = [A, B] }));
        Assert.Throws<ArgumentException>(() => BeamSearch.Run(decoder, Unconstrained.Instance, Options() with { ForcedPrefix = [A, Eos] }));
    }

    [Fact]
    public void AStuckHypothesisIsOfferedItsNextBestTokensWhenAFallbackIsSet()
    {
        // Only F may come first, and the model ranks it 6th: top-3 alone loses everything; the fallback finds F.
        var constraint = FMustComeFirst();
        using var decoder = new FakeStepDecoder(Vocabulary, FRankedSixth);

        var result = BeamSearch.Run(decoder, constraint, Options(beams: 2, topK: 3) with { FallbackTopK = Vocabulary });

        Assert.Equal([F], result.Best!.Tokens);
        Assert.Equal(Math.Log(0.05), result.Best.LogProbability, 3); // scored as the model ranked it
        // The top-3, then the rest best first, each once (after F it goes on looking for a second child to fill the beam).
        var firstStep = constraint.Offered.Where(o => o.Prefix.Count == 0).Select(o => o.Token).ToList();
        Assert.Equal([A, B, C, D, E, F], firstStep.Take(6));
        Assert.Equal(firstStep.Count, firstStep.Distinct().Count());
    }

    [Fact]
    public void TheFallbackStopsAtItsLimit()
    {
        var constraint = FMustComeFirst();
        using var decoder = new FakeStepDecoder(Vocabulary, FRankedSixth);

        Assert.Empty(BeamSearch.Run(decoder, constraint, Options(beams: 2, topK: 3) with { FallbackTopK = 5 }).Hypotheses);
    }

    [Fact]
    public void EndOfSequenceIsAcceptedOnlyWhenThePrefixIsComplete()
    {
        // The model wants to stop at once; the constraint calls a prefix complete from three tokens on.
        static IReadOnlyDictionary<int, double> Model(IReadOnlyList<int> prefix) => P((Eos, 0.9), (A, 0.05), (B, 0.05));
        var constraint = new FakeConstraint(accept: (_, _) => true, complete: prefix => prefix.Count >= 3);
        using var decoder = new FakeStepDecoder(Vocabulary, Model);

        var result = BeamSearch.Run(decoder, constraint, Options(beams: 2));

        Assert.NotEmpty(result.Hypotheses);
        Assert.All(result.Hypotheses, h => Assert.Equal(3, h.Tokens.Count));
    }

    [Theory]
    [InlineData(0.0, 2)]
    [InlineData(1.0, 5)]
    public void LengthPenaltyDecidesBetweenShortAndLong(double lengthPenalty, int expectedLength)
    {
        // Short: a, eos (log p = -2.0 over 2 tokens). Long: b c c c, eos (log p = -2.5 over 5 tokens).
        // The rest of the probability mass goes to d and e, which the constraint rejects.
        static IReadOnlyDictionary<int, double> Model(IReadOnlyList<int> prefix) => prefix switch
        {
            [] => P((A, Math.Exp(-1.0)), (B, Math.Exp(-2.5)), (E, 1 - Math.Exp(-1.0) - Math.Exp(-2.5))),
            [A] => P((Eos, Math.Exp(-1.0)), (D, 1 - Math.Exp(-1.0))),
            [B, ..] when prefix.Count < 4 => P((C, 1.0)),
            [B, ..] => P((Eos, 1.0)),
            _ => P((Eos, 1.0)),
        };
        using var decoder = new FakeStepDecoder(Vocabulary, Model);
        var constraint = new FakeConstraint(accept: (_, token) => token is not (D or E), complete: _ => true);

        var result = BeamSearch.Run(decoder, constraint, Options(beams: 2, lengthPenalty: lengthPenalty));

        Assert.Equal(expectedLength - 1, result.Best!.Tokens.Count);
        Assert.Equal(expectedLength == 2 ? -2.0 : -2.5, result.Best.LogProbability, 3);
    }

    [Fact]
    public void AtMaximumLengthOnlyCompletePrefixesAreReturned()
    {
        static IReadOnlyDictionary<int, double> Model(IReadOnlyList<int> prefix) => P((A, 0.5), (B, 0.5));
        var evenOnly = new FakeConstraint(accept: (_, _) => true, complete: prefix => prefix.Count(t => t == A) % 2 == 0 && prefix.Count > 0);
        var never = new FakeConstraint(accept: (_, _) => true, complete: _ => false);

        using (var decoder = new FakeStepDecoder(Vocabulary, Model))
        {
            var result = BeamSearch.Run(decoder, evenOnly, Options(beams: 3, maxLength: 4));
            Assert.NotEmpty(result.Hypotheses);
            Assert.All(result.Hypotheses, h => Assert.Equal(4, h.Tokens.Count));
            Assert.All(result.Hypotheses, h => Assert.True(h.Tokens.Count(t => t == A) % 2 == 0));
            Assert.Equal(4, result.Steps);
        }
        using (var decoder = new FakeStepDecoder(Vocabulary, Model))
            Assert.Empty(BeamSearch.Run(decoder, never, Options(beams: 3, maxLength: 4)).Hypotheses);
    }

    [Fact]
    public void StopsWhenNoLiveHypothesisCanBeatTheFinishedOnes()
    {
        static IReadOnlyDictionary<int, double> Model(IReadOnlyList<int> prefix) => prefix.Count == 0
            ? P((Eos, 0.5), (A, 0.3), (B, 0.2))
            : P((Eos, 0.5), (C, 0.25), (D, 0.25));
        using var decoder = new FakeStepDecoder(Vocabulary, Model);

        var result = BeamSearch.Run(decoder, Unconstrained.Instance, Options(beams: 2, maxLength: 50));

        Assert.True(result.Steps < 10, $"took {result.Steps} steps");
        Assert.Empty(result.Best!.Tokens);
    }

    [Fact]
    public void CancellationStopsTheSearch()
    {
        using var cts = new CancellationTokenSource();
        using var decoder = new FakeStepDecoder(Vocabulary, _ => P((A, 1.0))) { OnStep = step => { if (step == 2) cts.Cancel(); } };

        Assert.ThrowsAny<OperationCanceledException>(() => BeamSearch.Run(decoder, Unconstrained.Instance, Options(maxLength: 100), cts.Token));
        Assert.Equal(2, decoder.PrefixesPerStep.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Vocabulary)]   // nor does the fallback offer the next-best tokens of a hypothesis already outranked
    public void TokensThatCanNoLongerEnterTheBeamAreNotOffered(int fallbackTopK)
    {
        // After step 2's hypothesis [A] has placed two children (0.5·0.6 = 0.30, 0.5·0.4 = 0.20), every token of [B]
        // (0.3·0.5 = 0.15 at best) ranks below both: asking the constraint about it could change nothing.
        static IReadOnlyDictionary<int, double> Model(IReadOnlyList<int> prefix) => prefix switch
        {
            [] => P((A, 0.5), (B, 0.3), (C, 0.2)),
            [A] => P((D, 0.6), (E, 0.4)),
            [B] => P((D, 0.5), (E, 0.3), (F, 0.2)),
            _ => P((Eos, 1.0)),
        };
        var constraint = new FakeConstraint(accept: (_, _) => true, complete: _ => true);
        using var decoder = new FakeStepDecoder(Vocabulary, Model);

        var result = BeamSearch.Run(decoder, constraint, Options(beams: 2, topK: 3) with { FallbackTopK = fallbackTopK });

        Assert.Equal([A, D], result.Best!.Tokens);
        Assert.Equal([[A, E], [A, D]], result.Hypotheses.Select(h => h.Tokens.ToArray()).OrderBy(t => t[1]).Reverse().ToArray());
        Assert.DoesNotContain(constraint.Offered, o => o.Prefix is [B]);
        Assert.Contains(constraint.Offered, o => o.Prefix is [A] && o.Token == E);
    }

    [Fact]
    public void ReportsConstraintCallsAndTimes()
    {
        using var decoder = new FakeStepDecoder(Vocabulary, GreedyTrap);
        var constraint = new FakeConstraint(accept: (_, _) => true, complete: _ => true);

        var result = BeamSearch.Run(decoder, constraint, Options(beams: 2, topK: 3));

        Assert.True(result.ConstraintCalls >= constraint.Offered.Count);
        Assert.True(result.DecoderTime > TimeSpan.Zero);
        Assert.Equal(decoder.PrefixesPerStep.Count, result.Steps);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 1, 0)]
    public void InvalidOptionsAreRejected(int beams, int topK, int maxLength)
    {
        using var decoder = new FakeStepDecoder(Vocabulary, GreedyTrap);

        Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Run(decoder, Unconstrained.Instance,
            new BeamSearchOptions { BeamSize = beams, TopK = topK, MaxLength = maxLength }));
    }
}
