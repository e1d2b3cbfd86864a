using System.Runtime.InteropServices;
using System.Text;

namespace Tandem.Testing.Shaping;

/// <summary>
/// The user-space half of a <see cref="ShapedNetwork"/> (this kernel has no netem): a TUN device that the
/// router sends every packet between glasses and app through. Each packet read from it is held for
/// <see cref="OneWayDelay"/> and written back, which the kernel takes as a packet received on the device and
/// routes on to its destination. UDP packets (media, ICE) may be dropped on the way: at random with
/// <see cref="LossRate"/>, or all of them while an outage lasts; TCP (signaling) is only delayed.
/// One thread reads and writes; a constant delay keeps the packets in order, so a FIFO is the whole queue.
/// </summary>
internal sealed partial class TunImpairment : IDisposable
{
    private const int IffTun = 0x0001;
    private const int IffNoPi = 0x1000;
    private const uint TunSetIff = 0x400454ca;
    private const short PollIn = 0x0001;
    private const byte Udp = 17;

    private readonly int _fd;
    private readonly Thread _thread;
    private readonly Queue<(long Due, byte[] Packet, int Length)> _held = new();
    private readonly Random _random = new(15);
    private volatile bool _stop;
    private long _outageUntil;
    private long _dropped;
    private long _forwarded;

    private TunImpairment(int fd, string name)
    {
        _fd = fd;
        Name = name;
        _thread = new Thread(Run) { IsBackground = true, Name = "tun impairment " + name };
        _thread.Start();
    }

    /// <summary>The device's name (in this namespace until the caller moves it).</summary>
    public string Name { get; }

    /// <summary>How long each packet is held, each way (half the added round-trip time).</summary>
    public TimeSpan OneWayDelay { get; set; }

    /// <summary>The share of UDP packets dropped at random, 0..1.</summary>
    public double LossRate { get; set; }

    /// <summary>UDP packets dropped so far (random loss and outages).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Packets written back so far.</summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Creates the device <paramref name="name"/> (at most 15 characters) and starts relaying.</summary>
    public static TunImpairment Create(string name)
    {
        var fd = Open("/dev/net/tun", 2 /* O_RDWR */);
        if (fd < 0)
        {
            throw new InvalidOperationException($"cannot open /dev/net/tun (errno {Marshal.GetLastPInvokeError()}): the shaping harness needs root and the tun module");
        }

        // linux/if.h: struct ifreq { char ifr_name[16]; union { short ifr_flags; ... } } (40 bytes on x86-64).
        var request = new byte[40];
        Encoding.ASCII.GetBytes(name, request);
        BitConverter.TryWriteBytes(request.AsSpan(16), (short)(IffTun | IffNoPi));
        if (IoControl(fd, TunSetIff, request) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Close(fd);
            throw new InvalidOperationException($"TUNSETIFF {name} failed (errno {errno})");
        }

        return new TunImpairment(fd, name);
    }

    /// <summary>Drops every UDP packet for <paramref name="duration"/> from now (a link that goes dead and comes back).</summary>
    public void StartOutage(TimeSpan duration) =>
        Interlocked.Exchange(ref _outageUntil, Environment.TickCount64 + (long)duration.TotalMilliseconds);

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        Close(_fd);
    }

    private void Run()
    {
        var buffer = new byte[65536];
        var poll = new PollFd { Fd = _fd, Events = PollIn };
        while (!_stop)
        {
            var now = Environment.TickCount64;
            while (_held.TryPeek(out var next) && next.Due <= now)
            {
                _held.Dequeue();
                if (Write(_fd, next.Packet, next.Length) == next.Length)
                {
                    Interlocked.Increment(ref _forwarded);
                }
            }

            var wait = _held.TryPeek(out var first) ? (int)Math.Clamp(first.Due - now, 0, 50) : 50;
            if (Poll(ref poll, 1, wait) <= 0 || (poll.Revents & PollIn) == 0)
            {
                continue;
            }

            var length = (int)Read(_fd, buffer, buffer.Length);
            if (length < 20)
            {
                continue;
            }

            if (buffer[9] == Udp && Dropping(Environment.TickCount64))
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }

            _held.Enqueue((Environment.TickCount64 + (long)OneWayDelay.TotalMilliseconds, buffer[..length], length));
        }
    }

    private bool Dropping(long now) => now < Interlocked.Read(ref _outageUntil) || (LossRate > 0 && _random.NextDouble() < LossRate);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoControl(int fd, uint request, byte[] argument);

    [LibraryImport("libc", EntryPoint = "poll")]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "read")]
    private static partial nint Read(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write")]
    private static partial nint Write(int fd, byte[] buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
