using Coloring.Domain.Jobs;
using Quartz;

namespace Coloring.Web.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Quartz runs the generation, recovery and cleanup jobs: in memory with SQLite, or in its clustered
    /// store on the same PostgreSQL database so several instances share the work.
    /// </summary>
    public static void AddJobs(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var postgres = configuration.GetConnectionString("Postgres");
        var jobs = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        var cleanupSchedule = configuration["Cleanup:Schedule"] ?? "0 0 * * * ?"; // hourly, on the hour

        builder.Services.AddSingleton<IJobScheduler, QuartzJobScheduler>();
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "Coloring";
                s.GenerateInstanceId = true; // one cluster member per app instance
            });
            // Room for the generation slots plus recovery and cleanup; JobRunner itself caps generation.
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = Math.Max(1, jobs.MaxConcurrency) + 2);
            if (string.IsNullOrWhiteSpace(postgres))
            {
                q.UseInMemoryStore();
            }
            else
            {
                q.UsePersistentStore(store =>
                {
                    store.UsePostgres(postgres);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering();
                    store.ProvisionSchema();
                });
            }

            q.AddJob<GeneratePageJob>(j => j.WithIdentity(GeneratePageJob.Key).StoreDurably());
            q.AddJob<RecoverJobsJob>(j => j.WithIdentity(RecoverJobsJob.Key).StoreDurably());
            q.AddJob<CleanupJob>(j => j.WithIdentity(CleanupJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(RecoverJobsJob.Key).WithIdentity("recover-jobs", "coloring").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(jobs.RecoveryInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            q.AddTrigger(t => t.ForJob(CleanupJob.Key).WithIdentity("cleanup", "coloring").WithCronSchedule(cleanupSchedule));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
