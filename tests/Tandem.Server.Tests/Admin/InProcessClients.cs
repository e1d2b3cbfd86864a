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

    /// <summary>
    /// Pairs <paramref name="rooms"/> rooms whose apps hold what they are sent until released, and has
    /// each room's glasses send its app one ice message: a receiver with one message on its way.
    /// </summary>
    public static List<HoldingConnection> FillWithHeldMessages(SignalingHub hub, int rooms)
    {
        var holders = new List<HoldingConnection>();
        for (var i = 0; i < rooms; i++)
        {
            var uid = "held" + i.ToString("D4", CultureInfo.InvariantCulture);
            var glasses = hub.Connect("127.0.0.3:1", c => new DeliveringConnection(hub, c));
            HoldingConnection? holder = null;
            var app = hub.Connect("127.0.0.3:2", c => holder = new HoldingConnection(hub, c));
            hub.Receive(glasses, Join("glasses_" + uid));
            hub.Receive(app, Join("app_" + uid));
            holder!.Release();
            hub.Receive(glasses, Encoding.UTF8.GetBytes($"{{\"type\":\"ice\",\"device_id\":\"glasses_{uid}\",\"from\":\"glasses_{uid}\",\"to\":\"app_{uid}\",\"data\":{{}},\"time\":1732442082000000}}"));
            holders.Add(holder);
        }

        return holders;
    }

    private static byte[] Join(string device) =>
        Encoding.UTF8.GetBytes($"{{\"type\":\"join\",\"device_id\":\"{device}\",\"from\":\"{device}\",\"to\":\"server\",\"time\":1732442082000000}}");

    /// <summary>A connection that keeps its messages undelivered until <see cref="Release"/>.</summary>
    internal sealed class HoldingConnection(SignalingHub hub, SignalingClient client) : ISignalingConnection
    {
        private readonly List<OutboundMessage> _held = [];

        public void Send(OutboundMessage message)
        {
            lock (_held)
            {
                _held.Add(message);
            }
        }

        public void Close(int closeCode, string reason) => hub.Disconnected(client, "closed " + closeCode.ToString(CultureInfo.InvariantCulture));

        public void DropQueued() => Release(delivered: false);

        /// <summary>Delivers what it holds.</summary>
        public void Release(bool delivered = true)
        {
            List<OutboundMessage> held;
            lock (_held)
            {
                held = [.. _held];
                _held.Clear();
            }

            foreach (var message in held)
            {
                if (delivered)
                {
                    hub.Delivered(client, message);
                }
                else
                {
                    hub.Discarded(client, message);
                }

                message.Release();
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
