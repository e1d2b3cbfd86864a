#!/usr/bin/env bash
# A private network namespace with two veth test hosts (10.77.0.1, 10.77.0.2) for WebRTC tests:
# Chromium gathers no loopback candidates, and test traffic must never reach a real interface.
#   scripts/testnet.sh up | down | exec CMD...
set -euo pipefail
ns=${TANDEM_NETNS:-tandem-test}
# Link names are created in the root namespace before they move, so each namespace gets its own.
a=${ns:0:10}A
b=${ns:0:10}B
case "${1:-}" in
  up)
    ip netns del "$ns" 2>/dev/null || true
    ip netns add "$ns"
    ip netns exec "$ns" ip link set lo up
    ip link add "$a" type veth peer name "$b" netns "$ns"
    ip link set "$a" netns "$ns"
    ip netns exec "$ns" sh -c "ip addr add 10.77.0.1/24 dev $a; ip addr add 10.77.0.2/24 dev $b;
      ip link set $a up; ip link set $b up; ip route add default via 10.77.0.2 dev $a"
    ;;
  down)
    ip netns del "$ns" 2>/dev/null || true
    ;;
  exec)
    shift
    exec ip netns exec "$ns" "$@"
    ;;
  *)
    echo "usage: $0 up | down | exec CMD..." >&2
    exit 2
    ;;
esac
