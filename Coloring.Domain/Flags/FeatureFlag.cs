namespace Coloring.Domain.Flags;

/// <summary>
/// A switch an admin flips at run time. A flag without a row has its default value.
/// </summary>
public class FeatureFlag
{
    /// <summary>The flag's name, such as <c>generation_enabled</c>.</summary>
    public required string Key { get; set; }

    public bool Enabled { get; set; }

    /// <summary>A message that goes with the flag: why generation is off, or the maintenance banner's text.</summary>
    public string? Message { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The e-mail of the admin who last changed it.</summary>
    public string? UpdatedBy { get; set; }
}
