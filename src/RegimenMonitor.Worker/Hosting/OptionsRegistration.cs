using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Configuration;

namespace RegimenMonitor.Worker.Hosting;

/// <summary>
/// The worker's options, each bound once from its section (connection strings from <c>ConnectionStrings</c>), validated
/// at start by <see cref="RegimenMonitorOptionsValidator"/> (every failure at once, with how to fix it), and read
/// through <c>IOptions&lt;T&gt;</c>.
/// </summary>
internal static class OptionsRegistration
{
    public static IServiceCollection AddRegimenMonitorOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName)
            .PostConfigure(o => o.ConnectionString ??= configuration.GetConnectionString("Database"))
            .ValidateOnStart();
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName)
            .PostConfigure(o => o.RabbitMqConnectionString ??= configuration.GetConnectionString("RabbitMq"))
            .ValidateOnStart();
        services.AddOptions<RegimenOptions>().BindConfiguration(RegimenOptions.SectionName).ValidateOnStart();
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateOnStart();
        services.AddOptions<RuntimeOptions>().BindConfiguration(RuntimeOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RuntimeOptions>, RuntimeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, RegimenMonitorOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, RegimenMonitorOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegimenOptions>, RegimenMonitorOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, RegimenMonitorOptionsValidator>());

        return services;
    }
}
