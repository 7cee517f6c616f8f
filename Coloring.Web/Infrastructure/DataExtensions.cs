using Coloring.Domain;
using Coloring.Domain.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Coloring.Web.Infrastructure;

public static class DataExtensions
{
    /// <summary>The database (SQLite by default, PostgreSQL when configured), domain services, and data-protection keys kept in the database.</summary>
    public static void AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddColoringDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddColoringDomain(builder.Configuration, builder.Environment.ContentRootPath);

        // Keys in the database keep cookies and links valid across restarts and instances.
        builder.Services.AddDataProtection().SetApplicationName("Coloring").PersistKeysToDbContext<ColoringDbContext>();
    }

    public static Task MigrateDatabaseAsync(this WebApplication app) =>
        app.Services.MigrateColoringDatabaseAsync(app.Lifetime.ApplicationStopping);
}
