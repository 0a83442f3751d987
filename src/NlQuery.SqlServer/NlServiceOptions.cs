using System;
using System.Collections.Generic;
using System.Globalization;

namespace NlQuery.SqlServer
{
    /// <summary>
    /// Where the NlQuery service is and how long to wait for it. In SQL Server these come from the
    /// <c>dbo.nl_config</c> table (name/value rows: <c>base_url</c>, <c>timeout_seconds</c>, <c>database</c>);
    /// a missing row keeps the default.
    /// </summary>
    public sealed class NlServiceOptions
    {
        /// <summary><c>nlq serve</c>'s default address: loopback, so nothing but this machine can reach it.</summary>
        public const string DefaultBaseUrl = "http://127.0.0.1:5000";

        public const int DefaultTimeoutSeconds = 60;

        public NlServiceOptions(Uri baseUrl, TimeSpan timeout, string? database = null)
        {
            if (baseUrl is null)
                throw new ArgumentNullException(nameof(baseUrl));
            if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException($"the NlQuery service address must be an absolute http:// or https:// URL, not '{baseUrl}'.", nameof(baseUrl));
            if (timeout <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "the timeout must be positive.");
            BaseUrl = baseUrl;
            Timeout = timeout;
            Database = string.IsNullOrWhiteSpace(database) ? null : database;
        }

        public Uri BaseUrl { get; }

        public TimeSpan Timeout { get; }

        /// <summary>The database name sent with each question; null to send the caller's current database.</summary>
        public string? Database { get; }

        /// <summary>Options from <c>dbo.nl_config</c>'s rows; a bad value is an <see cref="NlServiceException"/> naming the row.</summary>
        public static NlServiceOptions FromSettings(IDictionary<string, string?> settings)
        {
            if (settings is null)
                throw new ArgumentNullException(nameof(settings));
            var url = Setting(settings, "base_url") ?? DefaultBaseUrl;
            if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
                throw new NlServiceException($"dbo.nl_config base_url '{url}' is not an http:// or https:// URL (e.g. {DefaultBaseUrl}).");
            var seconds = DefaultTimeoutSeconds;
            var timeout = Setting(settings, "timeout_seconds");
            if (timeout != null && (!int.TryParse(timeout.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds <= 0 || seconds > 3600))
                throw new NlServiceException($"dbo.nl_config timeout_seconds '{timeout}' is not a whole number of seconds from 1 to 3600.");
            return new NlServiceOptions(baseUrl, TimeSpan.FromSeconds(seconds), Setting(settings, "database"));
        }

        private static string? Setting(IDictionary<string, string?> settings, string name) =>
            settings.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
    }
}
