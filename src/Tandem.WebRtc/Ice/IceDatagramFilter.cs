namespace Tandem.WebRtc.Ice;

/// <summary>Test hook: returns true to drop the datagram (simulated loss). The span is valid only during the call.</summary>
public delegate bool IceDatagramFilter(ReadOnlySpan<byte> datagram);
