using Coloring.Domain.Accounts;
using Coloring.Domain.Credits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coloring.Domain;

public static class DomainServiceCollectionExtensions
{
    /// <summary>The domain services shared by pages, API, jobs and tests.</summary>
    public static IServiceCollection AddColoringDomain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CreditLedger>();
        services.AddSingleton<SignInLinks>();
        services.AddScoped<AccountProvisioner>();
        return services;
    }
}
