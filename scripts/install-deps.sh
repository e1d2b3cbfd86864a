#!/usr/bin/env bash
# Installs the Debian packages the tests need, only where missing. Needs root; without it, says what is missing.
set -euo pipefail
need=()
for pkg in chromium ffmpeg libopus0 libx264-164 libsrtp2-1 iproute2 systemd coturn iptables nftables python3; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing packages: ${need[*]} (install them with: sudo apt-get install -y ${need[*]})" >&2
  exit 0
fi
echo "installing: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
