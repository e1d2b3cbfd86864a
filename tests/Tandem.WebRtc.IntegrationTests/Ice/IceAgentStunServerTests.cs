using System.Net;
using System.Net.Sockets;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.IntegrationTests.Ice;

/// <summary>Server-reflexive gathering against a minimal STUN server on 127.0.0.1.</summary>
public class IceAgentStunServerTests
{
    [Fact]
    public async Task GatherAsync_StunServerOnLoopback_AddsServerReflexiveCandidate()
    {
        // The server plays a NAT: it reports a fixed documentation address instead of the real source.
        var mapped = new IPEndPoint(IPAddress.Parse("203.0.113.10"), 40000);
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(server, mapped, stop.Token);
        using var agent = new IceAgent(new IceAgentOptions
        {
            LocalAddresses = [IPAddress.Loopback],
            StunServers = [(IPEndPoint)server.LocalEndPoint!],
            Settings = new IceSettings { Software = "tandem-test" },
        });

        await agent.GatherAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        var requests = await serving;

        // One request, or more if a busy machine delayed the answer past the retransmission timeout.
        Assert.InRange(requests, 1, 4);
        var host = Assert.Single(agent.LocalCandidates, c => c.Type == IceCandidateType.Host);
        var srflx = Assert.Single(agent.LocalCandidates, c => c.Type == IceCandidateType.ServerReflexive);
        Assert.Equal(mapped, srflx.EndPoint);
        Assert.Equal(host.Address, srflx.RelatedAddress);
        Assert.Equal(host.Port, srflx.RelatedPort);
        Assert.True(host.Priority > srflx.Priority);
        Assert.NotNull(agent.GetStats().GatheringCompletedAt);
    }

    private static async Task<int> ServeAsync(Socket server, IPEndPoint mapped, CancellationToken token)
    {
        var buffer = new byte[1500];
        var requests = 0;
        try
        {
            while (true)
            {
                var result = await server.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), token);
                requests++;
                var response = Answer(buffer.AsSpan(0, result.ReceivedBytes), mapped);
                await server.SendToAsync(response, SocketFlags.None, result.RemoteEndPoint, token);
            }
        }
        catch (OperationCanceledException)
        {
            return requests;
        }
    }

    private static byte[] Answer(ReadOnlySpan<byte> request, IPEndPoint mapped)
    {
        Assert.True(StunMessage.TryParse(request, out var message));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetSoftware(out string? software));
        Assert.Equal("tandem-test", software);
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, message.TransactionId);
        writer.AddXorMappedAddress(mapped);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }
}
