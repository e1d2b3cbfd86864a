namespace Tandem.Media.Playout;

/// <summary>Counters of an <see cref="OpusPlayout"/>.</summary>
/// <param name="Decoded">Frames decoded from their own packet.</param>
/// <param name="Recovered">Frames rebuilt from FEC data.</param>
/// <param name="Concealed">Frames synthesised by PLC.</param>
public readonly record struct OpusPlayoutStatistics(long Decoded, long Recovered, long Concealed);
