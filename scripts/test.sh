#!/usr/bin/env bash
# Runs every test. Builds on the host (restore needs the package feed), then runs the tests
# inside a private network namespace when root (see scripts/testnet.sh), else on the host.
#   scripts/test.sh [extra dotnet test arguments, e.g. --filter Category!=Browser]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# The arm64 publish test runs offline in the test namespace: its runtime pack comes into the cache here.
dotnet restore samples/Glasses/Glasses.csproj -r linux-arm64 -p:SelfContained=true -nologo -v q
dotnet build Tandem.slnx -c Release -nologo -v q
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# One test project at a time (-m:1): the end-to-end and browser tests assert functional time bounds
# (e.g. video back within 3 s of an app restart), which projects competing for 2 cores could break.
run=(dotnet test Tandem.slnx -c Release --no-build -nologo -m:1 "$@")
status=0
if [ "$(id -u)" -eq 0 ] && command -v ip >/dev/null; then
  bash scripts/testnet.sh up
  trap 'bash scripts/testnet.sh down; rm -f "$log"' EXIT
  bash scripts/testnet.sh exec "${run[@]}" 2>&1 | tee "$log" || status=$?
else
  "${run[@]}" 2>&1 | tee "$log" || status=$?
fi
# One plain closing line over all test projects.
awk '/(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { gsub(",", "", p); printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
