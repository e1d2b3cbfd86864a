#!/usr/bin/env bash
# Publishes the signaling server as one self-contained executable per Linux architecture (no .NET
# needed on the target machine): DIR/RID/Tandem.Server and DIR/RID/appsettings.json.
#   deploy/publish.sh [--out DIR] [RID ...]     DIR defaults to artifacts/server, RIDs to linux-x64 linux-arm64
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/server
rids=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    -*) echo "unknown option $1 (usage: deploy/publish.sh [--out DIR] [RID ...])" >&2; exit 2 ;;
    *) rids+=("$1"); shift ;;
  esac
done
[ ${#rids[@]} -eq 0 ] && rids=(linux-x64 linux-arm64)
for rid in "${rids[@]}"; do
  echo "publishing the server for $rid into $out/$rid" >&2
  # Symbols embedded: stack traces keep their line numbers, and no .pdb lies beside the executable.
  dotnet publish src/Tandem.Server -c Release -r "$rid" --self-contained -p:PublishSingleFile=true -p:DebugType=embedded \
    -o "$out/$rid" -nologo -v q
done
