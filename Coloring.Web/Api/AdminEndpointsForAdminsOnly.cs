using System.Security.Claims;
using Coloring.Domain.Accounts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Coloring.Web.Api;

/// <summary>
/// Takes the <c>/api/admin/…</c> endpoints out of the OpenAPI document unless an admin is reading it: at
/// <c>/openapi/v1.json</c> the reader is the request's user; on the reference page, which asks for the
/// document inside a Blazor circuit, the page names its reader with <see cref="ReadAs"/>.
/// </summary>
public sealed class AdminEndpointsForAdminsOnly(IHttpContextAccessor http) : IOpenApiDocumentTransformer
{
    private static readonly AsyncLocal<ClaimsPrincipal?> Reader = new();

    /// <summary>Makes <paramref name="user"/> the document's reader until the result is disposed.</summary>
    public static IDisposable ReadAs(ClaimsPrincipal user)
    {
        var before = Reader.Value;
        Reader.Value = user;
        return new Restore(before);
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var reader = Reader.Value ?? http.HttpContext?.User;
        if (reader?.IsInRole(AccountProvisioner.AdminRole) == true || document.Paths is null)
        {
            return Task.CompletedTask;
        }

        foreach (var path in document.Paths.Keys.Where(IsAdminPath).ToList())
        {
            document.Paths.Remove(path);
        }

        return Task.CompletedTask;
    }

    private static bool IsAdminPath(string path) =>
        path.Equals("/api/admin", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/api/admin/", StringComparison.OrdinalIgnoreCase);

    private sealed class Restore(ClaimsPrincipal? before) : IDisposable
    {
        public void Dispose() => Reader.Value = before;
    }
}
