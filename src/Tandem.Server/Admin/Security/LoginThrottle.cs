using System.Net;

namespace Tandem.Server.Admin.Security;

/// <summary>
/// Counts wrong admin credentials (login form, Bearer header, unknown cookie) per remote address over
/// the last minute; at <c>Admin:MaxFailedLoginsPerMinute</c> the address is refused with 429 until the
/// oldest failure is a minute old. Online guessing of the token thus runs at that rate per address.
/// </summary>
internal sealed partial class LoginThrottle(AdminOptions options, TimeProvider time, ILogger<LoginThrottle> logger)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Addresses beyond which stale entries are swept, so that guesses from many addresses cannot grow it for ever.
    private const int SweepAbove = 10_000;

    // Requests from many sockets check and record at once; every operation is a few list steps.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="address"/> must wait before its next try; zero when it may try now.</summary>
    public TimeSpan RetryAfter(IPAddress? address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_failures.TryGetValue(Key(address), out var times))
            {
                return TimeSpan.Zero;
            }

            Expire(times, now);
            return times.Count >= options.MaxFailedLoginsPerMinute ? times.Peek() + Window - now : TimeSpan.Zero;
        }
    }

    /// <summary>Records a wrong credential from <paramref name="address"/> and logs it.</summary>
    public void Failed(IPAddress? address, string what)
    {
        var now = time.GetUtcNow();
        var key = Key(address);
        int count;
        lock (_lock)
        {
            if (_failures.Count > SweepAbove)
            {
                Sweep(now);
            }

            if (!_failures.TryGetValue(key, out var times))
            {
                times = new Queue<DateTimeOffset>();
                _failures.Add(key, times);
            }

            Expire(times, now);
            times.Enqueue(now);
            count = times.Count;
        }

        LogFailed(logger, what, key, count, options.MaxFailedLoginsPerMinute);
    }

    private static void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && now - times.Peek() >= Window)
        {
            times.Dequeue();
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, times) in _failures)
        {
            Expire(times, now);
            if (times.Count == 0)
            {
                _failures.Remove(key);
            }
        }
    }

    private static string Key(IPAddress? address) =>
        (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() ?? "unknown";

    [LoggerMessage(302, LogLevel.Warning, "admin: wrong {What} from {Address} ({Count} in the last minute; {Limit} allowed, then 429)")]
    private static partial void LogFailed(ILogger logger, string what, string address, int count, int limit);
}
