using Coloring.Domain.Accounts;
using Coloring.Domain.Admin;
using Coloring.Domain.Credits;
using Coloring.Domain.Export;
using Coloring.Domain.Flags;
using Coloring.Domain.Jobs;
using Coloring.Domain.Payments;
using Coloring.Domain.Sharing;
using Coloring.Domain.Storage;
using Coloring.Domain.Studio;
using Coloring.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coloring.Domain;

public static class DomainServiceCollectionExtensions
{
    /// <summary>The domain services shared by pages, API, jobs and tests.</summary>
    public static IServiceCollection AddColoringDomain(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CreditLedger>();
        services.AddSingleton<SignInLinks>();
        services.AddScoped<SignInLinkRequests>();
        // Identity's own normaliser (UpperInvariant) makes look-alike addresses one (ADR 0007). Added, not tried,
        // so it wins over Identity's whichever is registered first.
        services.AddSingleton<Microsoft.AspNetCore.Identity.ILookupNormalizer, AsciiLookupNormalizer>();
        services.AddScoped<AccountProvisioner>();
        services.AddSingleton<AccountSettings>();
        services.AddSingleton<ApiTokens>();
        services.AddSingleton<AccountProfile>();
        services.AddSingleton<AccountDeletion>();

        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => !o.S3.IsEnabled || string.IsNullOrEmpty(o.S3.AccessKey) == string.IsNullOrEmpty(o.S3.SecretKey), "Storage:S3:AccessKey and Storage:S3:SecretKey go together: set both, or neither to use the SDK's own credentials.")
            .Validate(o => !o.S3.IsEnabled || string.IsNullOrEmpty(o.S3.ServiceUrl) || Uri.TryCreate(o.S3.ServiceUrl, UriKind.Absolute, out _), "Storage:S3:ServiceUrl must be an absolute URL.")
            .ValidateOnStart();
        services.TryAddSingleton<Amazon.S3.IAmazonS3>(sp => S3BlobStore.CreateClient(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.S3));
        services.TryAddSingleton<IBlobStore>(sp =>
        {
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value;
            return options.S3.IsEnabled
                ? new S3BlobStore(sp.GetRequiredService<Amazon.S3.IAmazonS3>(), options.S3.Bucket!)
                : new FileSystemBlobStore(Path.Combine(contentRoot, options.Root));
        });
        services.AddSingleton<AssetStore>();
        services.AddOptions<PhotoIntakeOptions>().BindConfiguration(PhotoIntakeOptions.Section)
            .Validate(o => o.DecodesAtOnce >= 1 && o.QueueWait >= TimeSpan.Zero && o.RetryAfterSeconds >= 1, "Photos:DecodesAtOnce and Photos:RetryAfterSeconds must be at least 1, and Photos:QueueWait not negative.")
            .ValidateOnStart();
        services.AddSingleton<PhotoDecodeGate>();
        services.AddSingleton<PhotoUploads>();
        services.AddSingleton<Cleanup>();

        services.AddPageGenerators(configuration);
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section)
            .Validate(o => o.MaxConcurrency >= 1 && o.MaxAttempts >= 1, "Generation:MaxConcurrency and Generation:MaxAttempts must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<JobService>();
        services.AddSingleton<PageStarts>();
        services.AddOptions<StudioOptions>().BindConfiguration(StudioOptions.Section)
            .Validate(o => o.CacheMegabytes >= 0, "Studio:CacheMegabytes must not be negative.")
            .ValidateOnStart();
        services.AddSingleton(sp => new StudioPreviews(sp.GetRequiredService<IOptions<StudioOptions>>().Value.CacheMegabytes * 1024L * 1024L));
        services.AddSingleton<PagePreviews>();
        services.AddSingleton<PageGallery>();
        services.AddSingleton<Coloring.Domain.TouchUp.PageTouchUps>();
        services.AddSingleton<ShareLinks>();
        services.AddSingleton<SharedPagePdfs>();
        services.AddSingleton<PagePrints>();
        services.AddSingleton<PageEmails>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobRecovery>();
        services.AddSingleton<PdfExports>();

        services.AddSingleton<FeatureFlags>();
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<AdminActions>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AdminUsers>();
        services.AddSingleton<AdminJobs>();
        services.AddSingleton<AdminDashboard>();
        services.AddSingleton<StorageReport>();

        services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PaymentOptions>, PaymentOptionsValidation>();
        services.AddSingleton<CreditPurchases>();
        services.AddSingleton<StripeWebhooks>();
        return services;
    }
}
