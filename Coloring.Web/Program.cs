using Coloring.Web.Accounts;
using Coloring.Web.Admin;
using Coloring.Web.Api;
using Coloring.Web.Commands;
using Coloring.Web.Components;
using Coloring.Web.Components.Pages.Create;
using Coloring.Web.Email;
using Coloring.Web.Export;
using Coloring.Web.Infrastructure;
using Coloring.Web.Jobs;
using Coloring.Web.Payments;
using Coloring.Web.RateLimits;
using Coloring.Web.Realtime;
using Coloring.Web.Sharing;
using Coloring.Web.Storage;
using Coloring.Web.Telemetry;

if (HostCommands.IsCommand(args))
{
    return HostCommands.Run(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddAppSettings();
builder.AddReverseProxySupport();
builder.AddData();
builder.AddRealtime();
builder.AddJobs();
builder.AddFiles();
builder.AddIdentityWithMagicLinks();
builder.AddEmail();
builder.AddUi();
builder.AddHealth();
builder.AddAdmin();
builder.AddRateLimits();
builder.AddApi();
builder.AddSharing();
builder.AddTelemetry();

var app = builder.Build();

await app.MigrateDatabaseAsync();

app.UseReverseProxySupport();
app.UseTelemetry();
app.UseSecurityHeaders();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseApiProblems();
app.UseAuthentication();
app.UseAuthorization();
app.UseAdminApiGate();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealth();
app.MapAccountEndpoints();
app.MapFileEndpoints();
app.MapApi();
app.MapAccountDeletion();
app.MapExport();
app.MapSharing();
app.MapAdmin();
app.MapPayments();
app.MapStudio();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
return 0;

/// <summary>The entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
