using System.Text;
using Tandem.Load.Net;

namespace Tandem.Load.Tests.Net;

/// <summary>Records what a <see cref="WebSocketClient"/> reports.</summary>
internal sealed class RecordingHandler : IWebSocketHandler
{
    private readonly Lock _gate = new();
    private readonly List<string> _messages = [];
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public int? CloseStatus { get; private set; }

    public string? Failure { get; private set; }

    /// <summary>Completes when the client reported a close or a failure.</summary>
    public Task Ended => _ended.Task;

    public void OnText(ReadOnlySpan<byte> message, long receivedAt)
    {
        lock (_gate)
        {
            _messages.Add(Encoding.UTF8.GetString(message));
        }
    }

    public void OnClosed(int? status)
    {
        CloseStatus = status;
        _ended.TrySetResult();
    }

    public void OnFailed(string key)
    {
        Failure = key;
        _ended.TrySetResult();
    }
}
