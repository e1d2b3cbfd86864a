#!/usr/bin/env bash
# Signaling load benchmark (issue 7): ours against the transport ceiling (tandem relay-baseline, a
# minimal Kestrel relay) and a peer (PeerJS server 1.0.2), same workload, same run, loopback only.
#   bench/signaling.sh [--pairs N] [--concurrency C] [--ice N] [--repeat K] [--hold N|0] [--out DIR] [--no-build] [--quick]
# Phases: 1. throughput, interleaved relay/peerjs/tandem K times (medians count);
#         2. latency at half of ours' median throughput (--rate), all three targets;
#         3. hold: N idle joined connections on one Tandem server (MaxConnections raised), with probe pairs.
# Prints a table and writes DIR/summary.md, DIR/throughput.svg and every run's JSON.
set -euo pipefail
cd "$(dirname "$0")/.."

pairs=4000 concurrency=32 ice=10 repeat=3 hold=auto out=bench/results build=1 warmup=400
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) pairs=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --ice) ice=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --hold) hold=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --quick) pairs=600 repeat=1 warmup=100 hold=2000; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

# Each connection is a file descriptor in the server and one in the load tool.
ulimit -n "$(ulimit -Hn)"
fd_limit=$(ulimit -n)
if [ "$hold" = auto ]; then
  # 50 000 is the goal; a process cannot hold more sockets than its RLIMIT_NOFILE allows.
  hold=$(( fd_limit - 1000 < 50000 ? fd_limit - 1000 : 50000 ))
  hold=$(( hold / 2 * 2 ))
fi

mkdir -p "$out"
cli=src/Tandem.Cli/bin/Release/net10.0/tandem
server_dir=src/Tandem.Server/bin/Release/net10.0
peerjs_dir=bench/.peerjs
if [ "$build" = 1 ]; then
  dotnet build src/Tandem.Cli -c Release -nologo -v q
  dotnet build src/Tandem.Server -c Release -nologo -v q
fi
if [ ! -f "$peerjs_dir/node_modules/peer/package.json" ]; then
  npm install --prefix "$peerjs_dir" --no-audit --no-fund --loglevel=error peer@1.0.2 >/dev/null
fi
peerjs_bin=$peerjs_dir/node_modules/peer/dist/bin/peerjs.js

port=$(( 20000 + RANDOM % 10000 ))
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

# start_server TARGET [extra server args...]: starts one server on a fresh port, logs to $out/TARGET.log.
start_server() {
  local target=$1; shift
  port=$(( port + 1 ))
  case "$target" in
    relay) "$cli" relay-baseline --port "$port" >"$out/$target.log" 2>&1 & ;;
    peerjs) node "$peerjs_bin" --port "$port" --host 127.0.0.1 >"$out/$target.log" 2>&1 & ;;
    # Run from its output folder so that appsettings.json (defaults, logs at Information) is loaded.
    tandem) (cd "$server_dir" && exec ./Tandem.Server --Signaling:Port="$port" --Signaling:ListenAddress=127.0.0.1 "$@") \
              >"$out/$target.log" 2>&1 & ;;
  esac
  server_pid=$!
  for _ in $(seq 100); do
    if ss -Hltn "sport = :$port" | grep -q .; then return 0; fi
    sleep 0.1
  done
  echo "server $target did not listen on $port" >&2
  exit 1
}

# load TARGET NAME [extra load args...]: runs the load tool, keeps its JSON as $out/NAME.json.
load() {
  local target=$1 name=$2; shift 2
  echo "== $name" >&2
  "$cli" load --server "ws://127.0.0.1:$port/" --target "$target" --server-pid "$server_pid" \
    --ice "$ice" --source-ips 127.0.0.1-127.0.0.8 --json "$out/$name.json" "$@" >"$out/$name.txt" || true
  tail -n 1 "$out/$name.txt" >&2
}

targets=(relay peerjs tandem)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >"$out/machine.txt"
for r in $(seq "$repeat"); do
  for t in "${targets[@]}"; do
    start_server "$t"
    load "$t" "throughput-$t-$r" --pairs "$pairs" --concurrency "$concurrency" --warmup "$warmup" --quiet
    stop_server
  done
done

# Half of ours' median throughput, as an open-loop start rate for every target.
half=$(python3 - "$out" "$repeat" <<'EOF'
import json, statistics, sys
out, repeat = sys.argv[1], int(sys.argv[2])
rates = [json.load(open(f"{out}/throughput-tandem-{r}.json"))["pairs_per_sec"] for r in range(1, repeat + 1)]
print(f"{statistics.median(rates) / 2:.1f}")
EOF
)
half_pairs=$(python3 -c "print(max(200, int($half * 10)))")
for t in "${targets[@]}"; do
  start_server "$t"
  load "$t" "halfrate-$t" --pairs "$half_pairs" --rate "$half" --concurrency $(( concurrency * 4 )) --warmup "$warmup" --quiet
  stop_server
done

if [ "$hold" -gt 0 ]; then
  start_server tandem --Signaling:MaxConnections=60000
  load tandem "hold-tandem" --hold "$hold" --pairs 500 --concurrency 64 --timeout 120
  stop_server
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
echo "cpus: $(nproc), RLIMIT_NOFILE: $fd_limit, hold: $hold" >>"$out/machine.txt"

