using System.Collections.Concurrent;
using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

/// <summary>Our epoch-1 record protection against BouncyCastle's record layer, and its edge cases on a live pair.</summary>
public sealed class DtlsTransportRecordLayerTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task SendAsync_EitherSideOnBouncyCastleRecordLayer_EveryDatagramArrivesBothWays(bool clientBouncyCastle, bool serverBouncyCastle)
    {
        await using var pair = new DtlsTestPair(Options(clientBouncyCastle), Options(serverBouncyCastle));
        await pair.ConnectAsync();
        const int Count = 40;
        var atServer = new Collector(pair.Server, Count);
        var atClient = new Collector(pair.Client, Count);

        for (int i = 0; i < Count; i++)
        {
            await pair.Client.SendAsync(Payload(i, pair.Client.MaxPayloadSize));
            await pair.Server.SendAsync(Payload(i + 1000, pair.Server.MaxPayloadSize));
        }

        await Task.WhenAll(atServer.Done, atClient.Done).WaitAsync(DtlsTestPair.Guard);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => Payload(i, pair.Client.MaxPayloadSize)), atServer.Received);
        Assert.Equal(Enumerable.Range(1000, Count).Select(i => Payload(i, pair.Server.MaxPayloadSize)), atClient.Received);
        DtlsTransportStats stats = pair.Server.GetStats();
        Assert.Equal((Count, Count), (stats.PacketsSent, stats.PacketsReceived));
        Assert.Equal(atServer.Received.Sum(r => r.Length), stats.BytesReceived);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Received_RecordLayer_RaisedOnTheExpectedThread(bool bouncyCastle)
    {
        await using var pair = new DtlsTestPair(Options(bouncyCastle), Options(bouncyCastle));
        await pair.ConnectAsync();
        var thread = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.Received += _ => thread.TrySetResult(Thread.CurrentThread.Name);

        await pair.Client.SendAsync("where"u8.ToArray());

        // Ours opens records on the lower transport's thread (here the pipe's pump); BouncyCastle on its own.
        Assert.Equal(bouncyCastle, await thread.Task.WaitAsync(DtlsTestPair.Guard) == "dtls-receive");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CloseAsync_AfterData_PeerSeesCloseNotify(bool peerBouncyCastle)
    {
        await using var pair = new DtlsTestPair(DtlsTestPair.FastOptions, Options(peerBouncyCastle));
        await pair.ConnectAsync();
        Task<byte[]> atServer = DtlsTestPair.NextReceived(pair.Server);
        await pair.Client.SendAsync("before close"u8.ToArray());
        await atServer.WaitAsync(DtlsTestPair.Guard);
        Task serverClosed = DtlsTestPair.WhenState(pair.Server, DtlsState.Closed);

        await pair.Client.CloseAsync();

        // BouncyCastle's close_notify is an epoch-1 record after our data: it must carry a newer number.
        await serverClosed.WaitAsync(DtlsTestPair.Guard);
        Assert.Equal(DtlsState.Closed, pair.Server.State);
    }

    [Fact]
    public async Task Receive_ReplayedTamperedAndTruncatedRecords_DroppedCountedAndDataFlows()
    {
        await using var pair = new DtlsTestPair();
        await pair.ConnectAsync();
        byte[]? captured = null;
        pair.ClientEnd.DropFilter = d =>
        {
            captured ??= d.ToArray();
            return false;
        };
        var atServer = new Collector(pair.Server, 2);
        await pair.Client.SendAsync("original"u8.ToArray());
        pair.ClientEnd.DropFilter = null;
        long droppedBefore = pair.Server.DroppedDatagrams;
        byte[] tampered = (byte[])captured!.Clone();
        tampered[^1] ^= 0x80;

        await pair.ClientEnd.SendAsync(captured);
        await pair.ClientEnd.SendAsync(tampered);
        await pair.ClientEnd.SendAsync(captured.AsMemory(0, captured.Length - 1));
        await pair.ClientEnd.SendAsync(captured.AsMemory(0, 10));
        await pair.Client.SendAsync("after"u8.ToArray());

        // The pipe delivers in order and we open records as they arrive, so "after" comes last.
        await atServer.Done.WaitAsync(DtlsTestPair.Guard);
        Assert.Equal(["original"u8.ToArray(), "after"u8.ToArray()], atServer.Received.Take(2));
        Assert.True(pair.Server.DroppedDatagrams >= droppedBefore + 4);
        Assert.Equal(DtlsState.Connected, pair.Server.State);
    }

    [Fact]
    public async Task ConnectAsync_ServerFinishedLostAfterServerSentData_RetransmittedFinishedGetsANewerNumber()
    {
        await using var pair = new DtlsTestPair();
        var serverEpochOne = new ConcurrentQueue<DtlsRecordHeader>();
        int finishedSeen = 0;
        bool clientFinalFlightPassed = false;
        bool serverSentData = false;
        // RFC 6347 §4.2.4: the server's Finished is lost; it then sends data, and only afterwards does the
        // client's retransmitted final flight reach it, so BouncyCastle answers after our record took a number.
        pair.ServerEnd.DropFilter = d =>
        {
            DtlsRecordWire.Headers(d.Span).Where(h => h.Epoch == 1).ToList().ForEach(serverEpochOne.Enqueue);
            return DtlsRecordWire.HasFinished(d) && Interlocked.Increment(ref finishedSeen) == 1;
        };
        pair.ClientEnd.DropFilter = d =>
        {
            if (!Volatile.Read(ref clientFinalFlightPassed))
            {
                Volatile.Write(ref clientFinalFlightPassed, DtlsRecordWire.HasFinished(d));
                return false;
            }

            return !Volatile.Read(ref serverSentData);
        };
        Task client = pair.Client.ConnectAsync(DtlsTestPair.ServerCertificate.Fingerprint);

        await pair.Server.ConnectAsync(DtlsTestPair.ClientCertificate.Fingerprint).WaitAsync(DtlsTestPair.Guard);
        await pair.Server.SendAsync("early"u8.ToArray());
        Volatile.Write(ref serverSentData, true);
        await client.WaitAsync(DtlsTestPair.Guard);
        Task<byte[]> atClient = DtlsTestPair.NextReceived(pair.Client);
        await pair.Server.SendAsync("after recovery"u8.ToArray());

        Assert.Equal("after recovery"u8.ToArray(), await atClient.WaitAsync(DtlsTestPair.Guard));
        DtlsRecordHeader[] sent = [.. serverEpochOne];
        ulong early = sent.First(h => h.ContentType == DtlsRecordHeader.ApplicationData).SequenceNumber;
        DtlsRecordHeader[] finished = sent.Where(h => h.ContentType == 22).ToArray();
        Assert.True(finished.Length >= 2);
        Assert.True(finished[0].SequenceNumber < early);
        Assert.All(finished.Skip(1), f => Assert.True(f.SequenceNumber > early));
        Assert.Equal(sent.Length, sent.Select(h => h.SequenceNumber).Distinct().Count());
    }

    private static DtlsOptions Options(bool bouncyCastle) => bouncyCastle ? DtlsTestPair.BouncyCastleOptions : DtlsTestPair.FastOptions;

    private static byte[] Payload(int index, int maxSize)
    {
        byte[] payload = new byte[1 + (index * 37 % maxSize)];
        new Random(index).NextBytes(payload);
        return payload;
    }

    /// <summary>Collects what a transport raises until <c>count</c> datagrams arrived.</summary>
    private sealed class Collector
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<byte[]> _received = [];

        public Collector(DtlsTransport transport, int count) => transport.Received += data =>
        {
            lock (_received)
            {
                _received.Add(data.ToArray());
                if (_received.Count == count)
                {
                    _done.TrySetResult();
                }
            }
        };

        public Task Done => _done.Task;

        public IReadOnlyList<byte[]> Received
        {
            get
            {
                lock (_received)
                {
                    return [.. _received];
                }
            }
        }
    }
}
