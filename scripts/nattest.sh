#!/usr/bin/env bash
# A NAT test topology in network namespaces, for relay-only (TURN) tests: the glasses and the app each
# sit behind their own NAT router (MASQUERADE --random-fully: a new random port per destination, so
# mappings are endpoint-dependent, as a symmetric NAT's) on a shared "internet" holding the signaling
# server and coturn. Host candidates are unroutable between the LANs and server-reflexive ones do not
# match the ports a peer's checks leave from, so only relayed candidates can pair.
#
#   scripts/nattest.sh up PREFIX       create PREFIX-{inet,rg,lg,ra,la,void} (deleting leftovers of that prefix first)
#   scripts/nattest.sh down PREFIX     delete them
#   scripts/nattest.sh exec PREFIX inet|glasses|app CMD...
#
#   PREFIX-inet  203.0.113.1 (to the glasses' router), 198.51.100.1 (to the app's router): server, coturn
#   PREFIX-rg    router: wan 203.0.113.2, lan 192.168.10.1      PREFIX-lg  glasses host 192.168.10.2
#   PREFIX-ra    router: wan 198.51.100.2, lan 192.168.20.1     PREFIX-la  app host 192.168.20.2
#   PREFIX-void  where the internet's default route ends: private addresses vanish there silently
# Every link is created inside its namespaces, so nothing appears in the caller's namespace. Root only.
set -euo pipefail
cmd=${1:-}
p=${2:-}
if [[ -z "$cmd" || -z "$p" || ! "$p" =~ ^[A-Za-z0-9_-]{1,40}$ ]]; then
  echo "usage: $0 up|down PREFIX | exec PREFIX inet|glasses|app CMD...  (PREFIX: 1-40 of [A-Za-z0-9_-])" >&2
  exit 2
fi
names=("$p-inet" "$p-rg" "$p-lg" "$p-ra" "$p-la" "$p-void")

down() {
  for n in "${names[@]}"; do ip netns del "$n" 2>/dev/null || true; done
}

in_ns() { local n=$1; shift; ip netns exec "$n" "$@"; }

up() {
  down
  # A half-built topology is removed again, so a failed run leaves nothing behind.
  trap 'down; echo "nattest.sh: setting up $p failed; nothing was left behind" >&2' ERR
  for n in "${names[@]}"; do
    ip netns add "$n"
    in_ns "$n" ip link set lo up
  done
  ip link add wg netns "$p-inet" type veth peer name wan netns "$p-rg"
  ip link add wa netns "$p-inet" type veth peer name wan netns "$p-ra"
  ip link add lan netns "$p-rg" type veth peer name eth0 netns "$p-lg"
  ip link add lan netns "$p-ra" type veth peer name eth0 netns "$p-la"

  in_ns "$p-inet" ip addr add 203.0.113.1/24 dev wg
  in_ns "$p-inet" ip addr add 198.51.100.1/24 dev wa
  in_ns "$p-inet" ip link set wg up
  in_ns "$p-inet" ip link set wa up
  # The "internet" routes between the two routers' public addresses; anything else (the LANs' private
  # addresses) goes to PREFIX-void, which neither forwards nor can answer, so it vanishes without an
  # error, as on the real internet. A send that fails (ENETUNREACH with no route, EINVAL on a blackhole
  # route) makes coturn close the whole allocation that tried to relay to a peer's host candidate.
  in_ns "$p-inet" sysctl -qw net.ipv4.ip_forward=1
  ip link add void netns "$p-inet" type veth peer name eth0 netns "$p-void"
  in_ns "$p-inet" ip addr add 10.255.255.1/30 dev void
  in_ns "$p-inet" ip link set void up
  in_ns "$p-void" ip addr add 10.255.255.2/30 dev eth0
  in_ns "$p-void" ip link set eth0 up
  in_ns "$p-inet" ip route add default via 10.255.255.2

  router "$p-rg" 203.0.113.2 203.0.113.1 192.168.10.1
  router "$p-ra" 198.51.100.2 198.51.100.1 192.168.20.1
  host "$p-lg" 192.168.10.2 192.168.10.1
  host "$p-la" 192.168.20.2 192.168.20.1
  trap - ERR
}

router() {
  local n=$1 wan=$2 gateway=$3 lan=$4
  in_ns "$n" ip addr add "$wan/24" dev wan
  in_ns "$n" ip addr add "$lan/24" dev lan
  in_ns "$n" ip link set wan up
  in_ns "$n" ip link set lan up
  in_ns "$n" ip route add default via "$gateway"
  in_ns "$n" sysctl -qw net.ipv4.ip_forward=1
  # Endpoint-dependent mapping: every new (destination, port) gets a fresh random public port.
  in_ns "$n" iptables -t nat -A POSTROUTING -o wan -j MASQUERADE --random-fully
  # Filtering: nothing enters the LAN unless it answers a flow the LAN opened, and unsolicited packets to
  # the public address are dropped silently, as home and carrier NATs do (an ICMP port unreachable back to
  # a TURN relay makes coturn close the allocation that sent the packet).
  in_ns "$n" iptables -A FORWARD -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  in_ns "$n" iptables -A FORWARD -i wan -j DROP
  in_ns "$n" iptables -A INPUT -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  in_ns "$n" iptables -A INPUT -i wan -j DROP
}

host() {
  local n=$1 address=$2 gateway=$3
  in_ns "$n" ip addr add "$address/24" dev eth0
  in_ns "$n" ip link set eth0 up
  in_ns "$n" ip route add default via "$gateway"
}

case "$cmd" in
  up) up ;;
  down) down ;;
  exec)
    node=${3:-}
    shift 3 || true
    case "$node" in
      inet) exec ip netns exec "$p-inet" "$@" ;;
      glasses) exec ip netns exec "$p-lg" "$@" ;;
      app) exec ip netns exec "$p-la" "$@" ;;
      *) echo "usage: $0 exec PREFIX inet|glasses|app CMD..." >&2; exit 2 ;;
    esac
    ;;
  *)
    echo "usage: $0 up|down PREFIX | exec PREFIX inet|glasses|app CMD..." >&2
    exit 2
    ;;
esac
