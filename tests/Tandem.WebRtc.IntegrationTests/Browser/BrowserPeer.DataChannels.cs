namespace Tandem.WebRtc.IntegrationTests.Browser;

public sealed partial class BrowserPeer
{
    /// <summary>Creates a data channel; labels must be unique per peer (the page keys channels by label).</summary>
    public Task<DataChannelInfo> CreateDataChannelAsync(string label, DataChannelInit? init = null) =>
        CallAsync<DataChannelInfo>("createDataChannel", label, init);

    public Task<DataChannelInfo> GetChannelAsync(string label) => CallAsync<DataChannelInfo>("channel", label);

    /// <summary>Waits until the channel <paramref name="label"/> exists here with readyState <paramref name="readyState"/>.</summary>
    public Task<DataChannelInfo> WaitForChannelStateAsync(string label, string readyState, TimeSpan? timeout = null) =>
        CallAsync<DataChannelInfo>("waitForChannelState", label, readyState, Milliseconds(timeout));

    public Task SendTextAsync(string label, string text) => CallAsync<bool>("send", label, false, text);

    /// <summary>Sends one binary message (crosses the Playwright bridge as base64).</summary>
    public Task SendBinaryAsync(string label, ReadOnlyMemory<byte> data) =>
        CallAsync<bool>("send", label, true, Convert.ToBase64String(data.Span));

    /// <summary>
    /// Sends <paramref name="count"/> numbered messages of <paramref name="size"/> bytes (at least 4
    /// when binary) from the page itself, keeping at most 1 MiB buffered.
    /// </summary>
    public Task<int> SendNumberedAsync(string label, int count, int size, bool binary = true, TimeSpan? timeout = null) =>
        CallAsync<int>("sendNumbered", label, count, size, binary, Milliseconds(timeout));

    /// <summary>Sends numbered binary messages of <paramref name="size"/> bytes for <paramref name="duration"/>; returns how many.</summary>
    public Task<int> FloodAsync(string label, int size, TimeSpan duration, TimeSpan? timeout = null) =>
        CallAsync<int>("flood", label, size, duration.TotalMilliseconds, Milliseconds(timeout));

    public Task CloseChannelAsync(string label) => CallAsync<bool>("closeChannel", label);

    /// <summary>How many received messages each channel keeps for <see cref="GetReceivedAsync"/> (default 16).</summary>
    public Task SetKeepLastAsync(int count) => CallAsync<int>("setKeepLast", count);

    /// <summary>What <paramref name="label"/> received so far, with its last <paramref name="lastN"/> messages.</summary>
    public Task<ReceivedMessages> GetReceivedAsync(string label, int lastN = 0) =>
        CallAsync<ReceivedMessages>("received", label, lastN);

    /// <summary>Waits until <paramref name="label"/> has received at least <paramref name="count"/> messages.</summary>
    public Task<ReceivedMessages> WaitForMessagesAsync(string label, int count, TimeSpan? timeout = null) =>
        CallAsync<ReceivedMessages>("waitForMessages", label, count, Milliseconds(timeout));
}
