using System.Security.Claims;

namespace Coloring.Web.Accounts;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's id; throws for an anonymous principal, which authorization should have stopped.</summary>
    public static Guid GetUserId(this ClaimsPrincipal principal) =>
        principal.FindUserId() ?? throw new InvalidOperationException("No signed-in user.");

    public static Guid? FindUserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
