#!/usr/bin/env bash
# Signaling load benchmark (issue 7): ours against the transport ceiling (tandem-load relay-baseline, a
# minimal Kestrel relay) and a peer (PeerJS server 1.0.2), same workload, same run, loopback only.
#   bench/signaling.sh [--pairs N] [--concurrency C] [--ice N] [--repeat K] [--hold N|0] [--out DIR] [--no-build] [--quick]
#                      [--nice N]   run servers and load tool at this nice level (e.g. -10 on a shared machine)
#                      [--only-hold] run phase 3 only; the summary then reuses the JSON already in DIR
# Phases: 1. throughput, two workloads (1 and 20 exchanges per session), interleaved
#            relay/peerjs/tandem/tandem-at-Warning K times (medians count), every server warmed up first;
#         2. latency at half of ours' median throughput (--rate), all three targets, in both workloads
#            (forwarding: half of ours' maximum forwarded messages/s);
#         3. hold: N idle joined connections on one Tandem server (MaxConnections raised), with probe pairs.
# Prints a table (with the load tool's own CPU per message next to the servers') and writes DIR/summary.md,
# DIR/throughput.svg, DIR/latency.svg and every run's JSON.
set -euo pipefail
cd "$(dirname "$0")/.."

pairs=4000 concurrency=32 ice=10 repeat=3 hold=auto out=bench/results build=1 warmup=500 server_warmup=5000 nice=0 only_hold=0
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) pairs=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --ice) ice=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --hold) hold=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --nice) nice=$2; shift 2 ;;
    --only-hold) only_hold=1; shift ;;
    --no-build) build=0; shift ;;
    --quick) pairs=600 repeat=1 warmup=100 server_warmup=500 hold=2000; shift ;;
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
prio=(nice -n "$nice")
cli=tools/Tandem.Load/bin/Release/net10.0/tandem-load
server_dir=src/Tandem.Server/bin/Release/net10.0
peerjs_dir=bench/.peerjs
if [ "$build" = 1 ]; then
  dotnet build tools/Tandem.Load -c Release -nologo -v q
  dotnet build src/Tandem.Server -c Release -nologo -v q
fi
if [ ! -f "$peerjs_dir/node_modules/peer/package.json" ]; then
  npm install --prefix "$peerjs_dir" --no-audit --no-fund --loglevel=error peer@1.0.2 >/dev/null
fi
peerjs_bin=$peerjs_dir/node_modules/peer/dist/bin/peerjs.js

port=$(( 20000 + RANDOM % 10000 ))
declare -A ports pids
stop_servers() {
  for t in "${!pids[@]}"; do
    kill "${pids[$t]}" 2>/dev/null || true
    wait "${pids[$t]}" 2>/dev/null || true
    unset "pids[$t]"
  done
}
trap stop_servers EXIT

# start_server NAME TARGET [extra server args...]: starts a server on a fresh port, logs to $out/NAME.log.
start_server() {
  local name=$1 target=$2; shift 2
  port=$(( port + 1 ))
  case "$target" in
    relay) "${prio[@]}" "$cli" relay-baseline --port "$port" >"$out/$name.log" 2>&1 & ;;
    peerjs) "${prio[@]}" node "$peerjs_bin" --port "$port" --host 127.0.0.1 >"$out/$name.log" 2>&1 & ;;
    # Run from its output folder so that appsettings.json (defaults, logs at Information) is loaded.
    # The load comes from one address at rates no client sends: the per-connection and per-address
    # abuse limits (PROTOCOL.md R39, R40) are off, as the other targets have none.
    tandem) (cd "$server_dir" && exec "${prio[@]}" ./Tandem.Server --Signaling:Port="$port" --Signaling:ListenAddress=127.0.0.1 \
              --Signaling:MaxOfferAnswerPerSecond=0 --Signaling:MaxIcePerSecond=0 --Signaling:MaxJoinLeavePerSecond=0 \
              --Signaling:MaxConnectionsPerAddress=0 "$@") \
              >"$out/$name.log" 2>&1 & ;;
  esac
  pids[$name]=$!
  ports[$name]=$port
  for _ in $(seq 100); do
    if ss -Hltn "sport = :$port" | grep -q .; then return 0; fi
    sleep 0.1
  done
  echo "server $name did not listen on $port" >&2
  exit 1
}

