using Coloring.Domain.Flags;
using Coloring.Domain.Gemini;
using Coloring.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Coloring.Domain.Jobs;

/// <summary>Finds a generator by name ("local", "gemini"); <see cref="Default"/> is the local engine.</summary>
public sealed class PageGenerators(IEnumerable<IPageGenerator> generators, LocalPageGenerator local)
{
    public IPageGenerator Default => local;

    public IReadOnlyList<IPageGenerator> All { get; } = generators.ToList();

    public IPageGenerator? Find(string name) => All.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The generator that makes a job's page: the one it names, except Gemini while an admin has it turned off; else the local engine.</summary>
    public IPageGenerator ForJob(string name, FlagSnapshot flags) =>
        string.Equals(name, "gemini", StringComparison.OrdinalIgnoreCase) && !flags.GeminiEnabled ? Default : Find(name) ?? Default;
}

public static class PageGeneratorsServiceCollectionExtensions
{
    /// <summary>Registers the local engine as the default <see cref="IPageGenerator"/>, and the Gemini generator
    /// (also as keyed service "gemini") when Generation:Gemini:ApiKey is set.</summary>
    public static IServiceCollection AddPageGenerators(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<LocalPageGenerator>();
        services.AddKeyedSingleton<IPageGenerator>("local", (sp, _) => sp.GetRequiredService<LocalPageGenerator>());
        var gemini = configuration.GetSection(GeminiOptions.Section);
        services.AddOptions<GeminiOptions>().Bind(gemini);
        if (!string.IsNullOrWhiteSpace(gemini["ApiKey"]))
        {
            services.AddHttpClient<GeminiPageGenerator>(client => client.Timeout = Timeout.InfiniteTimeSpan);
            services.AddKeyedTransient<IPageGenerator>("gemini", (sp, _) => sp.GetRequiredService<GeminiPageGenerator>());
            services.AddTransient<IPageGenerator>(sp => sp.GetRequiredService<GeminiPageGenerator>());
        }

        // Registered last so that GetRequiredService<IPageGenerator>() resolves the local engine.
        services.AddSingleton<IPageGenerator>(sp => sp.GetRequiredService<LocalPageGenerator>());
        services.AddSingleton<PageGenerators>();
        return services;
    }
}
