using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Terminology;

/// <summary>Composition of the product-code terminology.</summary>
internal static class TerminologyServices
{
    /// <summary>
    /// The options and the process's <see cref="TerminologyCatalog"/>, seeded from <c>Terminology:Path</c> when set;
    /// with <paramref name="refresh"/> (the worker), the database's import is loaded at start and polled for.
    /// </summary>
    public static IServiceCollection AddRegimenMonitorTerminology(this IServiceCollection services, bool refresh)
    {
        services.AddOptions<TerminologyOptions>().BindConfiguration(TerminologyOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TerminologyOptions>, TerminologyOptionsValidator>());
        services.AddSingleton(sp => new TerminologyCatalog(
            sp.GetRequiredService<IOptions<TerminologyOptions>>().Value.Path is { Length: > 0 } path ? TerminologyMap.Load(path) : TerminologyMap.Empty));
        if (refresh)
        {
            services.AddHostedService<TerminologyRefresher>();
        }

        return services;
    }

    /// <summary>For a tool verb that writes normalised items (<c>sweep</c>): the database's terminology, loaded now.</summary>
    public static async Task LoadTerminologyAsync(this IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await services.GetRequiredService<TerminologyCatalog>().RefreshAsync(scope.ServiceProvider.GetRequiredService<RegimenDbContext>(), ct);
    }
}
