using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Tandem.WebRtc.Ice;

namespace Tandem.Benchmarks.Ice;

/// <summary>
/// 1,000 RTP-sized datagrams through two connected <see cref="IceAgent"/>s on 127.0.0.1 (demux,
/// checked-source filter, pooled receive loop) against the same traffic on two raw UDP sockets
/// with the same kind of receive loop: the baseline. At most 64 datagrams in flight, so the
/// loopback socket buffer never drops.
/// </summary>
[MemoryDiagnoser]
public class IceTransportBenchmarks
{
    private const int Datagrams = 1000;
    private const int Window = 64;
    private readonly byte[] _packet = new byte[1200];
    private IceAgent? _a;
    private IceAgent? _b;
    private Socket? _rawA;
    private Socket? _rawB;
    private SocketAddress? _rawTarget;
    private int _received;
    private Action _sendRaw = () => { };
    private Action _sendIce = () => { };

    [GlobalSetup]
    public void Setup()
    {
        _packet[0] = 0x80;
        _a = new IceAgent(new IceAgentOptions { Role = IceRole.Controlling, LocalAddresses = [IPAddress.Loopback] });
        _b = new IceAgent(new IceAgentOptions { Role = IceRole.Controlled, LocalAddresses = [IPAddress.Loopback] });
        _a.LocalCandidateGathered += c => _b.AddRemoteCandidate(c);
        _b.LocalCandidateGathered += c => _a.AddRemoteCandidate(c);
        _a.SetRemoteCredentials(_b.LocalCredentials);
        _b.SetRemoteCredentials(_a.LocalCredentials);
        _a.StartGathering();
        _b.StartGathering();
        SpinUntil(() => _a.SelectedPair is not null && _b.SelectedPair is not null);
        _b.Transport.Received += _ => Interlocked.Increment(ref _received);

        _rawA = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _rawB = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _rawA.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _rawB.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _rawTarget = _rawB.LocalEndPoint!.Serialize();
        _ = Task.Run(RawReceiveLoopAsync);
        _sendRaw = () => _rawA.SendTo(_packet, SocketFlags.None, _rawTarget);
        _sendIce = () => _a.Transport.SendAsync(_packet);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a?.Dispose();
        _b?.Dispose();
        _rawA?.Dispose();
        _rawB?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void RawUdpSockets() => Pump(_sendRaw);

    [Benchmark]
    public void IceAgentTransport() => Pump(_sendIce);

    private void Pump(Action send)
    {
        Volatile.Write(ref _received, 0);
        for (var sent = 1; sent <= Datagrams; sent++)
        {
            send();
            WaitForReceived(sent - Window + 1);
        }

        WaitForReceived(Datagrams);
    }

    /// <summary>Spins without allocating (a lambda capturing the loop counter would allocate per datagram).</summary>
    private void WaitForReceived(int count)
    {
        var spinner = default(SpinWait);
        var deadline = Environment.TickCount64 + 30_000;
        while (Volatile.Read(ref _received) < count)
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("Datagrams were lost.");
            }

            spinner.SpinOnce();
        }
    }

    private async Task RawReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        try
        {
            while (true)
            {
                await _rawB!.ReceiveFromAsync(buffer, SocketFlags.None, from).ConfigureAwait(false);
                Interlocked.Increment(ref _received);
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private static void SpinUntil(Func<bool> condition)
    {
        if (!SpinWait.SpinUntil(condition, TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("Datagrams were lost or the agents did not connect.");
        }
    }
}
