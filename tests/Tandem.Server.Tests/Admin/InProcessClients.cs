using System.Globalization;
using System.Text;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Hub;
using Tandem.Signaling.Protocol;

namespace Tandem.Server.Tests.Admin;

/// <summary>
/// Fills a hub with many paired rooms without sockets: each client's connection delivers its
/// messages straight away. Used to check that the admin page stays usable with 1000 rooms.
/// </summary>
internal static class InProcessClients
{
    public static void PairRooms(SignalingHub hub, int rooms)
    {
        for (var i = 0; i < rooms; i++)
        {
            var uid = "load" + i.ToString("D4", CultureInfo.InvariantCulture);
            foreach (var device in new[] { "glasses_" + uid, "app_" + uid })
            {
                var client = hub.Connect("127.0.0.2:" + (10000 + i).ToString(CultureInfo.InvariantCulture), c => new DeliveringConnection(hub, c));
                var join = $"{{\"type\":\"join\",\"device_id\":\"{device}\",\"from\":\"{device}\",\"to\":\"server\",\"time\":1732442082000000}}";
                hub.Receive(client, Encoding.UTF8.GetBytes(join));
            }
        }
    }

    private sealed class DeliveringConnection(SignalingHub hub, SignalingClient client) : ISignalingConnection
    {
        public void Send(OutboundMessage message)
        {
            hub.Delivered(client, message);
            message.Release();
        }

        public void Close(int closeCode, string reason) => hub.Disconnected(client, "closed " + closeCode.ToString(CultureInfo.InvariantCulture));

        // Nothing is ever queued: Send delivers at once.
        public void DropQueued()
        {
        }
    }
}
