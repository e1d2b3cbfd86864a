using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.Tests.Ice;

/// <summary>Two agents on a <see cref="FakeIceNetwork"/> with a shared <see cref="FakeTimeProvider"/>.</summary>
internal sealed class IceAgentHarness : IDisposable
{
    public static readonly IPAddress AddressA = IPAddress.Parse("10.0.0.1");
    public static readonly IPAddress AddressB = IPAddress.Parse("10.0.0.2");

    public IceAgentHarness(IceRole roleA = IceRole.Controlling, IceRole roleB = IceRole.Controlled, Func<IceAgentOptions, IceAgentOptions>? configure = null)
    {
        AddressesA.Add(AddressA);
        A = Create(roleA, Network.CreateHost(AddressesA), configure);
        B = Create(roleB, Network.CreateHost(AddressB), configure);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>A's machine addresses, live: change them to model a network change.</summary>
    public List<IPAddress> AddressesA { get; } = [];

    public FakeIceNetwork Network { get; } = new();

    public IceAgent A { get; }

    public IceAgent B { get; }

    /// <summary>Exchanges credentials and trickles every candidate each way (the signaling).</summary>
    public void Signal(bool candidatesToB = true, bool candidatesToA = true)
    {
        A.LocalCandidateGathered += c => { if (candidatesToB && Trickle) { B.AddRemoteCandidate(c.ToString()); } };
        B.LocalCandidateGathered += c => { if (candidatesToA && Trickle) { A.AddRemoteCandidate(c.ToString()); } };
        A.SetRemoteCredentials(B.LocalCredentials);
        B.SetRemoteCredentials(A.LocalCredentials);
        A.StartGathering();
        B.StartGathering();
    }

    /// <summary>When false, gathered candidates are not forwarded to the peer.</summary>
    public bool Trickle { get; set; } = true;

    /// <summary>
    /// ICE restart as an offer/answer does it: new credentials, then the candidates of the new
    /// offer (and answer) added after the credentials.
    /// </summary>
    public (IceCredentials NewA, IceCredentials NewB) Restart()
    {
        Trickle = false;
        var newA = A.RestartIce();
        B.SetRemoteCredentials(newA);
        foreach (var c in A.LocalCandidates)
        {
            B.AddRemoteCandidate(c);
        }

        var newB = B.RestartIce();
        A.SetRemoteCredentials(newB);
        foreach (var c in B.LocalCandidates)
        {
            A.AddRemoteCandidate(c);
        }

        Trickle = true;
        return (newA, newB);
    }

    /// <summary>Advances time in small steps, delivering datagrams after each.</summary>
    public void Run(TimeSpan duration, Action? eachStep = null)
    {
        var step = TimeSpan.FromMilliseconds(10);
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step)
        {
            Time.Advance(step);
            Network.Flush();
            eachStep?.Invoke();
            Network.Flush();
        }
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }

    private IceAgent Create(IceRole role, IIceSocketFactory host, Func<IceAgentOptions, IceAgentOptions>? configure)
    {
        var options = new IceAgentOptions { Role = role, TimeProvider = Time };
        return new IceAgent(configure?.Invoke(options) ?? options, host);
    }
}
