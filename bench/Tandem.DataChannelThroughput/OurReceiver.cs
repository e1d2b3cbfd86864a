using System.Diagnostics;
using Tandem.WebRtc.DataChannels;

namespace Tandem.DataChannelThroughput;

/// <summary>Counts and checks the numbered messages our channel receives; completes after <c>expected</c> of them.</summary>
internal sealed class OurReceiver
{
    private readonly int _expected;
    private readonly TaskCompletionSource<Delivery> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _messages;
    private long _bytes;
    private long _nextSeq;
    private int _sequenceBreaks;
    private int _patternErrors;
    private long _firstAt;
    private long _lastAt;

    public OurReceiver(RtcDataChannel channel, int expected)
    {
        _expected = expected;
        channel.MessageReceived += OnMessage;
    }

    public Task<Delivery> WaitAsync(TimeSpan timeout) => _done.Task.WaitAsync(timeout);

    /// <summary>What arrived so far (for a timeout message).</summary>
    public string Describe() => $"{Volatile.Read(ref _messages)} of {_expected} messages";

    // Events of one channel are raised one at a time, in order (RtcDataChannel), so no lock is needed.
    private void OnMessage(RtcDataChannelMessage message)
    {
        var now = Stopwatch.GetTimestamp();
        if (_messages == 0)
        {
            _firstAt = now;
        }

        _lastAt = now;
        _bytes += message.Data.Length;
        if (!NumberedPayload.TryRead(message.Data, out var seq, out var patternOk) || !patternOk)
        {
            _patternErrors++;
        }

        if (seq != _nextSeq)
        {
            _sequenceBreaks++;
        }

        _nextSeq = seq + 1L;
        if (Interlocked.Increment(ref _messages) == _expected)
        {
            _done.TrySetResult(new Delivery(
                _messages, _bytes, _sequenceBreaks, _patternErrors,
                _firstAt / (double)Stopwatch.Frequency, _lastAt / (double)Stopwatch.Frequency));
        }
    }
}
