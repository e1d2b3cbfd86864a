using System.Net;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.DataChannelThroughput;

/// <summary>Two of our peer connections, one on each veth host of the namespace, over real UDP.</summary>
internal sealed class OurPair : ITransfer
{
    private readonly PeerConnection _offerer;
    private readonly PeerConnection _answerer;
    private readonly RtcDataChannel _sending;
    private readonly RtcDataChannel _receiving;

    private OurPair(PeerConnection offerer, PeerConnection answerer, RtcDataChannel sending, RtcDataChannel receiving)
    {
        _offerer = offerer;
        _answerer = answerer;
        _sending = sending;
        _receiving = receiving;
    }

    public static async Task<OurPair> OpenAsync()
    {
        var offerer = new PeerConnection(new PeerConnectionOptions { LocalAddresses = [IPAddress.Parse("10.77.0.1")] });
        var answerer = new PeerConnection(new PeerConnectionOptions { LocalAddresses = [IPAddress.Parse("10.77.0.2")] });
        try
        {
            var incoming = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            offerer.IceCandidate += c => answerer.AddIceCandidate(c);
            answerer.IceCandidate += c => offerer.AddIceCandidate(c);
            answerer.DataChannel += incoming.SetResult;
            var sending = offerer.CreateDataChannel(Transfers.Label);

            var offer = offerer.CreateOffer();
            offerer.SetLocalDescription(offer);
            answerer.SetRemoteDescription(offer);
            var answer = answerer.CreateAnswer();
            answerer.SetLocalDescription(answer);
            offerer.SetRemoteDescription(answer);

            await Transfers.WaitOpenAsync(sending);
            var receiving = await incoming.Task.WaitAsync(Transfers.Timeout);
            await Transfers.WaitOpenAsync(receiving);
            return new OurPair(offerer, answerer, sending, receiving);
        }
        catch
        {
            await offerer.DisposeAsync();
            await answerer.DisposeAsync();
            throw;
        }
    }

    public async Task<Delivery> RunAsync(int count, int size)
    {
        var receiver = new OurReceiver(_receiving, count);
        await OurSender.SendAsync(_sending, count, size, Transfers.Timeout);
        try
        {
            return await receiver.WaitAsync(Transfers.Timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"C# receiver got {receiver.Describe()}", e);
        }
    }

    public IReadOnlyList<OurEndStats> OurEnds() =>
        [.. new[] { _offerer, _answerer }.Select(OurEndStats.Of).OfType<OurEndStats>()];

    public async ValueTask DisposeAsync()
    {
        await _offerer.DisposeAsync();
        await _answerer.DisposeAsync();
    }
}
