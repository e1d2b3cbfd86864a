using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.Tests.Ice;

/// <summary>Host candidates on a machine whose only interface is loopback (a container, a laptop offline).</summary>
public sealed class IceAgentLoopbackFallbackTests
{
    private readonly FakeIceNetwork _network = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Gather_OnlyLoopbackUp_GathersOnLoopbackAndSaysSoOnce()
    {
        var logger = new ListLogger();
        using var agent = Agent(new Host(_network, [IPAddress.Loopback, IPAddress.IPv6Loopback]), logger);
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;

        agent.StartGathering();

        Assert.Equal(["127.0.0.1", "::1"], gathered.Select(c => c.Address));
        Assert.All(gathered, c => Assert.Equal(IceCandidateType.Host, c.Type));
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("no network interface but loopback: ICE gathers on 127.0.0.1, ::1, so only peers on this machine can connect", entry.Message);
    }

    [Fact]
    public void Gather_AnotherInterfaceUp_LoopbackLeftOutAndNothingLogged()
    {
        var logger = new ListLogger();
        using var agent = Agent(new Host(_network, [IPAddress.Loopback, IPAddress.Parse("10.77.0.1")]), logger);
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;

        agent.StartGathering();

        Assert.Equal(["10.77.0.1"], gathered.Select(c => c.Address));
        Assert.Empty(logger.Entries);
    }

    [Fact]
    public void Gather_OnlyLoopbackButAddressesGiven_UsesOnlyThose()
    {
        var logger = new ListLogger();
        var options = new IceAgentOptions { LocalAddresses = [IPAddress.IPv6Loopback], TimeProvider = _time, Logger = logger };
        using var agent = new IceAgent(options, new Host(_network, [IPAddress.Loopback]));
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;

        agent.StartGathering();

        Assert.Equal(["::1"], gathered.Select(c => c.Address));
        Assert.Empty(logger.Entries);
    }

    private IceAgent Agent(Host host, ILogger logger) =>
        new(new IceAgentOptions { TimeProvider = _time, Logger = logger }, host);

    /// <summary>A machine's interfaces as the real factory lists them: loopback only when asked for.</summary>
    private sealed class Host(FakeIceNetwork network, IPAddress[] interfaces) : IIceSocketFactory
    {
        public IIceSocket Bind(IPAddress address, int? bufferSize) => network.Bind(address, bufferSize: bufferSize);

        public IReadOnlyList<IPAddress> GetLocalAddresses(bool includeLoopback, bool includeIPv6) =>
            [.. interfaces.Where(a => includeLoopback || !IPAddress.IsLoopback(a))];
    }
}
