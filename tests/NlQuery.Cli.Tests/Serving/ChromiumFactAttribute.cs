namespace NlQuery.Cli.Tests.Serving;

/// <summary>A test that drives Debian's headless Chromium; skipped, saying so, where chromium or chromium-driver is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Browser = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Browser) || !File.Exists(Driver))
            Skip = $"Skipped: {Browser} or {Driver} is missing (apt-get install chromium chromium-driver; .ci/apt-packages lists them).";
    }
}
