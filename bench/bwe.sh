#!/usr/bin/env bash
# Congestion-control benchmark (issue 15): our glasses (tandem device, in-process libx264) against Chromium
# glasses, each sending to the server's /app page in Chromium through a shaped router (tests/Shared/Shaping:
# glasses and router namespaces joined to a private test namespace; tbf rate caps toward the app, a TUN relay
# for delay, loss and outages), same run, same shaping. Scenarios: cap (1 Mbit/s), steps (4 → 1 → 0.5 → 2 Mbit/s
# every 15 s), loss (2 % at 40 ms RTT), outage (2 s).
#   bench/bwe.sh [--no-build] [--netns NAME] [--scenarios cap,steps,loss,outage] [--rounds 1] [--size 1280x720]
#                [--senders ours,chromium] [--ours-args "ARGS"] [--out DIR]
# Prints progress, then the tables; writes DIR/summary.md and DIR/results.json (default bench/results/bwe).
# Needs root (ip netns, tc, /dev/net/tun) and Debian's chromium. Our glasses run from a ReadyToRun publish, as in latency.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1 netns=tdm-bwe args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --netns) netns=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

project=bench/Tandem.LatencyBench
published=bench/results/latency-cli
if [ "$build" = 1 ]; then
  dotnet build "$project" -c Release -nologo -v q
  dotnet publish src/Tandem.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$published" -nologo -v q
fi
[ -f "$published/tandem.dll" ] || { echo "bwe bench: $published/tandem.dll is missing: run without --no-build once" >&2; exit 2; }
export TANDEM_CLI=$PWD/$published/tandem.dll

export TANDEM_NETNS=$netns
trap 'bash scripts/testnet.sh down' EXIT
bash scripts/testnet.sh up
bash scripts/testnet.sh exec "$project/bin/Release/net10.0/Tandem.LatencyBench" bwe "${args[@]}"
