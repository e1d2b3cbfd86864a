using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tandem.Testing;

/// <summary>
/// Serves the static test page(s) over http from 127.0.0.1: Chromium gives about:blank no
/// navigator.mediaDevices, and a loopback http origin counts as a secure context.
/// GET of a plain file name in <c>root</c> only; every response closes the connection.
/// </summary>
public sealed class PageServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _root;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private PageServer(string root, IPAddress address)
    {
        _root = root;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        BaseUri = new Uri($"http://{address}:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    /// <summary>The server's origin, ending in '/'.</summary>
    public Uri BaseUri { get; }

    /// <summary>
    /// Starts serving the files of <paramref name="root"/> on an ephemeral port of <paramref name="address"/>
    /// (loopback by default; another address is no secure context unless Chromium is told to treat it as one).
    /// </summary>
    public static PageServer Start(string root, IPAddress? address = null) => new(root, address ?? IPAddress.Loopback);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The accept loop ends by cancellation or by the stopped listener: both are the normal stop.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(cancel);
            _ = ServeAsync(client, cancel);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancel)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var path = await ReadRequestPathAsync(stream, cancel);
                var file = path is null ? null : Resolve(path);
                if (file is null)
                {
                    await WriteAsync(stream, "404 Not Found", "text/plain", Encoding.ASCII.GetBytes("not found"), cancel);
                    return;
                }

                var body = await File.ReadAllBytesAsync(file, cancel);
                await WriteAsync(stream, "200 OK", ContentType(file), body, cancel);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // A browser that drops a connection (or a stopping server) is not a test failure.
            }
        }
    }

    private static async Task<string?> ReadRequestPathAsync(NetworkStream stream, CancellationToken cancel)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancel);
            if (read == 0)
            {
                return null;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        // Request line: "GET /peer.js HTTP/1.1".
        var line = Encoding.ASCII.GetString(buffer, 0, length).Split("\r\n")[0].Split(' ');
        return line.Length == 3 && line[0] == "GET" ? line[1].Split('?')[0] : null;
    }

    private string? Resolve(string path)
    {
        var name = path.TrimStart('/');
        var plain = name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') && !name.StartsWith('.');
        var file = Path.Combine(_root, name);
        return plain && File.Exists(file) ? file : null;
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    };

    private static async Task WriteAsync(NetworkStream stream, string status, string contentType, byte[] body, CancellationToken cancel)
    {
        var head = $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n" +
            "Cache-Control: no-store\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancel);
        await stream.WriteAsync(body, cancel);
    }
}
