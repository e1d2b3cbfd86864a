#!/usr/bin/env bash
# Signaling on several nodes over Redis (issue 18), loopback only, never in CI.
#   bench/cluster.sh [--per-node N] [--pairs P] [--rounds R] [--node-timeout S] [--out DIR] [--no-build] [--only-hold]
# 1. hold: 3 nodes (Signaling:Store=redis) sharing one redis-server of this script's own; one load
#    process per node's worth of connections (a process may open at most RLIMIT_NOFILE files), each
#    spreading its pairs over the 3 nodes (a pair's two members on different nodes). Every connection
#    joins; probe pairs run while all are held. Reports RSS per connection of each node, the probes'
#    lost/duplicated/misrouted, and redis-server's memory. Then, as the baseline of the same run, one
#    node with the memory store holding N connections the same way.
# 2. throughput, same run: one node with the memory store, then a 2-node cluster with every pair split
#    over the two nodes (every message crosses Redis twice: edge -> home -> edge). CPU µs per forwarded
#    message on the nodes and on redis-server, from /proc.
# Writes DIR/summary.md and every run's JSON and log.
set -euo pipefail
cd "$(dirname "$0")/.."

# A node whose heartbeat is missing this long counts as lost: the shipped default. The heartbeat has a
# thread and a Redis connection of its own, so a starved thread pool does not delay it.
per_node=17000 pairs=400 rounds=20 out=bench/results-cluster build=1 node_timeout=5 only_hold=0
while [ $# -gt 0 ]; do
  case "$1" in
    --per-node) per_node=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --node-timeout) node_timeout=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --only-hold) only_hold=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

ulimit -n "$(ulimit -Hn)"
per_node=$(( per_node / 2 * 2 ))
mkdir -p "$out"
load_bin=tools/Tandem.Load/bin/Release/net10.0/tandem-load
server_dir=src/Tandem.Server/bin/Release/net10.0
if [ "$build" = 1 ]; then
  dotnet build tools/Tandem.Load -c Release -nologo -v q
  dotnet build src/Tandem.Server -c Release -nologo -v q
fi

