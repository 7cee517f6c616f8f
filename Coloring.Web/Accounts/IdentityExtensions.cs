using Coloring.Domain.Accounts;
using Coloring.Domain.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Coloring.Web.Accounts;

public static class IdentityExtensions
{
    /// <summary>ASP.NET Core Identity without passwords: users sign in only through e-mailed links.</summary>
    public static void AddIdentityWithMagicLinks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingUserStateProvider>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "Coloring.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(30);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/account/sign-in";
            cookie.LogoutPath = "/account/sign-out";
            cookie.AccessDeniedPath = "/not-found";
            cookie.ReturnUrlParameter = "returnUrl";
        });

        // A locked or deleted account, or one signed out (which renews the security stamp), loses every copy of its
        // cookie within a minute. Shorter would check the database and re-issue the cookie on nearly every request.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddIdentityCore<ColoringUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.User.AllowedUserNameCharacters = ""; // user names are e-mail addresses, checked by EmailAddress
                o.SignIn.RequireConfirmedEmail = false;
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<ColoringDbContext>()
            .AddSignInManager();

        services.AddAuthorization();
        services.AddScoped<SignInLinkSender>();
        services.AddScoped<ISignInLinkMailer>(sp => sp.GetRequiredService<SignInLinkSender>());
    }
}
