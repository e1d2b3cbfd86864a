#!/usr/bin/env bash
# Video latency benchmark (issue 14): our glasses (tandem device, in-process libx264) against Chromium
# glasses, each sending to the server's /app page in Chromium through our server, same run, quiet and
# with a busy loop on every core; inside a private network namespace (scripts/testnet.sh).
#   bench/latency.sh [--no-build] [--jit] [--netns NAME] [--nice N] [program options...]
# Our glasses run from a ReadyToRun publish of the CLI (bench/results/latency-cli), as a device ships
# them; --jit runs the plain build output instead (every method compiled on first use).
# Program options: --rounds 3  --settle 3  --warmup 4  --seconds 10  --size 1280x720  --senders ours,chromium
#                  --loads quiet,hog  --window-from sync|frame  --ours-args "ARGS" (more tandem device arguments, an experiment)  --out DIR
# Prints progress, then the table; writes DIR/summary.md and DIR/results.json.
# Needs root (ip netns) and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1 netns=tdm-latency nice=0 jit=0 args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --netns) netns=$2; shift 2 ;;
    --nice) nice=$2; shift 2 ;;
    --jit) jit=1; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

project=bench/Tandem.LatencyBench
published=bench/results/latency-cli
if [ "$build" = 1 ]; then
  dotnet build "$project" -c Release -nologo -v q
  # Our glasses run as a device would ship them: published ReadyToRun (precompiled), unless --jit.
  [ "$jit" = 1 ] || dotnet publish src/Tandem.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$published" -nologo -v q
fi
if [ "$jit" = 0 ]; then
  [ -f "$published/tandem.dll" ] || { echo "latency bench: $published/tandem.dll is missing: run without --no-build once" >&2; exit 2; }
  export TANDEM_CLI=$PWD/$published/tandem.dll
fi

export TANDEM_NETNS=$netns
trap 'bash scripts/testnet.sh down' EXIT
bash scripts/testnet.sh up
bash scripts/testnet.sh exec nice -n "$nice" "$project/bin/Release/net10.0/Tandem.LatencyBench" "${args[@]}"
