using System.Text;
using Tandem.WebRtc.DataChannels;

namespace Tandem.Fuzz.Targets.Seeds;

public static partial class SeedWriter
{
    private static List<(string, byte[])> Signaling()
    {
        const string Time = "1767225600000000";
        string sdp = "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\nm=video 9 UDP/TLS/RTP/SAVPF 96\\r\\na=rtpmap:96 H264/90000\\r\\n";
        return
        [
            ("join.json", Utf8($"{{\"type\":\"join\",\"device_id\":\"glasses_u1\",\"from\":\"glasses_u1\",\"to\":\"server\",\"time\":{Time}}}")),
            ("leave.json", Utf8($"{{\"type\":\"leave\",\"device_id\":\"app_u1\",\"from\":\"app_u1\",\"to\":\"server\",\"time\":{Time}}}")),
            ("offer.json", Utf8($"{{\"type\":\"offer\",\"device_id\":\"glasses_u1\",\"from\":\"glasses_u1\",\"to\":\"app_u1\",\"time\":{Time},\"data\":{{\"type\":\"offer\",\"sdp\":\"{sdp}\"}}}}")),
            ("answer.json", Utf8($"{{\"to\":\"glasses_u1\",\"data\":{{\"type\":\"answer\",\"sdp\":\"{sdp}\",\"nested\":[1,-2.5e3,true,false,null,\"\\u00e9\"]}},\"type\":\"answer\",\"device_id\":\"app_u1\",\"from\":\"app_u1\",\"time\":{Time}}}")),
            ("ice.json", Utf8($"{{\"type\":\"ice\",\"device_id\":\"app_u1\",\"from\":\"app_u1\",\"to\":\"glasses_u1\",\"time\":{Time},\"data\":{{\"candidate\":\"candidate:1 1 udp 2122260223 10.77.0.1 50000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}},\"extra\":{{}}}}")),
            ("unknown-type.json", Utf8($"{{\"type\":\"hello\",\"device_id\":\"app_u1\",\"from\":\"app_u1\",\"to\":\"server\",\"time\":{Time}}}")),
            ("duplicate-field.json", Utf8($"{{\"type\":\"join\",\"type\":\"join\",\"device_id\":\"app_u1\",\"from\":\"app_u1\",\"to\":\"server\",\"time\":1.5}}")),
            ("escaped.json", Utf8("{\"t\\u0079pe\":\"join\",\"device_id\":\"app_\\u0075\",\"from\":\"app_u\",\"to\":\"server\",\"time\":-1}")),
            ("deep.json", Utf8("{\"type\":\"ice\",\"data\":" + new string('[', 70) + new string(']', 70) + "}")),
            ("array.json", Utf8("[{\"type\":\"join\"}]")),
        ];
    }

    private static List<(string, byte[])> Dcep()
    {
        var list = new List<(string, byte[])> { ("ack.bin", [DcepOpenMessage.AckMessageType]) };
        foreach (DcepChannelType type in Enum.GetValues<DcepChannelType>())
        {
            var open = new DcepOpenMessage(type, 256, 3, "chat é", "json");
            var buffer = new byte[open.Length];
            open.WriteTo(buffer);
            list.Add(($"open-{type}.bin", buffer));
        }

        return list;
    }

    private static List<(string, byte[])> Sdp(string repositoryRoot)
    {
        var list = new List<(string, byte[])>();
        foreach (string folder in new[] { "tests/Tandem.WebRtc.Tests/Sdp/Data", "tests/Tandem.WebRtc.IntegrationTests/Browser/Data" })
        {
            foreach (string file in Directory.GetFiles(Path.Combine(repositoryRoot, folder), "*.sdp"))
            {
                list.Add((Path.GetFileName(file), File.ReadAllBytes(file)));
            }
        }

        return list;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
