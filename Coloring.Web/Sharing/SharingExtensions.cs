using Coloring.Domain.Sharing;

namespace Coloring.Web.Sharing;

public static class SharingExtensions
{
    /// <summary>How a page e-mail is written and queued; the sharing use cases themselves are domain services.</summary>
    public static void AddSharing(this WebApplicationBuilder builder) => builder.Services.AddSingleton<IPageEmailSender, PageEmailSender>();
}
