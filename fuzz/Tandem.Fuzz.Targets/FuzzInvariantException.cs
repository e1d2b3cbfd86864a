namespace Tandem.Fuzz.Targets;

/// <summary>A parser accepted or produced something its contract rules out.</summary>
public sealed class FuzzInvariantException(string message) : Exception(message)
{
    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(what);
        }
    }
}
