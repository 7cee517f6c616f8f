using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.OpenApi;

namespace Coloring.Web.Api;

public static class ApiExtensions
{
    /// <summary>True for requests a script makes rather than a page: the HTTP API (<c>/api/…</c>) and the studio's preview pictures
    /// (<c>/studio/…</c>). They answer in problem details, never with pages or redirects.</summary>
    public static bool IsApiRequest(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/studio");

    /// <summary>The JSON API: problem details, personal API tokens next to the cookie, and the OpenAPI document.</summary>
    public static void AddApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiProblems.BadRequestHandler>();
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false)));

        // Every request is authenticated by the API token when it sends "Authorization: Bearer", else by the cookie.
        services.AddAuthentication(ApiTokenAuthenticationHandler.CookieOrToken)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(ApiTokenAuthenticationHandler.CookieOrToken, "Cookie or API token", o => o.ForwardDefaultSelector = http =>
                ApiTokenAuthenticationHandler.HasBearer(http.Request) ? ApiTokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme);

        services.AddHttpContextAccessor();
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<AdminEndpointsForAdminsOnly>();
            o.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Coloring API",
                    Version = "v1",
                    Description = "Turn photos into printable coloring pages from scripts. Authenticate with a personal API token "
                        + "(made on your profile page) as `Authorization: Bearer col_…`. Errors are RFC 7807 problem details.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "personal API token (col_…)",
                    Description = "A personal API token from your profile page. The browser's sign-in cookie works too.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
                return Task.CompletedTask;
            });
        });
    }

    /// <summary>
    /// Under <c>/api</c>, errors are problem details: unhandled exceptions and bare status codes (401, 404, 405…)
    /// get a JSON body instead of the site's error and not-found pages. Call right after the status-code pages.
    /// </summary>
    public static void UseApiProblems(this WebApplication app) =>
        app.UseWhen(http => IsApiRequest(http.Request), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages(async context =>
            {
                var http = context.HttpContext;
                var status = http.Response.StatusCode;
                if (status == StatusCodes.Status401Unauthorized)
                {
                    http.Response.Headers.Location = default; // the cookie handler names its sign-in page; an API has none
                    http.Response.Headers.WWWAuthenticate = "Bearer";
                }

                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = status,
                        Detail = status switch
                        {
                            StatusCodes.Status401Unauthorized => "Sign in, or send a personal API token as \"Authorization: Bearer col_…\".",
                            StatusCodes.Status403Forbidden => "You may not do this.",
                            StatusCodes.Status404NotFound => "There is no such thing here.",
                            StatusCodes.Status405MethodNotAllowed => "This address does not take that method.",
                            _ => null,
                        },
                    },
                });
            });
        });

    /// <summary>Maps <c>/api/…</c> and the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static void MapApi(this WebApplication app)
    {
        app.MapOpenApi();
        var api = app.MapGroup("/api")
            .RequireAuthorization()
            .DisableCookieRedirect()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .AddEndpointFilter<CrossSiteFilter>();
        api.MapAuthApi();
        api.MapUploadApi();
        api.MapJobsApi();
        api.MapPreviewsApi();
        api.MapCreditsApi();
        api.MapProfileApi();
        api.MapTokensApi();
        api.MapPdfApi();
        api.MapStrokesApi();
    }
}
