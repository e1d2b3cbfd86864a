using System.Net;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.IntegrationTests.Ice;

/// <summary>Two real agents on a loopback address, signaled to each other in-process (trickle).</summary>
internal sealed class LoopbackIcePair : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public LoopbackIcePair(
        IPAddress address,
        IceRole roleA = IceRole.Controlling,
        IceRole roleB = IceRole.Controlled,
        Func<IceAgentOptions, IceAgentOptions>? configure = null,
        IceDatagramFilter? outgoingFilterB = null)
    {
        A = new IceAgent(Configure(new IceAgentOptions { Role = roleA, LocalAddresses = [address] }, configure));
        B = new IceAgent(Configure(new IceAgentOptions { Role = roleB, LocalAddresses = [address], OutgoingFilter = outgoingFilterB }, configure));
        A.LocalCandidateGathered += c => B.AddRemoteCandidate(c.ToString());
        B.LocalCandidateGathered += c => A.AddRemoteCandidate(c.ToString());
    }

    public IceAgent A { get; }

    public IceAgent B { get; }

    public async Task ConnectAsync()
    {
        A.SetRemoteCredentials(B.LocalCredentials);
        B.SetRemoteCredentials(A.LocalCredentials);
        await Task.WhenAll(A.GatherAsync(), B.GatherAsync()).WaitAsync(Timeout);
        await Task.WhenAll(WaitForAsync(A, IceConnectionState.Connected), WaitForAsync(B, IceConnectionState.Connected));
        await Task.WhenAll(WaitForSelectedAsync(A), WaitForSelectedAsync(B));
    }

    /// <summary>
    /// Completes once the agent has a selected (nominated) pair. Connected comes first: data flows on
    /// the first valid pair while the nomination is still under way.
    /// </summary>
    public static Task WaitForSelectedAsync(IceAgent agent)
    {
        var selected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.SelectedPairChanged += _ => selected.TrySetResult();
        if (agent.SelectedPair is not null)
        {
            selected.TrySetResult();
        }

        return selected.Task.WaitAsync(Timeout);
    }

    /// <summary>Completes when the agent is in <paramref name="state"/> (now or later); fails after a generous timeout.</summary>
    public static Task WaitForAsync(IceAgent agent, IceConnectionState state)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.ConnectionStateChanged += s =>
        {
            if (s == state)
            {
                reached.TrySetResult();
            }
        };
        if (agent.ConnectionState == state)
        {
            reached.TrySetResult();
        }

        return reached.Task.WaitAsync(Timeout);
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }

    private static IceAgentOptions Configure(IceAgentOptions options, Func<IceAgentOptions, IceAgentOptions>? configure) =>
        configure?.Invoke(options) ?? options;
}
