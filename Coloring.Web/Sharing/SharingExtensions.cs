namespace Coloring.Web.Sharing;

public static class SharingExtensions
{
    /// <summary>Sending a page by e-mail; share links themselves are a domain service.</summary>
    public static void AddSharing(this WebApplicationBuilder builder) => builder.Services.AddSingleton<PageMailer>();
}
