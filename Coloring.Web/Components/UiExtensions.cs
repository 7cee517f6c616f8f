using Coloring.Web.Components.Pages.About;
using MudBlazor.Services;

namespace Coloring.Web.Components;

public static class UiExtensions
{
    /// <summary>Blazor Server with MudBlazor; account pages that set cookies stay static (see Pages/Account/_Imports.razor).</summary>
    public static void AddUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddOptions<SiteTextOptions>().BindConfiguration(SiteTextOptions.Section);
        builder.Services.AddSingleton<SiteTexts>();
    }
}