pids=()
# Newest first: the nodes before the redis-server they use (else each logs an outage on the way out).
stop_all() { for ((k = ${#pids[@]} - 1; k >= 0; k--)); do kill "${pids[$k]}" 2>/dev/null || true; wait "${pids[$k]}" 2>/dev/null || true; done; pids=(); }
trap stop_all EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_kib() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }
wait_listen() { for _ in $(seq 300); do ss -Hltn "sport = :$1" | grep -q . && return 0; sleep 0.1; done; echo "nothing listens on $1" >&2; exit 1; }

redis_port=$(free_port)
/usr/bin/redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$out/redis.log" 2>&1 &
redis_pid=$!; pids+=("$redis_pid"); wait_listen "$redis_port"

# start_node NAME STORE: a server on a free port; sets started_pid and started_port (no subshell, so
# that the EXIT trap knows the pid).
start_node() {
  local name=$1 store=$2 port; port=$(free_port)
  (cd "$server_dir" && exec ./Tandem.Server --Signaling:Port="$port" --Signaling:ListenAddress=127.0.0.1 \
     --Signaling:Store="$store" --Signaling:Redis:Configuration=127.0.0.1:"$redis_port" --Signaling:NodeName="$name" \
     --Signaling:MaxConnections=100000 --Signaling:MaxConnectionsPerAddress=0 --Signaling:MessageQueueSize=1000000 \
     --Signaling:MaxOfferAnswerPerSecond=0 --Signaling:MaxIcePerSecond=0 --Signaling:MaxJoinLeavePerSecond=0 \
     --Signaling:JoinTimeoutSeconds=600 --Signaling:RoomTimeoutSeconds=600 --Logging:LogLevel:Default=Warning \
     --Signaling:Redis:NodeTimeoutSeconds="$node_timeout") >"$out/$name.log" 2>&1 &
  started_pid=$!; started_port=$port; pids+=("$started_pid"); wait_listen "$port"
}

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg), cpus $(nproc), RLIMIT_NOFILE $(ulimit -n), $(free -m | awk '/Mem/{print $7}') MiB available" | tee "$out/machine.txt"

## 1. hold
declare -a node_pid node_port urls
for i in 0 1 2; do start_node "hold-$i" redis; node_pid[$i]=$started_pid; node_port[$i]=$started_port; urls+=("ws://127.0.0.1:${node_port[$i]}/"); done
servers=$(IFS=,; echo "${urls[*]}")
sleep 2
for i in 0 1 2; do idle[$i]=$(rss_kib "${node_pid[$i]}"); done
redis_idle=$(rss_kib "$redis_pid")
total=$(( per_node * 3 ))
echo "== hold: $total connections on 3 nodes" >&2
load_pids=()
for i in 0 1 2; do
  "$load_bin" --server "$servers" --hold "$per_node" --hold-seconds 30 --pairs 300 --concurrency 64 --timeout 300 \
    --source-ips "127.0.$((i + 1)).1-127.0.$((i + 1)).8" --server-pid "${node_pid[$i]}" --json "$out/hold-$i.json" --quiet >"$out/hold-$i.txt" 2>&1 &
  load_pids+=($!)
done
# The plateau: every connection open and joined, as the nodes' heartbeats report.
held=0
for _ in $(seq 1800); do
  held=$(curl -s "http://127.0.0.1:${node_port[0]}/api/cluster" | python3 -c 'import json,sys; print(sum(n["connections"] for n in json.load(sys.stdin)["nodes"]))' 2>/dev/null || echo 0)
  [ "$held" -ge "$total" ] && break
  sleep 1
done
sleep 3
for i in 0 1 2; do heldrss[$i]=$(rss_kib "${node_pid[$i]}"); conns[$i]=$(curl -s "http://127.0.0.1:${node_port[$i]}/metrics" | awk '/^tandem_connections /{print $2}'); done
redis_held=$(rss_kib "$redis_pid")
curl -s "http://127.0.0.1:${node_port[0]}/api/cluster" >"$out/hold-cluster.json"
for p in "${load_pids[@]}"; do wait "$p" || true; done
stop_all
{
  echo "## Hold: $held of $total connections joined on 3 nodes"
  for i in 0 1 2; do
    python3 - "$i" "${idle[$i]}" "${heldrss[$i]}" "${conns[$i]}" "$out/hold-$i.json" <<'PY'
import json, sys
i, idle, held, conns, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4] or 0), sys.argv[5]
r = json.load(open(path))
per = (held - idle) / conns if conns else float("nan")
print(f"- node {i}: {conns} sockets, RSS {idle/1024:.1f} -> {held/1024:.1f} MiB = {per:.2f} KiB per connection; "
      f"load process {i}: {r.get('held')} held, probes {r['pairs']} ok / {r['pairs_failed']} failed, "
      f"lost/dup/misrouted/out-of-order {r['lost']}/{r['duplicated']}/{r['misrouted']}/{r['out_of_order']}, errors {json.dumps(r['errors'])}")
PY
  done
  echo "- redis-server RSS $((redis_idle / 1024)) -> $((redis_held / 1024)) MiB"
} | tee "$out/summary.md"

## 1b. baseline of the hold: one node with the memory store, N connections, same load tool
echo "== hold baseline: $per_node connections on one memory-store node" >&2
start_node hold-memory memory; base_pid=$started_pid base_port=$started_port
sleep 2
base_idle=$(rss_kib "$base_pid")
"$load_bin" --server "ws://127.0.0.1:$base_port/" --hold "$per_node" --hold-seconds 30 --pairs 300 --concurrency 64 --timeout 300 \
  --source-ips 127.0.1.1-127.0.1.8 --server-pid "$base_pid" --json "$out/hold-memory.json" --quiet >"$out/hold-memory.txt" 2>&1 &