# load SERVER RUN [extra load args...]: runs the load tool against a started server, keeps $out/RUN.json.
load() {
  local name=$1 run=$2; shift 2
  local target=${name%-warning}
  target=${target#hold-}
  echo "== $run" >&2
  "${prio[@]}" "$cli" --server "ws://127.0.0.1:${ports[$name]}/" --target "$target" --server-pid "${pids[$name]}" \
    --ice "$ice" --source-ips 127.0.0.1-127.0.0.8 --json "$out/$run.json" "$@" >"$out/$run.txt" || true
  tail -n 1 "$out/$run.txt" >&2
}

targets=(relay peerjs tandem)
# tandem-warning: ours with logs at Warning, to show what Information logging costs (not a target row).
variants=(relay peerjs tandem tandem-warning)
relay_pairs=$(( pairs / 10 > 50 ? pairs / 10 : 50 ))
if [ "$only_hold" = 0 ]; then
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >"$out/machine.txt"
# Every server runs for the whole comparison and is warmed up once (JIT tiering reaches its
# optimised code only after thousands of sessions on this busy machine); idle servers cost nothing.
start_server relay relay
start_server peerjs peerjs
start_server tandem tandem
start_server tandem-warning tandem --Logging:LogLevel:Default=Warning
for t in "${variants[@]}"; do
  load "$t" "warmup-$t" --pairs "$server_warmup" --concurrency "$concurrency" --quiet
done
for r in $(seq "$repeat"); do
  for t in "${variants[@]}"; do
    # Workload "sessions": connect, join, one offer/answer/ICE exchange, leave, close: what a pairing costs.
    load "$t" "sessions-$t-$r" --pairs "$pairs" --concurrency "$concurrency" --warmup "$warmup" --quiet
    # Workload "forwarding": 20 exchanges per session, so forwarding dominates: the relay throughput.
    load "$t" "forwarding-$t-$r" --pairs "$relay_pairs" --rounds 20 --concurrency "$concurrency" --warmup "$warmup" --quiet
  done
  echo "load average after round $r: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
done

# Latency at half of our maximum throughput, open loop (--rate): every target gets the same start
# rate, half of ours' median in each workload ("sessions": pairs/s; "forwarding": 440 messages per pair,
# so half of ours' forwarded messages/s, the maximum throughput).
half_of() {
  python3 - "$out" "$repeat" "$1" <<'PY'
import json, statistics, sys
out, repeat, workload = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rates = [json.load(open(f"{out}/{workload}-tandem-{r}.json"))["pairs_per_sec"] for r in range(1, repeat + 1)]
print(f"{statistics.median(rates) / 2:.2f}")
PY
}
half=$(half_of sessions)
half_fwd=$(half_of forwarding)
half_pairs=$(python3 -c "print(max(200, int($half * 10)))")
half_fwd_pairs=$(python3 -c "print(max(20, int($half_fwd * 10)))")
for t in "${targets[@]}"; do
  load "$t" "halfrate-$t" --pairs "$half_pairs" --rate "$half" --concurrency $(( concurrency * 4 )) --warmup "$warmup" --quiet
  load "$t" "halfrate-forwarding-$t" --pairs "$half_fwd_pairs" --rounds 20 --rate "$half_fwd" --concurrency $(( concurrency * 4 )) --warmup "$warmup" --quiet
done
echo "load average after the half-rate runs: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
stop_servers
fi

if [ "$hold" -gt 0 ]; then
  start_server hold-tandem tandem --Signaling:MaxConnections=60000
  load hold-tandem "hold-tandem" --hold "$hold" --pairs 500 --concurrency 64 --timeout 120
  stop_servers
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
[ "$only_hold" = 1 ] && half=$(python3 -c "import json; print(json.load(open('$out/halfrate-tandem.json'))['pairs_per_sec'])" 2>/dev/null || echo n/a) \
  && half_fwd=$(python3 -c "import json; print(json.load(open('$out/halfrate-forwarding-tandem.json'))['pairs_per_sec'])" 2>/dev/null || echo n/a)
echo "cpus: $(nproc), RLIMIT_NOFILE: $fd_limit, hold: $hold, nice: $nice" >>"$out/machine.txt"

python3 - "$out" "$repeat" "$pairs" "$relay_pairs" "$concurrency" "$ice" "$half" "$half_fwd" <<'PY'
import json, statistics, sys
out, repeat, pairs, relay_pairs, conc, ice, half, half_fwd = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
variants = ["relay", "peerjs", "tandem", "tandem-warning"]
names = {"relay": "Kestrel relay (ceiling)", "peerjs": "PeerJS 1.0.2", "tandem": "Tandem (ours)",
         "tandem-warning": "Tandem, logs at Warning"}
def load(name):
    try:
        return json.load(open(f"{out}/{name}.json"))
    except (OSError, ValueError):
        return None
def cpu_us(j):
    return j["server_cpu_pct"] * j["seconds"] * 1e4 / j["messages"] if j.get("server_cpu_pct") and j["messages"] else float("nan")
# The load tool's own CPU per forwarded message (user + system time of its process over the measured phase).
client_us = lambda j: j.get("client_cpu_us_per_msg") or float("nan")
checks = lambda js: sum(j["lost"] + j["duplicated"] + j["misrouted"] + j.get("out_of_order", 0) for j in js if j)
lines = [f"Medians of {repeat} interleaved runs per row; concurrency {conc}; {ice} ICE candidates each way; "
         f"offer/answer ~4.3 kB, candidates ~0.3 kB.", ""]
runs = {}
for workload, desc in [("sessions", f"sessions: {pairs} pair sessions of 1 exchange (22 forwarded messages each)"),
                       ("forwarding", f"forwarding: {relay_pairs} pair sessions of 20 exchanges (440 forwarded messages each)")]:
    runs[workload] = {t: [j for j in (load(f"{workload}-{t}-{r}") for r in range(1, repeat + 1)) if j] for t in variants}
    rs = runs[workload]
    med = lambda t, f: statistics.median(f(j) for j in rs[t]) if rs[t] else float("nan")
    mps = lambda t: med(t, lambda j: j["messages_per_sec"])
    lines += [f"Workload {desc}", "",
              "| server | pairs/s | msg/s | msg/s vs relay | msg/s vs PeerJS | server CPU µs/msg | CPU vs relay | load tool CPU µs/msg | p50 ms | p99 ms | p99.9 ms | server RSS MiB | errors | lost/dup/misrouted/ooo |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for t in variants:
        if not rs[t]:
            continue
        errs = {}
        for j in rs[t]:
            for k, v in j["errors"].items():
                errs[k] = errs.get(k, 0) + v
        lines.append(f"| {names[t]} | {med(t, lambda j: j['pairs_per_sec']):.0f} | {mps(t):.0f} | {mps(t) / mps('relay'):.2f} | "
                     f"{mps(t) / mps('peerjs'):.2f} | {med(t, cpu_us):.1f} | {med(t, cpu_us) / med('relay', cpu_us):.2f} | {med(t, client_us):.1f} | "
                     f"{med(t, lambda j: j['latency_ms']['p50']):.2f} | {med(t, lambda j: j['latency_ms']['p99']):.2f} | "
                     f"{med(t, lambda j: j['latency_ms']['p999']):.2f} | {med(t, lambda j: j['server_rss_mb'] or 0):.0f} | "
                     f"{json.dumps(errs) if errs else 'none'} | {checks(rs[t])} |")
    lines.append("")
for prefix, desc in [("halfrate", f"Latency at half of ours' median session throughput ({half} pairs/s started, open loop, 1 exchange each):"),
                     ("halfrate-forwarding", f"Latency at half of ours' maximum forwarding throughput ({half_fwd} pairs/s started, open loop, 20 exchanges each):")]:
    half_runs = {t: load(f"{prefix}-{t}") for t in ["relay", "peerjs", "tandem"]}
    max_mps = statistics.median(j["messages_per_sec"] for j in runs["forwarding"]["tandem"]) if runs.get("forwarding", {}).get("tandem") else float("nan")
    lines += [desc, "",
              "| server | pairs/s | msg/s | msg/s vs ours' max | p50 ms | p99 ms | p99.9 ms | max ms | lost/dup/misrouted/ooo |",
              "|---|---|---|---|---|---|---|---|---|"]
    for t, j in half_runs.items():
        if j:
            l = j["latency_ms"]
            lines.append(f"| {names[t]} | {j['pairs_per_sec']:.1f} | {j['messages_per_sec']:.0f} | {j['messages_per_sec'] / max_mps:.2f} | {l['p50']:.2f} | "
                         f"{l['p99']:.2f} | {l['p999']:.2f} | {l['max']:.2f} | {checks([j])} |")
    lines.append("")
hold = load("hold-tandem")
if hold:
    lines += ["", f"Hold: {hold['held']} joined connections on one Tandem server: RSS {hold['server_rss_idle_mb']:.1f} -> "
              f"{hold['server_rss_held_mb']:.1f} MiB = {hold['rss_per_connection_kib']:.2f} KiB per connection; "
              f"probe while holding: {hold['pairs']} pairs ok, {hold['pairs_failed']} failed, p99 {hold['latency_ms']['p99']:.2f} ms, "
              f"lost/dup/misrouted {hold['lost']}/{hold['duplicated']}/{hold['misrouted']}, errors {json.dumps(hold['errors'])}"]
open(f"{out}/summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))

# Bar chart: forwarded messages/s per server (median, whiskers min-max), both workloads.
targets = ["relay", "peerjs", "tandem", "tandem-warning"]
colors = {"relay": "#9e9e9e", "peerjs": "#e57373", "tandem": "#1976d2", "tandem-warning": "#90caf9"}
w, left, barh, gap, group_gap = 760, 200, 24, 8, 40
rows = [(wl, t) for wl in ["sessions", "forwarding"] for t in targets if runs[wl][t]]
if not rows:
    sys.exit(0)
h = 60 + len(rows) * (barh + gap) + 2 * group_gap
maxv = max(j["messages_per_sec"] for wl, t in rows for j in runs[wl][t]) * 1.18
x = lambda v: left + (w - left - 90) * v / maxv
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="13">',
       f'<rect width="{w}" height="{h}" fill="white"/>',
       f'<text x="10" y="22" font-size="15" font-weight="bold">Forwarded messages/s, median of {repeat} (whiskers: min-max), 2 cores, loopback</text>']
y = 40
for wl in ["sessions", "forwarding"]:
    y += 14
    svg.append(f'<text x="10" y="{y}" font-weight="bold">{"1 exchange per session" if wl == "sessions" else "20 exchanges per session"}</text>')
    y += 8
    for t in targets:
        rs = runs[wl][t]
        if not rs:
            continue
        v = statistics.median(j["messages_per_sec"] for j in rs)
        lo, hi = min(j["messages_per_sec"] for j in rs), max(j["messages_per_sec"] for j in rs)
        svg.append(f'<text x="{left - 8}" y="{y + barh * 0.7}" text-anchor="end">{names[t]}</text>')
        svg.append(f'<rect x="{left}" y="{y}" width="{x(v) - left:.1f}" height="{barh}" fill="{colors[t]}"/>')
        svg.append(f'<line x1="{x(lo):.1f}" x2="{x(hi):.1f}" y1="{y + barh / 2}" y2="{y + barh / 2}" stroke="black"/>')
        svg.append(f'<text x="{x(max(v, hi)) + 6:.1f}" y="{y + barh * 0.7}">{v:,.0f}</text>')
        y += barh + gap
    y += group_gap - 14
svg.append("</svg>")
open(f"{out}/throughput.svg", "w").write("\n".join(svg) + "\n")

# Latency chart: p50 and p99 at half of ours' maximum throughput, both workloads, log scale (0.1 ms - 1 s).
import math
lat = [(wl, t, load(f"{prefix}-{t}")) for wl, prefix in [("sessions", "halfrate"), ("forwarding", "halfrate-forwarding")]
       for t in ["relay", "peerjs", "tandem"]]
lat = [(wl, t, j) for wl, t, j in lat if j]
if lat:
    lo, hi = math.log10(0.1), math.log10(1000)
    lx = lambda v: left + (w - left - 90) * (math.log10(max(v, 0.1)) - lo) / (hi - lo)
    h = 90 + len(lat) * (2 * barh // 2 + gap + 12) + 2 * group_gap
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="13">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           '<text x="10" y="22" font-size="15" font-weight="bold">Forward latency at half of our maximum throughput (ms, log scale): p50 light, p99 dark</text>']
    for v in [0.1, 1, 2, 10, 100, 1000]:
        svg.append(f'<line x1="{lx(v):.1f}" x2="{lx(v):.1f}" y1="34" y2="{h - 10}" stroke="{"#d32f2f" if v == 2 else "#e0e0e0"}"/>')
        svg.append(f'<text x="{lx(v):.1f}" y="{h - 0}" text-anchor="middle" font-size="11">{v:g}{" (target)" if v == 2 else ""}</text>')
    y = 40
    for wl in ["sessions", "forwarding"]:
        y += 14
        svg.append(f'<text x="10" y="{y}" font-weight="bold">{"1 exchange per session" if wl == "sessions" else "20 exchanges per session (forwarding)"}</text>')
        y += 8
        for w_, t, j in lat:
            if w_ != wl:
                continue
            p50, p99 = j["latency_ms"]["p50"], j["latency_ms"]["p99"]
            svg.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{names[t]}</text>')
            svg.append(f'<rect x="{left}" y="{y}" width="{lx(p99) - left:.1f}" height="{barh // 2}" fill="{colors[t]}"/>')
            svg.append(f'<rect x="{left}" y="{y + barh // 2}" width="{lx(p50) - left:.1f}" height="{barh // 2}" fill="{colors[t]}" opacity="0.45"/>')
            svg.append(f'<text x="{lx(p99) + 6:.1f}" y="{y + 11}" font-size="11">p99 {p99:.2f}</text>')
            svg.append(f'<text x="{lx(p50) + 6:.1f}" y="{y + 23}" font-size="11">p50 {p50:.2f}</text>')
            y += barh + gap + 12
        y += group_gap - 14
    svg.append("</svg>")
    open(f"{out}/latency.svg", "w").write("\n".join(svg) + "\n")
PY
cat "$out/machine.txt"
