using Tandem.WebRtc.Dtls;
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

    /// <summary>Sends synchronously, like the ICE transport over a UDP socket; keeps only a copy of the last datagram.</summary>
    private sealed class RecordingTransport : IDatagramTransport
    {
        private readonly byte[] _last = new byte[RecordSize];

        public event DatagramHandler? Received
        {
            add { }
            remove { }
        }

        public int Sent { get; private set; }

        public byte[] Last => _last;

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            datagram.Span.CopyTo(_last);
            Sent++;
            return ValueTask.CompletedTask;
        }
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