base_load=$!
for _ in $(seq 1800); do
  base_conns=$(curl -s "http://127.0.0.1:$base_port/metrics" | awk '/^tandem_connections /{print $2}')
  [ "${base_conns:-0}" -ge "$per_node" ] && break
  sleep 1
done
sleep 3
base_held=$(rss_kib "$base_pid")
base_conns=$(curl -s "http://127.0.0.1:$base_port/metrics" | awk '/^tandem_connections /{print $2}')
wait "$base_load" || true
stop_all
python3 - "${base_idle}" "${base_held}" "${base_conns:-0}" "$out/hold-memory.json" <<'PY' | tee -a "$out/summary.md"
import json, sys
idle, held, conns, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
r = json.load(open(path))
per = (held - idle) / conns if conns else float("nan")
print(f"- baseline, memory store, 1 node: {conns} sockets, RSS {idle/1024:.1f} -> {held/1024:.1f} MiB = {per:.2f} KiB per connection; "
      f"probes {r['pairs']} ok / {r['pairs_failed']} failed, lost/dup/misrouted/out-of-order {r['lost']}/{r['duplicated']}/{r['misrouted']}/{r['out_of_order']}")
PY
[ "$only_hold" = 1 ] && exit 0

## 2. throughput: memory node against a 2-node cluster, same workload, same run
redis_port=$(free_port)
/usr/bin/redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$out/redis2.log" 2>&1 &
redis_pid=$!; pids+=("$redis_pid"); wait_listen "$redis_port"
start_node memory memory; mem_pid=$started_pid mem_port=$started_port
start_node cluster-0 redis; c0_pid=$started_pid c0_port=$started_port
start_node cluster-1 redis; c1_pid=$started_pid c1_port=$started_port
sleep 2
run() { # NAME SERVERS PIDS...
  local name=$1 servers=$2; shift 2
  "$load_bin" --server "$servers" --pairs 200 --rounds "$rounds" --concurrency 32 --quiet >/dev/null 2>&1 || true   # warm-up
  local before=0 after=0 rb ra
  for p in "$@"; do before=$(( before + $(cpu_ticks "$p") )); done; rb=$(cpu_ticks "$redis_pid")
  "$load_bin" --server "$servers" --pairs "$pairs" --rounds "$rounds" --concurrency 32 --json "$out/$name.json" --quiet >"$out/$name.txt" 2>&1 || true
  for p in "$@"; do after=$(( after + $(cpu_ticks "$p") )); done; ra=$(cpu_ticks "$redis_pid")
  python3 - "$name" "$out/$name.json" "$(( after - before ))" "$(( ra - rb ))" "$(getconf CLK_TCK)" <<'PY'
import json, sys
name, path, node, redis, hz = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
r = json.load(open(path))
m = r["messages"]
print(f"- {name}: {r['pairs_per_sec']:.0f} pairs/s, {r['messages_per_sec']:.0f} forwarded/s, p50/p99 {r['latency_ms']['p50']:.2f}/{r['latency_ms']['p99']:.2f} ms; "
      f"CPU per forwarded message: nodes {node / hz / m * 1e6:.1f} µs, redis-server {redis / hz / m * 1e6:.1f} µs; "
      f"lost/dup/misrouted/out-of-order {r['lost']}/{r['duplicated']}/{r['misrouted']}/{r['out_of_order']}, failed pairs {r['pairs_failed']}")
PY
}
{
  echo "## Throughput ($pairs pairs x $rounds rounds of offer/answer + 10 ice each way)"
  run memory-1-node "ws://127.0.0.1:$mem_port/" "$mem_pid"
  run redis-2-nodes "ws://127.0.0.1:$c0_port/,ws://127.0.0.1:$c1_port/" "$c0_pid" "$c1_pid"
  run memory-1-node-again "ws://127.0.0.1:$mem_port/" "$mem_pid"
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$out/summary.md"
