#!/usr/bin/env bash
# Installs the Debian packages the tests need, only where missing. Needs root; without it, says what is missing.
set -euo pipefail
need=()
# chromium, ffmpeg, libopus0, libx264-164, libsrtp2-1, iproute2, systemd: the browser, media, network and hosting tests;
# coturn, iptables, nftables, python3: the NAT topology's TURN server and routers.
# redis-server: the store of the two-node cluster the signaling conformance and fault tests start.
# The interop matrix (tests/Tandem.Interop.Tests, interop/): aiortc and its websocket client for
# /usr/bin/python3, GStreamer webrtcbin (plugins-bad) with libnice, x264enc (ugly), openh264dec (bad),
# Opus and RTP (base/good), its Python bindings and webrtcbin's introspection data.
for pkg in chromium ffmpeg libopus0 libx264-164 libsrtp2-1 iproute2 systemd coturn iptables nftables python3 redis-server \
    python3-aiortc python3-websockets python3-numpy \
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly \
    gstreamer1.0-nice python3-gst-1.0 gir1.2-gst-plugins-bad-1.0; do
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
