using System.Text.Json;

namespace Coloring.Domain.Jobs;

/// <summary>What an open job page is told while the job moves.</summary>
public sealed record JobProgress(JobStatus Status, string? Stage, int Percent, string? Error = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static JobProgress? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<JobProgress>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
