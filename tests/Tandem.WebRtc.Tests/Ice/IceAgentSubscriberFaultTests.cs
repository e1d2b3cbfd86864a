using Microsoft.Extensions.Logging;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.Tests.Ice;

/// <summary>A subscriber that throws is logged once per fault, and neither the agent nor the other subscribers notice.</summary>
public sealed class IceAgentSubscriberFaultTests
{
    [Fact]
    public void ConnectionStateChanged_SubscriberThrowsOnChecking_OneErrorLoggedOthersSeeEveryStateAndAgentsConnect()
    {
        var logger = new ListLogger();
        using var h = new IceAgentHarness(configure: o => o with { Logger = logger });
        var fault = new InvalidOperationException("subscriber bug");
        var seen = new List<IceConnectionState>();
        h.A.ConnectionStateChanged += s => { if (s == IceConnectionState.Checking) { throw fault; } };
        h.A.ConnectionStateChanged += seen.Add;

        h.Signal();
        h.Run(TimeSpan.FromSeconds(1));

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("IceAgent.ConnectionStateChanged", entry.Message, StringComparison.Ordinal);
        Assert.Same(fault, entry.Exception);
        Assert.Equal(IceConnectionState.Checking, seen[0]);
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        Assert.NotNull(h.A.SelectedPair);
        Assert.Equal(IceConnectionState.Connected, h.B.ConnectionState);
    }

    [Fact]
    public void LocalCandidateGathered_SubscriberThrowsWithoutLogger_CandidateStillTrickledAndAgentsConnect()
    {
        using var h = new IceAgentHarness();
        h.A.LocalCandidateGathered += _ => throw new InvalidOperationException("subscriber bug");

        h.Signal();
        h.Run(TimeSpan.FromSeconds(1));

        Assert.Single(h.B.RemoteCandidates);
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
    }
}
