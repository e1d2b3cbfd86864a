using System.Globalization;
using System.Net;

namespace Tandem.Load.Options;

/// <summary>Parses the arguments of <c>tandem-load</c>; every mistake gets a message naming the option.</summary>
public static class LoadOptionsParser
{
    /// <summary>The usage text printed with <c>--help</c> and after a parse error.</summary>
    public const string Usage =
        """
        usage: tandem-load --server ws://HOST:PORT/[,ws://HOST2:PORT2/...] [options]
               tandem-load relay-baseline [--port P] [--listen ADDRESS]
          --server URL[,URL...]          the server, or the nodes of a cluster: a pair's two members go to
                                         different ones, pairs and held connections spread over them in turn
          --target tandem|relay|peerjs   protocol of the server (default tandem)
          --pairs N                      pair sessions to run (default 1000; with --hold: probe pairs, default 100)
          --concurrency C                pair sessions in flight (default 32)
          --ice N                        ICE candidates each way per round (default 10)
          --rounds R                     offer/answer/ICE exchanges per session (default 1)
          --rate X                       start at most X pair sessions per second (default: unlimited)
          --source-ips A-B[,C]           local IPv4 addresses to bind, round robin (default 127.0.0.1)
          --hold N                       open and join N idle connections and keep them (memory per connection)
          --hold-seconds S               keep the held connections S more seconds after the probe (default 0)
          --server-pid PID               server process for RSS/CPU (default: the listener of the port)
          --warmup N                     run N untimed pair sessions first (JIT warm-up; checks still count)
          --timeout S                    longest a pair session may take, in seconds (default 30)
          --json FILE                    write the report as JSON
          --quiet                        no progress lines
        """;

    /// <summary>Parses <paramref name="args"/> (the words after <c>load</c>).</summary>
    public static bool TryParse(IReadOnlyList<string> args, out LoadOptions? options, out string error)
    {
        options = null;
        var state = new ParseState();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--quiet")
            {
                state.Quiet = true;
                continue;
            }

            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                error = $"unexpected argument '{name}' (options start with --)";
                return false;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = IsKnown(name) ? $"{name} needs a value" : $"unknown option '{name}'";
                return false;
            }

            if (!state.Apply(name, args[++i], out error))
            {
                return false;
            }
        }

        return state.TryBuild(out options, out error);
    }

    private static bool IsKnown(string name) => name is "--server" or "--target" or "--pairs" or "--concurrency"
        or "--ice" or "--rounds" or "--rate" or "--source-ips" or "--hold" or "--hold-seconds"
        or "--server-pid" or "--timeout" or "--json" or "--warmup";

    private sealed class ParseState
    {
        private Uri? _server;
        private IReadOnlyList<Uri> _servers = [];
        private LoadTarget _target = LoadTarget.Tandem;
        private int? _pairs;
        private int _concurrency = 32;
        private int _ice = 10;
        private int _rounds = 1;
        private double _rate;
        private IReadOnlyList<IPAddress> _sources = [IPAddress.Loopback];
        private int _hold;
        private double _holdSeconds;
        private int? _serverPid;
        private double _timeout = 30;
        private string? _json;
        private int _warmup;

        public bool Quiet { get; set; }

        public bool Apply(string name, string value, out string error)
        {
            error = "";
            switch (name)
            {
                case "--server":
                    return TryServers(value, out _servers, out _server, out error);
                case "--target":
                    return TryTarget(value, out _target, out error);
                case "--pairs":
                    var ok = TryInt(name, value, 1, 10_000_000, out var pairs, out error);
                    _pairs = pairs;
                    return ok;
                case "--concurrency":
                    return TryInt(name, value, 1, 100_000, out _concurrency, out error);
                case "--ice":
                    return TryInt(name, value, 0, 1000, out _ice, out error);
                case "--rounds":
                    return TryInt(name, value, 1, 100_000, out _rounds, out error);
                case "--rate":
                    return TryDouble(name, value, 0, 1e7, out _rate, out error);
                case "--source-ips":
                    return SourceAddressRange.TryParse(value, out _sources, out error);
                case "--hold":
                    return TryInt(name, value, 0, 10_000_000, out _hold, out error);
                case "--hold-seconds":
                    return TryDouble(name, value, 0, 86_400, out _holdSeconds, out error);
                case "--server-pid":
                    var pidOk = TryInt(name, value, 1, int.MaxValue, out var pid, out error);
                    _serverPid = pid;
                    return pidOk;
                case "--timeout":
                    return TryDouble(name, value, 0.1, 3600, out _timeout, out error);
                case "--warmup":
                    return TryInt(name, value, 0, 10_000_000, out _warmup, out error);
                case "--json":
                    _json = value;
                    return true;
                default:
                    error = $"unknown option '{name}'";
                    return false;
            }
        }

        public bool TryBuild(out LoadOptions? options, out string error)
        {
            options = null;
            if (_server is null)
            {
                error = "--server is required (e.g. --server ws://127.0.0.1:8000/)";
                return false;
            }

            if (_hold % 2 != 0)
            {
                error = "--hold must be even: held connections are joined in glasses/app pairs";
                return false;
            }

            error = "";
            options = new LoadOptions(_server, _target, _pairs ?? (_hold > 0 ? 100 : 1000), _concurrency, _ice,
                _rounds, _sources, _json, _serverPid, _hold, _holdSeconds, _rate, _timeout, Quiet, _warmup) { Servers = _servers };
            return true;
        }

        private static bool TryServers(string value, out IReadOnlyList<Uri> servers, out Uri? first, out string error)
        {
            var list = new List<Uri>();
            servers = list;
            first = null;
            error = "";
            foreach (var text in value.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var server) || server.Scheme is not ("ws" or "wss"))
                {
                    error = $"--server: '{text}' is not a ws:// or wss:// URI";
                    return false;
                }

                list.Add(server);
            }

            first = list[0];
            return true;
        }

        private static bool TryTarget(string value, out LoadTarget target, out string error)
        {
            error = "";
            switch (value.ToLowerInvariant())
            {
                case "tandem":
                    target = LoadTarget.Tandem;
                    return true;
                case "relay":
                    target = LoadTarget.Relay;
                    return true;
                case "peerjs":
                    target = LoadTarget.PeerJs;
                    return true;
                default:
                    target = LoadTarget.Tandem;
                    error = $"--target: '{value}' is not one of tandem, relay, peerjs";
                    return false;
            }
        }

        private static bool TryInt(string name, string value, int min, int max, out int result, out string error)
        {
            error = "";
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out result)
                && result >= min && result <= max)
            {
                return true;
            }

            error = $"{name}: '{value}' is not a whole number from {min} to {max}";
            return false;
        }

        private static bool TryDouble(string name, string value, double min, double max, out double result, out string error)
        {
            error = "";
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out result)
                && result >= min && result <= max)
            {
                return true;
            }

            error = $"{name}: '{value}' is not a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
            return false;
        }
    }
}
