using System.Net;
using Tandem.Testing;

namespace Tandem.WebRtc.IntegrationTests.Ice;

/// <summary>
/// The media path over real sockets allocates nothing per datagram (send and receive loop).
/// Measured process-wide, so the class runs alone (its collection is not parallelized).
/// </summary>
[Collection(nameof(IceAgentAllocationTests))]
public class IceAgentAllocationTests
{
    private const int Datagrams = 20_000;

    [Fact]
    public async Task Transport_RtpBothDirections_NoPerDatagramAllocation()
    {
        using var pair = new LoopbackIcePair(IPAddress.Loopback);
        await pair.ConnectAsync();
        var received = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.B.Transport.Received += d =>
        {
            if (Interlocked.Increment(ref received) == Datagrams)
            {
                all.TrySetResult();
            }
        };
        var packet = new byte[1200];
        packet[0] = 0x80;
        var memory = packet.AsMemory();
        await pair.A.Transport.SendAsync(memory);
        await Poll.WaitUntilAsync(() => Volatile.Read(ref received) == 1, "the first datagram", TimeSpan.FromSeconds(30));

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 1; i < Datagrams; i++)
        {
            await pair.A.Transport.SendAsync(memory);
            if (i % 64 == 0)
            {
                // Let the receiver keep up: loopback drops datagrams when the socket buffer overflows.
                // Spin (no allocation) rather than await a delay, which would allocate itself.
                var deadline = Environment.TickCount64 + 30_000;
                while (Volatile.Read(ref received) < i - 32 && Environment.TickCount64 < deadline)
                {
                    Thread.Yield();
                }
            }
        }

        await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var perDatagram = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)Datagrams;

        // Timers, consent checks and the test's own waits allocate a little; a per-datagram
        // allocation (a SocketAddress, an IPEndPoint, a buffer) would be 24+ bytes each.
        Assert.True(perDatagram < 8, $"{perDatagram:F1} bytes allocated per datagram");
    }
}

[CollectionDefinition(nameof(IceAgentAllocationTests), DisableParallelization = true)]
public sealed class IceAgentAllocationCollection;
