namespace Coloring.Engine;

/// <summary>Why a photo was not accepted.</summary>
public enum PhotoProblem
{
    Empty,
    TooLarge,
    NotAnImage,
    Corrupt,
    Animated,
    TooManyPixels,
    TooSmall,
}

/// <summary>A photo the engine will not take; <see cref="Exception.Message"/> is a sentence a parent understands.</summary>
public sealed class PhotoRejectedException : Exception
{
    public PhotoRejectedException(PhotoProblem problem, string? message = null, Exception? inner = null)
        : base(message ?? DefaultMessage(problem), inner) => Problem = problem;

    /// <summary>What is wrong with the photo.</summary>
    public PhotoProblem Problem { get; }

    /// <summary>The sentence shown for each problem.</summary>
    public static string DefaultMessage(PhotoProblem problem) => problem switch
    {
        PhotoProblem.Empty => "The file is empty. Please choose a photo.",
        PhotoProblem.TooLarge => "The photo is larger than 10 MB. Please choose a smaller photo.",
        PhotoProblem.NotAnImage => "This file is not a photo we can read. Please use a JPEG, PNG or WebP picture.",
        PhotoProblem.Corrupt => "The photo seems to be damaged or incomplete. Please try another copy of it.",
        PhotoProblem.Animated => "Animated pictures can't be turned into a coloring page. Please choose a still photo.",
        PhotoProblem.TooManyPixels => "The photo has too many pixels (over 50 megapixels or wider than 12,000 pixels). Please choose a smaller photo.",
        PhotoProblem.TooSmall => "The photo is too small. Please choose one at least 256 pixels on its shorter side.",
        _ => "This photo can't be used.",
    };
}

/// <summary>Format and upright size of a photo, read from its header.</summary>
/// <param name="Format">"jpeg", "png" or "webp".</param>
/// <param name="Width">Width after EXIF orientation.</param>
/// <param name="Height">Height after EXIF orientation.</param>
public sealed record PhotoInfo(string Format, int Width, int Height);
