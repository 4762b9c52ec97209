using DotNet.Testcontainers.Configurations;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>Where a service the tests need comes from.</summary>
public enum ServiceSourceKind
{
    /// <summary>Named by an environment variable (scripts/test.sh sets them): always wins.</summary>
    Environment,

    /// <summary>A throwaway Testcontainers container: no variable, and a Docker engine answered.</summary>
    Container,

    /// <summary>Neither: the tests that need the service are skipped with <see cref="ServiceSource.SkipReason"/>.</summary>
    Unavailable,
}

/// <summary>The choice for one service: the environment's value, a container, or the reason the tests are skipped.</summary>
internal sealed record ServiceSource(ServiceSourceKind Kind, string? Value, string? SkipReason)
{
    /// <summary>
    /// The rule of every service fixture: a non-blank <paramref name="environmentValue"/> wins; else a container when
    /// <paramref name="dockerAvailable"/> says an engine answers (asked only then: the probe costs a connection
    /// attempt); else unavailable, with a reason naming the variable that would have provided the service.
    /// </summary>
    public static ServiceSource Choose(string service, string variable, string? environmentValue, Func<bool> dockerAvailable, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(dockerAvailable);
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return new ServiceSource(ServiceSourceKind.Environment, environmentValue.Trim(), null);
        }

        return dockerAvailable()
            ? new ServiceSource(ServiceSourceKind.Container, null, null)
            : new ServiceSource(ServiceSourceKind.Unavailable, null,
                $"no {service}: {variable} is not set and no Docker engine answered for a Testcontainers container "
                + $"({hint ?? $"run scripts/test.sh, which starts one and sets {variable}, or start Docker"})");
    }
}

/// <summary>Whether a Docker engine answers, asked once per process (what Testcontainers' <c>Build()</c> checks).</summary>
internal static class DockerGate
{
    private static readonly Lazy<bool> s_available = new(() => TestcontainersSettings.OS.DockerEndpointAuthConfig is not null);

    public static bool Available => s_available.Value;
}
