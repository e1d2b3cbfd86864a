#!/usr/bin/env bash
# Console logger benchmark (issue 19): server CPU per logged line, ours (src/Tandem.Server/Logging, the
# batched writer) against ZLogger 2 (bench/Tandem.ZLoggerServer: the same server, ZLogger's console
# provider, the same line layout), in the "sessions" workload of bench/signaling.sh (connect, join, one
# offer/answer/ICE exchange, leave, close: about 9 lines at Information per pair session). Same run,
# same machine, interleaved, loopback only. A third server at Warning (no per-session lines) is the
# baseline that removes everything but logging:
#   CPU per line = (server CPU µs in the run - Warning's CPU µs per message × messages) / lines written
#   bench/logging.sh [--pairs N] [--repeat K] [--warmup N] [--level L] [--nice N] [--out DIR] [--no-build]
#                    [--level Debug] logs every relayed message too (31 lines per session instead of 9),
#                    which makes the logging share of the CPU, and so the per-line figure, stand out of the noise
set -euo pipefail
cd "$(dirname "$0")/.."

pairs=3000 repeat=5 nice=0 out=bench/results/logging build=1 warmup=5000 level=Information
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) pairs=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --nice) nice=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --level) level=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

mkdir -p "$out"
prio=(nice -n "$nice")
cli=src/Tandem.Cli/bin/Release/net10.0/tandem
if [ "$build" = 1 ]; then
  dotnet build src/Tandem.Cli -c Release -nologo -v q
  dotnet build bench/Tandem.ZLoggerServer -c Release -nologo -v q
fi

port=$(( 20000 + RANDOM % 10000 ))
declare -A ports pids
stop_servers() {
  for t in "${!pids[@]}"; do
    kill "${pids[$t]}" 2>/dev/null || true
    wait "${pids[$t]}" 2>/dev/null || true
  done
}
trap stop_servers EXIT

# start_server NAME DIR EXE [extra args]: run from its output folder (appsettings.json), stdout to $out/NAME.log.
start_server() {
  local name=$1 dir=$2 exe=$3; shift 3
  port=$(( port + 1 ))
  (cd "$dir" && exec "${prio[@]}" "./$exe" --Signaling:Port="$port" --Signaling:ListenAddress=127.0.0.1 "$@") >"$out/$name.log" 2>&1 &
  pids[$name]=$!
  ports[$name]=$port
  for _ in $(seq 100); do
    if ss -Hltn "sport = :$port" | grep -q .; then return 0; fi
    sleep 0.1
  done
  echo "server $name did not listen on $port" >&2
  exit 1
}

# run NAME RUN PAIRS: the sessions workload; records the lines the server wrote during it.
run() {
  local name=$1 run=$2 n=$3 before after
  sleep 0.2
  before=$(wc -l <"$out/$name.log")
  "${prio[@]}" "$cli" load --server "ws://127.0.0.1:${ports[$name]}/" --server-pid "${pids[$name]}" --ice 10 \
    --source-ips 127.0.0.1-127.0.0.8 --pairs "$n" --concurrency 32 --warmup 0 --quiet --json "$out/$run.json" >"$out/$run.txt"
  sleep 0.3   # both loggers write at most 50 ms (ours) or at once (ZLogger) after a line
  after=$(wc -l <"$out/$name.log")
  echo $(( after - before )) >"$out/$run.lines"
  echo "== $run: $(tail -n 1 "$out/$run.txt"), $(( after - before )) lines" >&2
}

server_dir=src/Tandem.Server/bin/Release/net10.0
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >"$out/machine.txt"
start_server ours "$server_dir" Tandem.Server --Logging:LogLevel:Default="$level"
start_server zlogger bench/Tandem.ZLoggerServer/bin/Release/net10.0 Tandem.ZLoggerServer --Logging:LogLevel:Default="$level"
start_server warning "$server_dir" Tandem.Server --Logging:LogLevel:Default=Warning
variants=(ours zlogger warning)
for v in "${variants[@]}"; do run "$v" "warmup-$v" "$warmup"; done
for r in $(seq "$repeat"); do
  for v in "${variants[@]}"; do run "$v" "sessions-$v-$r" "$pairs"; done
  echo "load average after round $r: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
done
stop_servers
echo "cpus: $(nproc)" >>"$out/machine.txt"

python3 - "$out" "$repeat" "$pairs" "$level" <<'PY'
import json, statistics, sys
out, repeat, pairs, level = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def runs(v):
    for r in range(1, repeat + 1):
        j = json.load(open(f"{out}/sessions-{v}-{r}.json"))
        j["lines"] = int(open(f"{out}/sessions-{v}-{r}.lines").read())
        j["cpu_us"] = j["server_cpu_pct"] * j["seconds"] * 1e4
        yield j
data = {v: list(runs(v)) for v in ["ours", "zlogger", "warning"]}
base = statistics.median(j["cpu_us"] / j["messages"] for j in data["warning"])
names = {"ours": f"ours (batched writer), {level}", "zlogger": f"ZLogger 2.6.2, {level}", "warning": "ours at Warning (baseline)"}
lines = [f"Sessions workload, {pairs} pair sessions per run, concurrency 32, 10 ICE candidates each way; medians of {repeat} interleaved runs.", "",
         "| server | server CPU µs/msg | lines per session | CPU µs per logged line | vs ours | lost/dup/misrouted |", "|---|---|---|---|---|---|"]
per_line = {}
for v in ["ours", "zlogger"]:
    per_line[v] = statistics.median((j["cpu_us"] - base * j["messages"]) / j["lines"] for j in data[v])
msg = {v: statistics.median(j["cpu_us"] / j["messages"] for j in js) for v, js in data.items()}
lines[2:4] = ["| server | server CPU µs/msg | lines per session | CPU µs per logged line (over the baseline) | CPU µs per line over ours | lost/dup/misrouted |",
              "|---|---|---|---|---|---|"]
for v, js in data.items():
    lps = statistics.median(j["lines"] / j["pairs"] for j in js)
    checks = sum(j["lost"] + j["duplicated"] + j["misrouted"] for j in js)
    pl = f"{per_line[v]:.2f}" if v in per_line else "–"
    # Without the baseline: the difference of the two loggers' CPU per message, per line they wrote.
    over = f"{(msg[v] - msg['ours']) * statistics.median(j['messages'] for j in js) / statistics.median(j['lines'] for j in js):+.2f}" if v == "zlogger" else "–"
    lines.append(f"| {names[v]} | {msg[v]:.2f} | {lps:.1f} | {pl} | {over} | {checks} |")
open(f"{out}/summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
cat "$out/machine.txt"
