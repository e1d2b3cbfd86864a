#!/usr/bin/env bash
# Data-channel throughput benchmark (issue 4): C# -> C#, C# -> Chromium, Chromium -> C# and
# Chromium -> Chromium in one run, inside a private network namespace (two veth hosts, see
# scripts/testnet.sh): one reliable ordered channel, numbered messages checked at the receiver.
#   bench/datachannel.sh [--no-build] [--netns NAME] [--nice N] [program options...]
# Program options: --sizes 16384,1024  --mib 32  --rounds 3  --warmup-mib 4
#                  --pairings OursToOurs,OursToChromium,ChromiumToOurs,ChromiumToChromium  --out DIR
# Prints progress, then the table; writes DIR/summary.md, DIR/results.json, DIR/datachannel-throughput.svg.
# Needs root (ip netns) and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1 netns=tdm-dcbench nice=0 args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --netns) netns=$2; shift 2 ;;
    --nice) nice=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

project=bench/Tandem.DataChannelThroughput
if [ "$build" = 1 ]; then
  dotnet build "$project" -c Release -nologo -v q
fi

export TANDEM_NETNS=$netns
trap 'bash scripts/testnet.sh down' EXIT
bash scripts/testnet.sh up
bash scripts/testnet.sh exec nice -n "$nice" "$project/bin/Release/net10.0/Tandem.DataChannelThroughput" "${args[@]}"
