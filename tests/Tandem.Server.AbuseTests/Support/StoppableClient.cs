using System.Diagnostics;

namespace Tandem.Server.AbuseTests.Support;

/// <summary>
/// A signaling client in a child process (Debian's Python, standard library only): it joins, answers
/// pings and prints what it receives, until the test stops it with SIGSTOP. Stopped, its kernel still
/// acknowledges TCP, so its connection looks open while nothing answers: a half-open peer (R4).
/// </summary>
internal sealed class StoppableClient : IDisposable
{
    private const string Script = """
        import base64, os, socket, struct, sys
        port, device = int(sys.argv[1]), sys.argv[2]
        s = socket.create_connection(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall(("GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (port, key)).encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += s.recv(4096)
        buf = buf.split(b"\r\n\r\n", 1)[1]

        def send(opcode, payload):
            mask = os.urandom(4)
            n = len(payload)
            head = bytes([0x80 | opcode]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n))
            s.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

        def take(n):
            global buf
            while len(buf) < n:
                more = s.recv(65536)
                if not more:
                    sys.exit(0)
                buf += more
            out, buf = buf[:n], buf[n:]
            return out

        send(1, ('{"type":"join","device_id":"%s","from":"%s","to":"server","time":1732442082000000}' % (device, device)).encode())
        print("joined", flush=True)
        while True:
            b0, b1 = take(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", take(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", take(8))[0]
            payload = take(n)
            opcode = b0 & 0x0F
            if opcode == 9:
                send(10, payload)
            elif opcode == 8:
                sys.exit(0)
            elif opcode == 1:
                print(payload.decode(), flush=True)
        """;

    private readonly Process _process;
    private bool _disposed;

    private StoppableClient(Process process) => _process = process;

    public static StoppableClient Start(int port, string deviceId)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(deviceId);
        return new StoppableClient(Process.Start(info) ?? throw new InvalidOperationException("python3 did not start"));
    }

    /// <summary>The next line the client printed ("joined", then each text message).</summary>
    public async Task<string> ReadLineAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _process.StandardOutput.ReadLineAsync(limit.Token) ?? throw new InvalidOperationException("the client exited");
    }

    /// <summary>SIGSTOP: the process stops reading and answering, its socket stays open.</summary>
    public void Stop() => Signal("STOP");

    /// <summary>Kills the process (SIGKILL ends a stopped one too).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Signal(string name)
    {
        using var kill = Process.Start("kill", ["-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
