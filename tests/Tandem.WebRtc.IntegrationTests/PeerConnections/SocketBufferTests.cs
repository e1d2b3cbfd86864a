using System.Net;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>
/// The ICE sockets' SO_RCVBUF / SO_SNDBUF: the size asked through <see cref="IceSettings.SocketBufferSize"/>,
/// capped by the kernel at net.core.rmem_max / wmem_max, is what the stats report (Linux reports twice the size in force).
/// </summary>
public sealed class SocketBufferTests
{
    public static TheoryData<int> Sizes => [1 << 20, 64 << 20];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task GetStats_AfterGathering_ReportsRequestedOrCappedBufferSizes(int requested)
    {
        await using var pc = new PeerConnection(new PeerConnectionOptions
        {
            LocalAddresses = [IPAddress.Loopback],
            Settings = new RtcEngineSettings { Ice = new IceSettings { SocketBufferSize = requested } },
        });
        pc.CreateDataChannel("buffers");

        pc.SetLocalDescription(pc.CreateOffer());
        var ice = pc.GetStats().Ice!;

        Assert.Equal(KernelReported(requested, "rmem_max"), ice.ReceiveBufferSize);
        Assert.Equal(KernelReported(requested, "wmem_max"), ice.SendBufferSize);
    }

    /// <summary>socket(7): the kernel doubles the value set (bookkeeping overhead), after capping it at the sysctl.</summary>
    private static int KernelReported(int requested, string sysctl) =>
        2 * Math.Min(requested, int.Parse(File.ReadAllText($"/proc/sys/net/core/{sysctl}").Trim(), System.Globalization.CultureInfo.InvariantCulture));
}
