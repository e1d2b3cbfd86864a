using System.Buffers.Binary;

namespace Tandem.Media.Tests.Support;

/// <summary>A minimal test-side Ogg demuxer (RFC 3533): returns the packets of the first logical stream.</summary>
internal static class OggPacketReader
{
    public static List<byte[]> ReadPackets(byte[] file)
    {
        var packets = new List<byte[]>();
        var current = new List<byte>();
        int offset = 0;
        while (offset + 27 <= file.Length)
        {
            Assert.True(file.AsSpan(offset, 4).SequenceEqual("OggS"u8));
            int segments = file[offset + 26];
            int body = offset + 27 + segments;
            for (int i = 0; i < segments; i++)
            {
                int length = file[offset + 27 + i];
                current.AddRange(file.AsSpan(body, length).ToArray());
                body += length;
                if (length < 255)
                {
                    packets.Add([.. current]);
                    current.Clear();
                }
            }

            offset = body;
        }

        return packets;
    }

    public static long LastGranule(byte[] file)
    {
        long granule = -1;
        int offset = 0;
        while (offset + 27 <= file.Length)
        {
            granule = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(offset + 6));
            int segments = file[offset + 26];
            int body = 0;
            for (int i = 0; i < segments; i++)
            {
                body += file[offset + 27 + i];
            }

            offset += 27 + segments + body;
        }

        return granule;
    }
}
