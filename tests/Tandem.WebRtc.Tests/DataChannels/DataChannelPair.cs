using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.DataChannels;

/// <summary>Two associations with data channel managers over a <see cref="DatagramPipe"/> (A is the DTLS client).</summary>
internal sealed class DataChannelPair : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private DataChannelPair()
    {
        (PipeA, PipeB) = DatagramPipe.CreatePair();
        AssociationA = new SctpAssociation(PipeA);
        AssociationB = new SctpAssociation(PipeB);
        A = new DataChannelManager(AssociationA, isDtlsClient: true);
        B = new DataChannelManager(AssociationB, isDtlsClient: false);
    }

    public DatagramPipeEnd PipeA { get; }

    public DatagramPipeEnd PipeB { get; }

    public SctpAssociation AssociationA { get; }

    public SctpAssociation AssociationB { get; }

    public DataChannelManager A { get; }

    public DataChannelManager B { get; }

    public static async Task<DataChannelPair> ConnectAsync()
    {
        var pair = new DataChannelPair();
        var a = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var b = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.AssociationA.Established += a.SetResult;
        pair.AssociationB.Established += b.SetResult;
        pair.AssociationA.Connect();
        pair.AssociationB.Connect();
        await Task.WhenAll(a.Task, b.Task).WaitAsync(Timeout);
        return pair;
    }

    /// <summary>Creates a channel on <paramref name="from"/> and waits until both ends are open.</summary>
    public async Task<(RtcDataChannel Local, RtcDataChannel Remote)> OpenAsync(DataChannelManager from, string label, RtcDataChannelInit? init = null)
    {
        var to = from == A ? B : A;
        var remote = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReceived(RtcDataChannel c) => remote.TrySetResult(c);
        to.DataChannelReceived += OnReceived;
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var local = from.CreateDataChannel(label, init);
        local.Opened += () => opened.TrySetResult();
        if (local.ReadyState == RtcDataChannelState.Open)
        {
            opened.TrySetResult();
        }

        var channel = await remote.Task.WaitAsync(Timeout);
        await opened.Task.WaitAsync(Timeout);
        to.DataChannelReceived -= OnReceived;
        return (local, channel);
    }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        AssociationA.Dispose();
        AssociationB.Dispose();
        PipeA.Close();
        PipeB.Close();
    }
}
