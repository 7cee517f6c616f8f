namespace Coloring.Web.Storage;

public static class StorageExtensions
{
    /// <summary>Signed links for stored files (the store itself is a domain service).</summary>
    public static void AddFiles(this WebApplicationBuilder builder) => builder.Services.AddSingleton<FileLinks>();
}
