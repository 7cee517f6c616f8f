using Microsoft.Extensions.Options;

namespace Coloring.Web.Infrastructure;

public static class AppSettingsExtensions
{
    public static void AddAppSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AppOptions>().BindConfiguration(AppOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AppOptions>, AppOptionsValidator>();

        // Outside Production a missing App:BaseUrl means "where this server listens", so a newcomer's links just work.
        if (!builder.Environment.IsProduction())
        {
            var listening = builder.Configuration["urls"]?.Split(';').FirstOrDefault(u => !u.Contains('*') && !u.Contains("+:"));
            builder.Services.PostConfigure<AppOptions>(options => options.BaseUrl ??= listening ?? "http://localhost:5080");
        }
    }
}
