using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace RegimenMonitor.Worker.Infrastructure.Configuration;

/// <summary>Validates <see cref="HealthOptions"/> at start-up, every failure at once, each with how to fix it.</summary>
internal sealed partial class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            if (options.UrlList.Count == 0)
            {
                failures.Add("Health:Urls is empty; set Health__Urls to e.g. 'http://127.0.0.1:8080', or Health__Enabled=false to run without the health listener.");
            }

            var listening = new List<(string Url, string Host, int Port)>();
            var entry = 0;
            foreach (var url in options.UrlList)
            {
                entry++;
                // Kestrel's wildcard hosts ("*", "+") are not URI hosts: check the rest of the address.
                var candidate = url.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal);
                if (HasUserInfo(url) || (Uri.TryCreate(candidate, UriKind.Absolute, out var withUser) && !string.IsNullOrEmpty(withUser.UserInfo)))
                {
                    // named by its place: the entry holds a password (found by an independent edge probe: it was shown,
                    // as an entry that "has no port")
                    failures.Add($"Health:Urls entry {entry} has a user name or password (not shown); the health listener takes none: give http://host:port, e.g. 'http://127.0.0.1:8080'.");
                }
                else if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/"
                    || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                {
                    failures.Add($"Health:Urls entry '{url}' must be http://host:port with no path (https is not served: terminate TLS in front of it), e.g. 'http://127.0.0.1:8080'.");
                }
                else if (!ExplicitPort().IsMatch(candidate))
                {
                    // Kestrel would take port 80, which an ordinary user may not open and no health check expects
                    failures.Add($"Health:Urls entry '{url}' has no port; give one (http://host:port), e.g. 'http://{uri.Authority}:8080'.");
                }
                else if (uri.Port != 0 && listening.FirstOrDefault(l => l.Port == uri.Port && (l.Host == uri.Host || Wildcard(l.Host) || Wildcard(uri.Host))) is { Url: not null } other)
                {
                    // the second bind would fail, reported as a port another program holds (found by an independent
                    // edge probe: the same entry twice ended the run with exit 1 and "the port is already in use")
                    failures.Add($"Health:Urls entry '{url}' listens on the port of entry '{other.Url}' (the same address, or an address the other's wildcard host already covers): give each port once.");
                }
                else
                {
                    listening.Add((url, uri.Host, uri.Port));
                }
            }
        }

        if (options.DatabaseTimeout <= TimeSpan.Zero || options.DatabaseTimeout > TimeSpan.FromSeconds(30))
        {
            failures.Add($"Health:DatabaseTimeout must be more than 0 and at most 00:00:30 (was {options.DatabaseTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // every address of the host: 0.0.0.0 (also written * or +) and [::], which on Linux takes IPv4 too
    // a '@' before the end of the authority, whether or not the rest parses (http://user:pw@*:8080 and
    // http://user:pa/ss@host:8080 do not; they were shown whole, password included; a review)
    private static bool HasUserInfo(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 3;
        var at = url.IndexOf('@', start);
        return at >= 0 && url.IndexOfAny(['?', '#'], start) is var end && (end < 0 || at < end);
    }

    private static bool Wildcard(string host) => host is "0.0.0.0" or "[::]";

    // http://host:port (an IPv6 host in brackets), with at most a final slash
    [GeneratedRegex(@"^http://(\[[^\]]*\]|[^/:\[\]]+):\d+/?$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitPort();
}
