namespace Tandem.Media.Opus;

/// <summary>Which Opus codec implementation an <see cref="OpusEncoder"/> or <see cref="OpusDecoder"/> runs on.</summary>
public enum OpusImplementation
{
    /// <summary>libopus when it loads (shipped with the app or installed), else Concentus.</summary>
    Auto,

    /// <summary>libopus through P/Invoke (opus.h): the reference implementation; allocates nothing per frame.</summary>
    Libopus,

    /// <summary>
    /// Concentus, the managed C# port of libopus: no native library to ship, bit-compatible streams, but
    /// about 1.8× libopus's encode time and tens of kilobytes of garbage per encoded frame
    /// (docs/PERFORMANCE.md) — the fallback for platforms libopus cannot be shipped to.
    /// </summary>
    Concentus,
}