python3 - "$out" "$repeat" "$pairs" "$concurrency" "$ice" "$half" <<'EOF'
import json, statistics, sys
out, repeat, pairs, conc, ice, half = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
targets = ["relay", "peerjs", "tandem"]
names = {"relay": "Kestrel relay (ceiling)", "peerjs": "PeerJS 1.0.2", "tandem": "Tandem (ours)"}
def load(name):
    try:
        return json.load(open(f"{out}/{name}.json"))
    except (OSError, ValueError):
        return None
runs = {t: [j for j in (load(f"throughput-{t}-{r}") for r in range(1, repeat + 1)) if j] for t in targets}
med = lambda t, k: statistics.median(j[k] for j in runs[t]) if runs[t] else float("nan")
half_runs = {t: load(f"halfrate-{t}") for t in targets}
checks = lambda js: sum(j["lost"] + j["duplicated"] + j["misrouted"] + j.get("out_of_order", 0) for j in js if j)
lines = [f"Throughput: {pairs} pairs x {repeat} runs per target (median), concurrency {conc}, {ice} ICE each way; "
         f"latency at half of ours ({half} pairs/s).", "",
         "| server | pairs/s | msg/s | vs relay | vs PeerJS | p50 ms | p99 ms | p99.9 ms | max ms | p99 ms @ half rate | server CPU % | server RSS MiB | errors | lost/dup/misrouted/ooo |",
         "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
for t in targets:
    h = half_runs[t]
    errs = {}
    for j in runs[t] + ([h] if h else []):
        for k, v in j["errors"].items():
            errs[k] = errs.get(k, 0) + v
    lat = lambda k: statistics.median(j["latency_ms"][k] for j in runs[t]) if runs[t] else float("nan")
    lines.append(f"| {names[t]} | {med(t,'pairs_per_sec'):.0f} | {med(t,'messages_per_sec'):.0f} | "
                 f"{med(t,'messages_per_sec')/med('relay','messages_per_sec'):.2f} | {med(t,'messages_per_sec')/med('peerjs','messages_per_sec'):.2f} | "
                 f"{lat('p50'):.2f} | {lat('p99'):.2f} | {lat('p999'):.2f} | {lat('max'):.2f} | "
                 f"{(h['latency_ms']['p99'] if h else float('nan')):.2f} | {med(t,'server_cpu_pct'):.0f} | {med(t,'server_rss_mb'):.0f} | "
                 f"{json.dumps(errs) if errs else 'none'} | {checks(runs[t] + [h])} |")
hold = load("hold-tandem")
if hold:
    lines += ["", f"Hold: {hold['held']} joined connections on one Tandem server: RSS {hold['server_rss_idle_mb']:.1f} -> "
              f"{hold['server_rss_held_mb']:.1f} MiB = {hold['rss_per_connection_kib']:.2f} KiB per connection; "
              f"probe while holding: {hold['pairs']} pairs ok, {hold['pairs_failed']} failed, p99 {hold['latency_ms']['p99']:.2f} ms, "
              f"lost/dup/misrouted {hold['lost']}/{hold['duplicated']}/{hold['misrouted']}, errors {json.dumps(hold['errors'])}"]
open(f"{out}/summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))

# A bar chart of forwarded messages/s (median, with min-max whiskers) and p99 at half rate.
w, h, left, top, barh, gap = 720, 300, 190, 40, 34, 18
maxv = max((j["messages_per_sec"] for t in targets for j in runs[t]), default=1) * 1.15
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="13">',
       f'<rect width="{w}" height="{h}" fill="white"/>',
       f'<text x="{left}" y="22" font-size="15" font-weight="bold">Forwarded messages/s (median of {repeat}; whiskers min-max)</text>']
colors = {"relay": "#9e9e9e", "peerjs": "#e57373", "tandem": "#1976d2"}
for i, t in enumerate(targets):
    if not runs[t]:
        continue
    y = top + i * (barh + gap)
    v = med(t, "messages_per_sec")
    lo, hi = min(j["messages_per_sec"] for j in runs[t]), max(j["messages_per_sec"] for j in runs[t])
    x = lambda val: left + (w - left - 120) * val / maxv
    svg.append(f'<text x="{left - 8}" y="{y + barh * 0.65}" text-anchor="end">{names[t]}</text>')
    svg.append(f'<rect x="{left}" y="{y}" width="{x(v) - left:.1f}" height="{barh}" fill="{colors[t]}"/>')
    svg.append(f'<line x1="{x(lo):.1f}" x2="{x(hi):.1f}" y1="{y + barh / 2}" y2="{y + barh / 2}" stroke="black"/>')
    svg.append(f'<text x="{x(max(v, hi)) + 6:.1f}" y="{y + barh * 0.65}">{v:,.0f}</text>')
    hr = half_runs[t]
    if hr:
        svg.append(f'<text x="{left}" y="{y + barh + 14}" font-size="11" fill="#555">p99 at {half} pairs/s: {hr["latency_ms"]["p99"]:.2f} ms</text>')
svg.append("</svg>")
open(f"{out}/throughput.svg", "w").write("\n".join(svg) + "\n")
EOF
cat "$out/machine.txt"
