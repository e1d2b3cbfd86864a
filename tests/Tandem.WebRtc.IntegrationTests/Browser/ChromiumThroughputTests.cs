using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>
/// Chromium to Chromium data-channel throughput on the namespace's veth: the baseline for
/// C# to Chromium. The figure goes to the test output; only delivery is asserted.
/// </summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChromiumThroughputTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private const int MessageSize = 64 * 1024;

    [Fact]
    public async Task Flood_64KiBMessagesFor3Seconds_AllArriveInOrder()
    {
        await using var pair = await ChromiumPair.OpenAsync(chromium);
        await pair.Offerer.CreateDataChannelAsync("flood");
        await pair.ConnectAsync();
        await pair.Answerer.WaitForChannelStateAsync("flood", "open");

        var sent = await pair.Offerer.FloodAsync("flood", MessageSize, TimeSpan.FromSeconds(3));
        var received = await pair.Answerer.WaitForMessagesAsync("flood", sent);

        Assert.Equal(sent, received.Count);
        Assert.Equal((long)sent * MessageSize, received.Bytes);
        Assert.Equal(0, received.SequenceBreaks);
        Assert.Equal(0, received.PatternErrors);
        var stats = await pair.Answerer.GetStatsAsync();
        Assert.Equal(sent, BrowserStats.Number(stats.DataChannel("flood"), "messagesReceived"));
        var seconds = (received.LastAtMs!.Value - received.FirstAtMs!.Value) / 1000;
        output.WriteLine($"Chromium -> Chromium, {MessageSize} B messages: {sent} in {seconds:F2} s = {received.Bytes / seconds / 1e6:F1} MB/s");
    }
}
