#!/usr/bin/env bash
# Network handover benchmark (issue 16): the glasses (tandem device, in a namespace of their own with a
# Wi-Fi and a cellular uplink) move between the two mid-call, N times per role (glasses offering, then
# answering); each outage (last frame before the switch -> first frame after, at our app) is measured
# and p50/p95/max are reported beside the call's own setup time. Runs inside a private network
# namespace (scripts/testnet.sh).
#   bench/handover.sh [--no-build] [--netns NAME] [--nice N] [--runs N] [--out DIR]
# Prints each switch, then the table; writes DIR/summary.md (default handover-results/). Needs root (ip netns).
set -euo pipefail
cd "$(dirname "$0")/.."

build=1 netns=tdm-hobench nice=0 args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --netns) netns=$2; shift 2 ;;
    --nice) nice=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

project=bench/Tandem.Handover
if [ "$build" = 1 ]; then
  dotnet build "$project" -c Release -nologo -v q
fi

export TANDEM_NETNS=$netns
trap 'bash scripts/testnet.sh down' EXIT
bash scripts/testnet.sh up
bash scripts/testnet.sh exec nice -n "$nice" "$project/bin/Release/net10.0/Tandem.Handover" "${args[@]}"
