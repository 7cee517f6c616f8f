using Coloring.Domain.Credits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coloring.Domain.Accounts;

/// <summary>Why a sign-in by link did not produce a user.</summary>
public enum SignInRefusal
{
    None,
    Locked,
    SignupClosed,
}

/// <summary>The user a link signs in, or why there is none.</summary>
public sealed record ProvisionedUser(ColoringUser? User, bool IsNew, SignInRefusal Refusal);

/// <summary>
/// Turns a consumed sign-in link into a user: finds the account by e-mail, or creates it with the
/// sign-up credits the first time; keeps the Admin role in step with <c>Auth:AdminEmails</c>.
/// </summary>
public sealed class AccountProvisioner(
    UserManager<ColoringUser> users,
    CreditLedger ledger,
    TimeProvider clock,
    IOptions<AuthOptions> options,
    ILogger<AccountProvisioner> logger)
{
    public const string AdminRole = "Admin";

    /// <summary>
    /// The account of <paramref name="email"/>, made on first use. The address must be canonical but for ASCII case
    /// (as a consumed link carries it): anything else could be a look-alike of someone else's address (ADR 0007).
    /// </summary>
    public async Task<ProvisionedUser> FindOrCreateAsync(string email, bool signupOpen = true, CancellationToken cancellationToken = default)
    {
        email = EmailAddress.CanonicalizeExact(email)
            ?? throw new ArgumentException("Only a canonical address (EmailAddress.Canonicalize) can sign in.", nameof(email));

        var user = await users.FindByEmailAsync(email);
        var isNew = false;
        if (user is null)
        {
            if (!signupOpen)
            {
                return new ProvisionedUser(null, false, SignInRefusal.SignupClosed);
            }

            user = new ColoringUser
            {
                Id = Guid.CreateVersion7(clock.GetUtcNow()),
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = email[..email.IndexOf('@')],
                CreatedAt = clock.GetUtcNow(),
                LockoutEnabled = true,
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                // Two first sign-ins at once: the other one created the account.
                user = await users.FindByEmailAsync(email)
                    ?? throw new InvalidOperationException($"Could not create an account: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            }
            else
            {
                isNew = true;
                logger.LogInformation("New account {UserId}", user.Id);
            }
        }

        if (await users.IsLockedOutAsync(user))
        {
            return new ProvisionedUser(null, false, SignInRefusal.Locked);
        }

        // Granting is idempotent by key, so a half-finished first sign-in is completed by the next one.
        await ledger.OpenAccountAsync(user.Id, cancellationToken);

        if (options.Value.IsAdminEmail(email) && !await users.IsInRoleAsync(user, AdminRole))
        {
            await users.AddToRoleAsync(user, AdminRole);
        }

        user.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(user);
        return new ProvisionedUser(user, isNew, SignInRefusal.None);
    }
}
