using System.Buffers;

namespace Tandem.WebRtc.Dtls;

internal sealed partial class DtlsTransport
{
    // RFC 6347 §4.1: a record lies within one datagram, and the adapter passes none larger than 2048 bytes.
    private const int MaxRecordPlaintext = 2048;

    /// <summary>
    /// Once BouncyCastle's handshake has returned (so it is not sending), takes over application data of
    /// epoch 1. Our first sequence number follows the last one BouncyCastle used (its Finished and any
    /// retransmissions), and from then on every epoch-1 record BouncyCastle still writes (a retransmitted
    /// Finished, an alert) is resealed under our counter: one sequence space, no number used twice, and
    /// the peer's replay window accepts BouncyCastle's late records as the newest.
    /// </summary>
    private void EnableRecordProtection(DtlsHandshakeContext handshake)
    {
        if (Options.BouncyCastleRecordLayer || handshake.RecordKeys is not { } keys)
        {
            return;
        }

        ulong highest = _adapter.HighestSentEpochAndSequence;
        ulong first = highest >> 48 == 1 ? (highest & DtlsRecordHeader.MaxSequenceNumber) + 1 : 0;
        _plaintext = new byte[MaxRecordPlaintext];
        _records = keys.CreateProtection(first);
        _adapter.Intercept(OnRecordsReceived, OnBouncyCastleSend);
    }

    /// <summary>
    /// On the lower transport's receive thread. Records of our epoch are authenticated here first: application
    /// data is raised at once; other authentic records (alerts, a retransmitted Finished) and application data
    /// that came before Connected was announced go to BouncyCastle. Of epoch 0, only handshake records reach
    /// BouncyCastle, and only on the server, which must answer a client's retransmitted final flight
    /// (RFC 6347 §4.2.4). Everything else is discarded and counted (RFC 6347 §4.1.2.7: invalid records are
    /// silently discarded): BouncyCastle would answer a garbled record of the current epoch with a fatal
    /// alert, so one spoofed datagram from the peer's address must never reach it.
    /// </summary>
    private void OnRecordsReceived(ReadOnlySpan<byte> datagram)
    {
        DtlsRecordProtection records = _records!;
        while (!datagram.IsEmpty)
        {
            if (!DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header))
            {
                Interlocked.Increment(ref _recordsRejected);
                return;
            }

            ReadOnlySpan<byte> record = datagram[..header.RecordLength];
            datagram = datagram[header.RecordLength..];
            if (header.Epoch == records.Epoch)
            {
                ReceiveProtected(records, header.ContentType, record);
            }
            else if (header.Epoch == 0 && header.ContentType == DtlsRecordHeader.Handshake && Role == DtlsRole.Server)
            {
                _adapter.Enqueue(record);
            }
            else
            {
                Interlocked.Increment(ref _recordsRejected);
            }
        }
    }

    private void ReceiveProtected(DtlsRecordProtection records, byte contentType, ReadOnlySpan<byte> record)
    {
        lock (_receiveLock)
        {
            if (State is DtlsState.Closed or DtlsState.Failed
                || records.Unprotect(record, _plaintext, out _, out int length) != DtlsRecordStatus.Ok)
            {
                Interlocked.Increment(ref _recordsRejected);
                return;
            }

            if (contentType == DtlsRecordHeader.ApplicationData && _delivering)
            {
                Deliver(_plaintext.AsSpan(0, length));
                return;
            }
        }

        _adapter.Enqueue(record);
    }

    /// <summary>Protects one application payload on the caller's thread and sends it.</summary>
    private void SendRecord(DtlsRecordProtection records, ReadOnlySpan<byte> payload)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(payload.Length + DtlsRecordProtection.Overhead);
        try
        {
            // Numbered and handed down under one lock, so records leave in sequence order: a sender
            // descheduled in between could otherwise fall behind the peer's 64-record replay window
            // (RFC 6347 §4.1.2.6) and be discarded. The lower send does not block (UDP, ICE is lock-free).
            lock (_recordWriteLock)
            {
                if (records.Protect(DtlsRecordHeader.ApplicationData, payload, buffer, out int length) != OperationStatus.Done)
                {
                    // RFC 6347 §4.1: the sequence number must not wrap; without renegotiation the association
                    // ends (the catch below fails the transport).
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw new IOException("the record sequence numbers of epoch 1 are exhausted.");
                }

                _adapter.SendPooled(buffer, length);
            }
        }
        catch (IOException ex)
        {
            Fail($"DTLS send failed: {ex.Message}");
            throw;
        }

        Interlocked.Increment(ref _packetsSent);
        Interlocked.Add(ref _bytesSent, payload.Length);
    }

    /// <summary>
    /// BouncyCastle is sending (on its thread, under <see cref="_bouncyCastleLock"/>): epoch-0 records go
    /// out unchanged, epoch-1 records are resealed under our sequence counter (see <see cref="EnableRecordProtection"/>).
    /// </summary>
    private void OnBouncyCastleSend(ReadOnlySpan<byte> datagram)
    {
        DtlsRecordProtection records = _records!;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        int written = 0;
        lock (_recordWriteLock)
        {
            while (DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader header))
            {
                ReadOnlySpan<byte> record = datagram[..header.RecordLength];
                datagram = datagram[header.RecordLength..];
                Span<byte> destination = buffer.AsSpan(written);
                if (header.Epoch != records.Epoch)
                {
                    record.CopyTo(destination);
                    written += record.Length;
                }
                else if (records.Reseal(record, destination, out int length) == OperationStatus.Done)
                {
                    written += length;
                }
            }

            if (written == 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return;
            }

            // In sequence order with our own records, as in SendRecord.
            _adapter.SendPooled(buffer, written);
        }
    }
}
