namespace Coloring.Domain.Storage;

/// <summary>Settings under <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder of the file store; a relative path is taken from the app's content root.</summary>
    public string Root { get; set; } = "App_Data/storage";
}
