using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.Dtls;

public sealed class DtlsDatagramAdapterTests
{
    private const int RecordSize = 1219;

    [Fact]
    public void Send_LowerSendsAtOnce_AllocatesNothingPerDatagram()
    {
        var lower = new RecordingTransport();
        using var adapter = new DtlsDatagramAdapter(lower, new DtlsOptions());
        var record = Record(0x17);
        adapter.Send(record, 0, record.Length);

        const int Datagrams = 200;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Datagrams; i++)
        {
            adapter.Send(record, 0, record.Length);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(Datagrams + 1, lower.Sent);
        Assert.True(allocated < RecordSize, $"{allocated} bytes allocated for {Datagrams} datagrams");
    }

    [Fact]
    public void Send_LowerSendsAtOnce_PassesTheRecordBytes()
    {
        var lower = new RecordingTransport();
        using var adapter = new DtlsDatagramAdapter(lower, new DtlsOptions());
        var record = Record(0x17);

        adapter.Send(record, 0, record.Length);

        Assert.Equal(record, lower.Last);
    }

    [Fact]
    public async Task Send_LowerSendsLater_KeepsTheRecordAfterTheCallerReusesItsBuffer()
    {
        var lower = new DeferredTransport();
        using var adapter = new DtlsDatagramAdapter(lower, new DtlsOptions());
        var record = Record(0x17);
        var expected = record.ToArray();

        adapter.Send(record, 0, record.Length);
        Array.Fill(record, (byte)0xee);
        var held = lower.Held.ToArray();
        lower.Complete();
        await Task.Yield();

        Assert.Equal(expected, held);
    }

    [Fact]
    public void Receive_ReaderStalledWhileAFullSctpWindowArrives_QueuesEveryDatagram()
    {
        // What a peer may have in flight: our advertised window in packets of one DATA chunk
        // (12-byte common header, 16-byte DATA header) at the SCTP MTU, each one DTLS record.
        var sctp = new SctpAssociationOptions();
        var window = (int)Math.Ceiling((double)sctp.ReceiveWindow / (sctp.Mtu - 28));
        var lower = new RecordingTransport();
        using var adapter = new DtlsDatagramAdapter(lower, new DtlsOptions());
        var record = Record(0x17);

        for (var i = 0; i < window; i++)
        {
            record[1] = (byte)i;
            lower.Raise(record);
        }

        var buffer = new byte[2048];
        var received = 0;
        while (adapter.Receive(buffer, 1) > 0)
        {
            Assert.Equal((byte)received, buffer[1]);
            received++;
        }

        Assert.Equal(0, adapter.DroppedDatagrams);
        Assert.Equal(window, received);
    }

    private static byte[] Record(byte contentType)
    {
        var record = new byte[RecordSize];
        for (var i = 0; i < record.Length; i++)
        {
            record[i] = (byte)(i * 7);
        }

        record[0] = contentType;
        return record;
    }

    /// <summary>Sends synchronously, like the ICE transport over a UDP socket, keeping only a copy of the last datagram; raises what a test gives it.</summary>
    private sealed class RecordingTransport : IDatagramTransport
    {
        private readonly byte[] _last = new byte[RecordSize];

        public event DatagramHandler? Received;

        public int Sent { get; private set; }

        public byte[] Last => _last;

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            datagram.Span.CopyTo(_last);
            Sent++;
            return ValueTask.CompletedTask;
        }

        public void Raise(ReadOnlySpan<byte> datagram) => Received?.Invoke(datagram);
    }

    /// <summary>Holds the datagram's memory until <see cref="Complete"/>, like a transport that sends later.</summary>
    private sealed class DeferredTransport : IDatagramTransport
    {
        private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public event DatagramHandler? Received
        {
            add { }
            remove { }
        }

        public ReadOnlyMemory<byte> Held { get; private set; }

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            Held = datagram;
            return new ValueTask(_sent.Task);
        }

        public void Complete() => _sent.SetResult();
    }
}
