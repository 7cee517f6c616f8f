namespace Coloring.Web.Admin;

public static class AdminExtensions
{
    /// <summary>What the admin pages and <c>/api/admin</c> need beyond the domain's admin services.</summary>
    public static void AddAdmin(this WebApplicationBuilder builder) => builder.Services.AddSingleton<CleanupSchedule>();

    /// <summary>The admin API; the pages are routed with the other components.</summary>
    public static void MapAdmin(this WebApplication app) => app.MapAdminApi();
}
