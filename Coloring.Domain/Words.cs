namespace Coloring.Domain;

/// <summary>Counted words, said the same way everywhere: "1 credit", "3 credits", "0 pages".</summary>
public static class Words
{
    /// <summary><paramref name="n"/> and the word for that many: <paramref name="one"/> for exactly 1, else <paramref name="many"/> (or <paramref name="one"/> + "s").</summary>
    public static string Count(int n, string one, string? many = null) =>
        n == 1 ? $"1 {one}" : $"{n} {many ?? one + "s"}";

    /// <summary>"1 credit", "5 credits".</summary>
    public static string Credits(int n) => Count(n, "credit");
}
