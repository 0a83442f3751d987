namespace NlQuery.Linking;

/// <summary>Settings of <see cref="ValueMatcher"/>; the defaults are PICARD's.</summary>
public sealed record ValueMatcherOptions
{
    /// <summary>PICARD's settings: threshold 0.85, two values per column.</summary>
    public static ValueMatcherOptions Default { get; } = new();

    /// <summary>The least score a value needs, in [0, 1] (BRIDGE's m_theta and s_theta, which are equal in PICARD).</summary>
    public double Threshold { get; init; } = 0.85;

    /// <summary>How many values are listed per column, best first.</summary>
    public int MaxValuesPerColumn { get; init; } = 2;

    internal void Validate()
    {
        if (double.IsNaN(Threshold) || Threshold < 0 || Threshold > 1)
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The value-match threshold must lie in [0, 1].");
        if (MaxValuesPerColumn < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxValuesPerColumn), MaxValuesPerColumn, "The number of values per column cannot be negative.");
    }
}
