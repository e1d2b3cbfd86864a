using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Tandem.Server.Cluster;

/// <summary>
/// The node's heartbeat writer: a connection of its own to Redis with blocking socket calls, used by the
/// heartbeat thread only. StackExchange.Redis completes every read and write through the thread pool,
/// which a loaded machine starves for seconds; blocking calls on a dedicated thread need nothing but the
/// CPU. Plain TCP with optional AUTH and SELECT; for any other configuration (TLS, a proxy or tunnel)
/// <see cref="Supports"/> is false and the heartbeat goes through the multiplexer.
/// </summary>
internal sealed class HeartbeatConnection : IDisposable
{
    private readonly ConfigurationOptions _options;
    private readonly byte[] _reply = new byte[512];
    private Socket? _socket;

    public HeartbeatConnection(ConfigurationOptions options) => _options = options;

    /// <summary>True when this configuration can be served by a plain socket.</summary>
    public static bool Supports(ConfigurationOptions options) =>
        !options.Ssl && options.Tunnel is null && options.Proxy == Proxy.None && options.EndPoints.Count == 1;

    /// <summary>
    /// Writes the node's heartbeat (RESP: <c>SET alive 1 PX ttl</c>, <c>HSET nodes node info</c>) and waits
    /// for both answers, connecting first if needed. False on any failure; the next call connects again.
    /// </summary>
    public bool TryWrite(string aliveKey, TimeSpan ttl, string nodesKey, string nodeId, string info)
    {
        try
        {
            _socket ??= Connect();
            var ms = ((long)ttl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            Send(_socket, Command("SET", aliveKey, "1", "PX", ms) + Command("HSET", nodesKey, nodeId, info));
            return ReadReplies(_socket, 2);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            Close();
            return false;
        }
    }

    public void Dispose() => Close();

    private Socket Connect()
    {
        var endPoint = _options.EndPoints[0];
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            SendTimeout = _options.SyncTimeout,
            ReceiveTimeout = _options.SyncTimeout,
        };
        try
        {
            ConnectWithin(socket, Resolve(endPoint), _options.ConnectTimeout);
            var setup = new StringBuilder();
            var replies = 0;
            if (_options.Password is { } password)
            {
                setup.Append(_options.User is { } user ? Command("AUTH", user, password) : Command("AUTH", password));
                replies++;
            }

            if (_options.DefaultDatabase is { } database and not 0)
            {
                setup.Append(Command("SELECT", database.ToString(CultureInfo.InvariantCulture)));
                replies++;
            }

            if (replies > 0)
            {
                Send(socket, setup.ToString());
                if (!ReadReplies(socket, replies))
                {
                    throw new IOException("Redis refused the heartbeat connection's AUTH or SELECT");
                }
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IPEndPoint Resolve(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => ip,
        DnsEndPoint dns => new IPEndPoint(Dns.GetHostAddresses(dns.Host) is [var first, ..] ? first : throw new SocketException((int)SocketError.HostNotFound), dns.Port),
        _ => throw new SocketException((int)SocketError.AddressFamilyNotSupported),
    };

    /// <summary>A connect that gives up after <paramref name="timeoutMs"/> without the thread pool (Socket's own timeouts use it).</summary>
    private static void ConnectWithin(Socket socket, IPEndPoint endPoint, int timeoutMs)
    {
        socket.Blocking = false;
        try
        {
            socket.Connect(endPoint);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            if (!socket.Poll(TimeSpan.FromMilliseconds(timeoutMs), SelectMode.SelectWrite))
            {
                throw new SocketException((int)SocketError.TimedOut);
            }

            if (socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is int error and not 0)
            {
                throw new SocketException(error);
            }
        }

        socket.Blocking = true;
    }

    private static string Command(params string[] parts)
    {
        // RESP2 §Sending commands: an array of bulk strings.
        var text = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        return text.ToString();
    }

    private static void Send(Socket socket, string commands)
    {
        var bytes = Encoding.UTF8.GetBytes(commands);
        for (var sent = 0; sent < bytes.Length;)
        {
            sent += socket.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
        }
    }

    /// <summary>Reads <paramref name="count"/> one-line replies (<c>+OK</c>, <c>:1</c>); false when one is an error (<c>-ERR</c>).</summary>
    private bool ReadReplies(Socket socket, int count)
    {
        var ok = true;
        var atLineStart = true;
        while (count > 0)
        {
            var read = socket.Receive(_reply);
            if (read == 0)
            {
                throw new IOException("Redis closed the heartbeat connection");
            }

            for (var i = 0; i < read && count > 0; i++)
            {
                if (atLineStart && _reply[i] == (byte)'-')
                {
                    ok = false;
                }

                atLineStart = _reply[i] == (byte)'\n';
                if (atLineStart)
                {
                    count--;
                }
            }
        }

        return ok;
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }
}
