using System.ComponentModel;

namespace Tandem.Cli.Sessions;

/// <summary>
/// A file or device option (<c>--video</c>, <c>--audio</c>, <c>--play</c>, <c>--record</c>) that cannot be
/// used: the message is one line naming the option and its value, the problem and what to do; the
/// command prints it and exits 2, as for any other bad option.
/// </summary>
internal sealed class MediaOptionException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// Runs <paramref name="open"/>; a failure to open a file or start a program becomes
    /// <c>OPTION VALUE: PROBLEM: REMEDY</c>. Other exceptions (bugs) pass through.
    /// </summary>
    public static T Wrap<T>(string option, string value, string remedy, Func<T> open)
    {
        try
        {
            return open();
        }
        catch (Exception e) when (Problem(e) is { } problem)
        {
            throw new MediaOptionException($"{option} {value}: {problem}: {remedy}", e);
        }
    }

    /// <summary>Creates (or truncates) the file <paramref name="path"/> that <paramref name="option"/> names.</summary>
    public static FileStream CreateFile(string option, string value, string path, string remedy)
    {
        try
        {
            return File.Create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = Directory.Exists(path) ? "that is a folder" : e is UnauthorizedAccessException ? "permission denied" : "cannot create that file";
            throw new MediaOptionException($"{option} {value}: {why}: {remedy}", e);
        }
    }

    /// <summary>What went wrong, in words; null for exceptions that are not about the file or program.</summary>
    private static string? Problem(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "its folder does not exist",
        FileNotFoundException => "no such file",
        InvalidDataException invalid => $"not a usable file ({invalid.Message.TrimEnd('.')})",
        Tandem.Media.Native.NativeLibraryNotFoundException missing => $"lib{missing.Library} could not be loaded on {missing.Rid}",
        Win32Exception start => $"cannot start it ({start.Message})",
        IOException io => io.Message.TrimEnd('.'),
        _ => null,
    };
}
