#!/usr/bin/env bash
# Fuzzes the network parsers with SharpFuzz + AFL++, one target at a time (not run in CI).
#   fuzz/run.sh [seconds-per-target] [target...]      e.g. fuzz/run.sh 300 stun rtcp
# Builds fuzz/Tandem.Fuzz, instruments our assemblies, runs afl-fuzz (persistent mode) on each
# target for the given seconds from its seeds (fuzz/seeds/<target>), prints progress and a summary,
# and copies crashes and hangs to fuzz/findings/<target>/. Exits 1 when anything was found.
# Needs afl-fuzz (Debian package afl++). Work files: $TANDEM_FUZZ_WORK (default /tmp/tandem-fuzz).
# TANDEM_FUZZ_OUT_OF_PROCESS=1 runs each input in a child process: slower, but a stack overflow or a
# hang is reported as a finding instead of ending afl-fuzz. TANDEM_FUZZ_RESUME=1 continues each
# target's previous run in the work dir (its corpus and counters) instead of starting from the seeds.
# TANDEM_FUZZ_EXECS=N also stops a target once it has run N executions in all (whichever comes first).
# TANDEM_FUZZ_NO_BUILD=1 reuses the instrumented build already in the work dir.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-300}
shift || true
work=${TANDEM_FUZZ_WORK:-/tmp/tandem-fuzz}

if ! command -v afl-fuzz >/dev/null; then
  echo "afl-fuzz not found: install it with 'apt-get install afl++'" >&2
  exit 2
fi

if [ "${TANDEM_FUZZ_NO_BUILD:-0}" = 1 ] && [ -f "$work/bin/Tandem.Fuzz.dll" ]; then
  echo "== reusing the instrumented build in $work/bin"
else
  echo "== building and instrumenting (work dir $work)"
  export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
  dotnet tool restore >/dev/null
  rm -rf "$work/publish" "$work/bin"
  mkdir -p "$work"
  dotnet publish Tandem.Fuzz/Tandem.Fuzz.csproj -c Release -o "$work/publish" -nologo -v q
  cp -r "$work/publish" "$work/bin"
  for assembly in Tandem.Signaling Tandem.WebRtc Tandem.Media; do
    dotnet sharpfuzz "$work/bin/$assembly.dll"
  done
fi

if [ $# -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(dotnet "$work/bin/Tandem.Fuzz.dll" --list)
fi

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
stat() { awk -v k="$2" '$1 == k { print $3 }' "$1/default/fuzzer_stats" 2>/dev/null || true; }
summary="$work/summary.txt"
printf '%-18s %12s %8s %10s %8s %6s %s\n' target executions seconds exec/s crashes hangs status > "$summary"
found=0
for target in "${targets[@]}"; do
  out="$work/out/$target"
  input="seeds/$target"
  if [ "${TANDEM_FUZZ_RESUME:-0}" = 1 ] && [ -f "$out/default/fuzzer_stats" ]; then
    input=-
    echo "== $target: ${seconds} s more, resuming from $(stat "$out" execs_done) executions"
  else
    rm -rf "$out"
    mkdir -p "$work/out"
    echo "== $target: ${seconds} s from $(ls "seeds/$target" | wc -l) seeds"
  fi
  limit=(-V "$seconds")
  [ -z "${TANDEM_FUZZ_EXECS:-}" ] || limit+=(-E "$TANDEM_FUZZ_EXECS")
  # On a loaded machine afl-fuzz's dry run has now and then seen an empty coverage map
  # ("No instrumentation detected") from a target that is instrumented; a second start has worked.
  for attempt in 1 2; do
    nice -n 10 afl-fuzz -i "$input" -o "$out" "${limit[@]}" -t 2000 -m none -- \
      dotnet "$work/bin/Tandem.Fuzz.dll" "$target" > "$work/$target.log" 2>&1 &
    afl=$!
    while kill -0 "$afl" 2>/dev/null; do
      sleep 30
      kill -0 "$afl" 2>/dev/null && echo "   $target: $(stat "$out" execs_done) executions, $(stat "$out" saved_crashes) crashes, $(stat "$out" saved_hangs) hangs"
    done
    status=ok
    wait "$afl" || status="afl-fuzz failed (see $work/$target.log)"
    if [ "$status" = ok ] || ! grep -q "No instrumentation detected" "$work/$target.log" || [ "$input" = - ]; then
      break
    fi
    echo "   $target: afl-fuzz saw no coverage on its dry run; starting it once more"
    rm -rf "$out"
  done
  executions=$(stat "$out" execs_done)
  runtime=$(stat "$out" run_time)
  crashes=$(stat "$out" saved_crashes)
  hangs=$(stat "$out" saved_hangs)
  rate=$(awk -v e="${executions:-0}" -v t="${runtime:-0}" 'BEGIN { printf "%.0f", (t > 0 ? e / t : 0) }')
  for kind in crashes hangs; do
    for file in "$out/default/$kind"/id:*; do
      [ -e "$file" ] || continue
      mkdir -p "findings/$target"
      prefix=crash; [ "$kind" = hangs ] && prefix=hang
      cp -n "$file" "findings/$target/$prefix-$(sha1sum "$file" | cut -c1-12)"
      found=1
    done
  done
  [ "${crashes:-0}" = 0 ] && [ "${hangs:-0}" = 0 ] || status="FOUND: replay with dotnet $work/publish/Tandem.Fuzz.dll $target fuzz/findings/$target/*"
  [ "$status" = ok ] || found=1
  printf '%-18s %12s %8s %10s %8s %6s %s\n' "$target" "${executions:-0}" "${runtime:-0}" "$rate" "${crashes:-0}" "${hangs:-0}" "$status" | tee -a "$summary"
done
echo
echo "== summary (also in $summary)"
cat "$summary"
exit "$found"
