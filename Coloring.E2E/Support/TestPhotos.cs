namespace Coloring.E2E.Support;

/// <summary>Real photos copied beside the test assembly from Coloring.Tests/TestPhotos (see the csproj).</summary>
public static class TestPhotos
{
    public static string Sweets => Path("sweets.png");

    public static string Dog => Path("dog.png");

    public static string House => Path("house.jpg");

    private static string Path(string name)
    {
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "TestPhotos", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Test photo {name} was not copied to the output.", path);
    }
}
