using Coloring.Domain.Credits;
using Coloring.Domain.Data;
using Coloring.Domain.Jobs;
using Coloring.Domain.Storage;
using Coloring.Engine;
using Coloring.Tests.Engine;
using Coloring.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coloring.Tests.Domain.Jobs;

/// <summary>
/// A generation slot is for drawing: a page whose files are still on their way to a slow store does not keep the
/// next page from being drawn. One slot here, and a store that holds the first page's files until the test lets go.
/// </summary>
public sealed class JobSlotsTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    private readonly string _root = Directory.CreateTempSubdirectory("coloring-slots-").FullName;
    private HeldStore? _store;

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.Configure<JobOptions>(o => o.MaxConcurrency = 1);
        _store = new HeldStore(new FileSystemBlobStore(_root));
        services.RemoveAll<IBlobStore>();
        services.AddSingleton<IBlobStore>(_store);
    }

    [Fact]
    public async Task TheNextPageIsDrawnWhileThePreviousPagesFilesAreStillBeingStored()
    {
        var user = (await Services.AddUserAsync()).Id;
        await Get<CreditLedger>().OpenAccountAsync(user);
        var photo = await Get<PhotoUploads>().StoreAsync(user, TestImages.Photo("sweets.png"));
        var first = (await Get<PageStarts>().StartAsync(user, photo.Id, new PageOptions(AgePreset.Toddler))).Job!;
        var second = (await Get<PageStarts>().StartAsync(user, photo.Id, new PageOptions(AgePreset.Kids))).Job!;
        var runner = Get<JobRunner>();
        _store!.HoldNextArtifact();

        var firstRun = runner.RunAsync(first.Id, CancellationToken.None);
        await _store.Holding.WaitAsync(TimeSpan.FromSeconds(60)); // drawn, and waiting at the store
        var secondStatus = await runner.RunAsync(second.Id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobStatus.Succeeded, secondStatus);
        Assert.False(firstRun.IsCompleted);
        _store.LetGo();
        Assert.Equal(JobStatus.Succeeded, await firstRun.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, await Get<CreditLedger>().GetBalanceAsync(user));
    }

    public override async Task DisposeAsync()
    {
        _store?.LetGo();
        await base.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>The file store, slow once: the next page file written waits until <see cref="LetGo"/>.</summary>
    private sealed class HeldStore(IBlobStore inner) : IBlobStore
    {
        private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _letGo = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _hold;

        public Task Holding => _holding.Task;

        public void HoldNextArtifact() => _hold = 1;

        public void LetGo() => _letGo.TrySetResult();

        public async Task WriteAsync(Bucket bucket, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            if (bucket == Bucket.Artifacts && Interlocked.Exchange(ref _hold, 0) == 1)
            {
                _holding.TrySetResult();
                await _letGo.Task.WaitAsync(cancellationToken);
            }

            await inner.WriteAsync(bucket, key, content, cancellationToken);
        }

        public Task<Stream?> OpenReadAsync(Bucket bucket, string key, CancellationToken cancellationToken) => inner.OpenReadAsync(bucket, key, cancellationToken);

        public Task DeleteAsync(Bucket bucket, string key, CancellationToken cancellationToken) => inner.DeleteAsync(bucket, key, cancellationToken);

        public IAsyncEnumerable<StoredBlob> ListAsync(Bucket bucket, CancellationToken cancellationToken) => inner.ListAsync(bucket, cancellationToken);
    }
}
