using Tandem.WebRtc.IntegrationTests.Browser;

namespace Tandem.DataChannelThroughput;

/// <summary>Two Chromium pages: the baseline. The offerer's page sends, the answerer's page receives.</summary>
internal sealed class ChromiumOnlyPair(ChromiumPair pair) : ITransfer
{
    public static async Task<ChromiumOnlyPair> OpenAsync(ChromiumFixture chromium)
    {
        var pair = await ChromiumPair.OpenAsync(chromium);
        try
        {
            await pair.Offerer.CreateDataChannelAsync(Transfers.Label);
            await pair.ConnectAsync();
            await pair.Offerer.WaitForChannelStateAsync(Transfers.Label, "open", Transfers.Timeout);
            await pair.Answerer.WaitForChannelStateAsync(Transfers.Label, "open", Transfers.Timeout);
            return new ChromiumOnlyPair(pair);
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    public async Task<Delivery> RunAsync(int count, int size)
    {
        await pair.Offerer.SendNumberedAsync(Transfers.Label, count, size, binary: true, Transfers.Timeout);
        return Transfers.ToDelivery(await pair.Answerer.WaitForMessagesAsync(Transfers.Label, count, Transfers.Timeout));
    }

    public IReadOnlyList<OurEndStats> OurEnds() => [];

    public ValueTask DisposeAsync() => pair.DisposeAsync();
}
