using System.Buffers;
using Tandem.WebRtc.DataChannels;

namespace Tandem.DataChannelThroughput;

/// <summary>
/// Sends numbered messages on our channel with the browser page's flow control: whenever more than
/// <see cref="HighWater"/> bytes are buffered, wait for bufferedamountlow at <see cref="LowWater"/>.
/// </summary>
internal static class OurSender
{
    /// <summary>The page's limits (peer.js sendWithFlowControl), so every sender works the same way.</summary>
    public const int HighWater = 1024 * 1024;

    public const int LowWater = 256 * 1024;

    public static async Task SendAsync(RtcDataChannel channel, int count, int size, TimeSpan stallTimeout)
    {
        TaskCompletionSource? waiter = null;
        channel.BufferedAmountLowThreshold = LowWater;
        channel.BufferedAmountLow += () => Interlocked.Exchange(ref waiter, null)?.TrySetResult();
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            for (var seq = 0; seq < count; seq++)
            {
                if (channel.BufferedAmount > HighWater)
                {
                    // Register first, then re-check: a low event between the check and the wait is not lost.
                    var low = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    Volatile.Write(ref waiter, low);
                    if (channel.BufferedAmount > LowWater)
                    {
                        await low.Task.WaitAsync(stallTimeout);
                    }

                    Volatile.Write(ref waiter, null);
                }

                NumberedPayload.Write((uint)seq, buffer.AsSpan(0, size));
                channel.Send(buffer.AsSpan(0, size));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
