using NlQuery.Tests.Asking;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace NlQuery.Cli.Tests.Serving;

/// <summary>
/// The page of <c>nlq serve</c> in a real headless Chromium against the server on 127.0.0.1: asking a question on the
/// sample database shows the SQL, the table and a chart; edited SQL re-runs; a correction reaches the feedback store.
/// Set NLQUERY_SCREENSHOT to a .png path to keep a screenshot of the answered page (the README's is made so).
/// </summary>
public sealed class ServePageBrowserTests
{
    private const string CustomersPerCity = "SELECT city, count(*) FROM customers GROUP BY city ORDER BY city";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [ChromiumFact]
    public async Task Asking_on_the_page_shows_the_table_and_chart_and_a_correction_is_stored()
    {
        // The sample database itself, opened read-only as nlq serve --db samples/shop.db opens it.
        var sample = Path.Combine(NlQuery.Tests.SharedData.RepositoryRoot, "samples", "shop.db");
        await using var host = await ServeHost.StartOnLoopbackAsync(new ScriptedTranslator(CustomersPerCity), sample);
        using var browser = StartChromium();
        var wait = new WebDriverWait(browser, Patience);
        browser.Navigate().GoToUrl(host.Client.BaseAddress!);
        wait.Until(d => d.FindElement(By.Id("database")).Text == "shop (Sqlite)");

        browser.FindElement(By.Id("question")).SendKeys("How many customers live in each city?");
        browser.FindElement(By.Id("ask")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#rows tbody tr")).Count > 0);

        // The SQL is shown one clause per line.
        Assert.Equal("SELECT city, count(*)\nFROM customers\nGROUP BY city\nORDER BY city", browser.FindElement(By.Id("sql")).GetDomProperty("value"));
        Assert.Equal(["city", "count(*)"], browser.FindElements(By.CssSelector("#rows thead th")).Select(th => th.Text));
        var firstRow = browser.FindElements(By.CssSelector("#rows tbody tr")).First().FindElements(By.TagName("td")).Select(td => td.Text).ToList();
        Assert.Equal(["Barcelona", "10"], firstRow);
        var cities = browser.FindElements(By.CssSelector("#rows tbody tr")).Count;
        Assert.Equal(cities, browser.FindElements(By.CssSelector("#chart svg rect")).Count); // one bar per city
        Assert.Equal("bar", browser.FindElement(By.CssSelector("#chart svg")).GetAttribute("data-kind"));
        Assert.Equal("How many customers live in each city?", browser.FindElement(By.CssSelector("#history li")).Text);
        if (Environment.GetEnvironmentVariable("NLQUERY_SCREENSHOT") is { Length: > 0 } screenshot)
            ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(screenshot);

        // Edited SQL runs through /api/sql and replaces the table.
        var sql = browser.FindElement(By.Id("sql"));
        sql.Clear();
        sql.SendKeys("SELECT city, count(*) FROM customers WHERE country = 'Italy' GROUP BY city ORDER BY city");
        browser.FindElement(By.Id("run")).Click();
        wait.Until(d => d.FindElement(By.Id("status")).Text.Contains("from your SQL"));
        Assert.Equal(["Milan", "Rome"], browser.FindElements(By.CssSelector("#rows tbody tr td:first-child")).Select(td => td.Text));

        // The correction round trip: the edited SQL is logged against the question.
        browser.FindElement(By.Id("correct")).Click();
        wait.Until(d => d.FindElement(By.Id("status")).Text.StartsWith("Correction logged"));
        var record = Assert.Single(await host.FeedbackAsync());
        Assert.Equal("How many customers live in each city?", record.Question);
        Assert.Equal(CustomersPerCity, record.GeneratedSql);
        Assert.Equal("SELECT city, count(*) FROM customers WHERE country = 'Italy' GROUP BY city ORDER BY city", record.CorrectedSql);

        // Dates as labels make a line chart; a quoted ' FROM ' is not a clause.
        sql.Clear();
        sql.SendKeys("SELECT substr(joined_on, 1, 7) AS month, count(*) FROM customers WHERE city <> ' FROM x' GROUP BY month ORDER BY month");
        browser.FindElement(By.Id("run")).Click();
        wait.Until(d => d.FindElements(By.CssSelector("#chart svg polyline")).Count == 1);
        Assert.Equal("line", browser.FindElement(By.CssSelector("#chart svg")).GetAttribute("data-kind"));
        Assert.Equal("SELECT substr(joined_on, 1, 7) AS month, count(*)\nFROM customers\nWHERE city <> ' FROM x'\nGROUP BY month\nORDER BY month",
            browser.FindElement(By.Id("sql")).GetDomProperty("value"));
        Assert.Equal("month", browser.FindElement(By.CssSelector("#rows thead th")).Text);

        // Refused SQL shows the server's one-line reason.
        sql.Clear();
        sql.SendKeys("DELETE FROM customers");
        browser.FindElement(By.Id("run")).Click();
        wait.Until(d => d.FindElement(By.Id("error")).Displayed);
        Assert.Contains("only SELECT statements are allowed", browser.FindElement(By.Id("error")).Text);
    }

    private static ChromeDriver StartChromium()
    {
        var options = new ChromeOptions { BinaryLocation = ChromiumFactAttribute.Browser };
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1200,1000");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromiumFactAttribute.Driver)!, Path.GetFileName(ChromiumFactAttribute.Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, Patience);
    }
}
