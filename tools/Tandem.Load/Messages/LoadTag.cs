namespace Tandem.Load.Messages;

/// <summary>
/// What the load tool adds to each forwarded message, inside its opaque <c>data</c>/<c>payload</c>
/// object (R14: forwarded untouched) as <c>lt_pair</c>, <c>lt_side</c>, <c>lt_seq</c>, <c>lt_ts</c>.
/// </summary>
/// <param name="Pair">The pair session that sent it.</param>
/// <param name="Side">The sending side: 0 the glasses, 1 the app.</param>
/// <param name="Seq">Position in the sender's stream, from 0.</param>
/// <param name="Timestamp"><see cref="System.Diagnostics.Stopwatch"/> ticks when it was sent.</param>
public readonly record struct LoadTag(int Pair, int Side, long Seq, long Timestamp);
