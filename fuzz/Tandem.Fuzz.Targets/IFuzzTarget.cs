namespace Tandem.Fuzz.Targets;

/// <summary>
/// One fuzz target: feeds an input to a parser that reads network bytes and checks what it made of it.
/// A target throws only <see cref="FuzzInvariantException"/> (an invariant broke) or whatever the parser
/// let escape; both are findings.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>The name used on the command line, in <c>fuzz/seeds/&lt;name&gt;</c> and <c>fuzz/findings/&lt;name&gt;</c>.</summary>
    string Name { get; }

    /// <summary>Runs one input.</summary>
    void Run(ReadOnlySpan<byte> input);
}
