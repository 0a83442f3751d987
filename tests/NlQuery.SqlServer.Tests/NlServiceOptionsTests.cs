namespace NlQuery.SqlServer.Tests;

/// <summary>dbo.nl_config's rows as the add-in reads them.</summary>
public sealed class NlServiceOptionsTests
{
    [Fact]
    public void NoRowsMeanTheLocalServiceAndTheDefaultTimeout()
    {
        var options = NlServiceOptions.FromSettings(new Dictionary<string, string?>());

        Assert.Equal(new Uri("http://127.0.0.1:5000"), options.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(NlServiceOptions.DefaultTimeoutSeconds), options.Timeout);
        Assert.Null(options.Database);
    }

    [Fact]
    public void RowsOverrideTheDefaults()
    {
        var options = NlServiceOptions.FromSettings(new Dictionary<string, string?>
        {
            ["base_url"] = " https://nlq.internal:8443/ ",
            ["timeout_seconds"] = "5",
            ["database"] = "concert_singer",
            ["unrelated"] = "kept out",
        });

        Assert.Equal(new Uri("https://nlq.internal:8443/"), options.BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.Equal("concert_singer", options.Database);
    }

    [Theory]
    [InlineData("base_url", "127.0.0.1:5000", "dbo.nl_config base_url '127.0.0.1:5000' is not an http:// or https:// URL")]
    [InlineData("base_url", "ftp://host/", "dbo.nl_config base_url 'ftp://host/' is not an http:// or https:// URL")]
    [InlineData("timeout_seconds", "0", "dbo.nl_config timeout_seconds '0' is not a whole number of seconds from 1 to 3600.")]
    [InlineData("timeout_seconds", "1.5", "dbo.nl_config timeout_seconds '1.5' is not a whole number of seconds from 1 to 3600.")]
    [InlineData("timeout_seconds", "-3", "dbo.nl_config timeout_seconds '-3' is not a whole number of seconds from 1 to 3600.")]
    public void ABadRowIsNamed(string name, string value, string start)
    {
        var error = Assert.Throws<NlServiceException>(() => NlServiceOptions.FromSettings(new Dictionary<string, string?> { [name] = value }));
        Assert.StartsWith(start, error.Message);
    }
}
