# The RTP, RTCP and DTLS datagrams of a call as they cross this network namespace (every interface, each packet once),
# one line each: "TIME SRC DST rtp PT SEQ TIMESTAMP SSRC LENGTH" or "TIME SRC DST rtcp PT SSRC LENGTH", TIME in seconds
# of the wall clock when the kernel passed the packet (SO_TIMESTAMPNS: not when this script got the CPU to read it, which
# on a loaded machine is tens of milliseconds later). The RTP header is in the clear under SRTP (RFC 3711 §3.1).
# Runs until killed.
# Started by bench/Tandem.LatencyBench (WireTrace.cs) with Debian's /usr/bin/python3; needs root (a packet socket).
import socket
import struct
import sys
import time

ETH_P_ALL = 3
SO_TIMESTAMPNS = 35
SO_RCVBUFFORCE = 33
out = open(sys.argv[1], 'w', buffering=1)
sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(ETH_P_ALL))
sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
# A call's start is a burst (a keyframe, probes) while this script waits for the CPU: room for seconds of it, or the
# kernel drops what does not fit and the trace shows gaps the call never had.
sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
while True:
    data, ancillary, _, address = sock.recvmsg(65535, socket.CMSG_SPACE(16))
    now = time.time()
    for level, kind, value in ancillary:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(value) >= 16:
            seconds, nanoseconds = struct.unpack('qq', value[:16])
            now = seconds + nanoseconds / 1e9
    # On lo every packet is seen leaving and arriving: keep one.
    if address[2] == socket.PACKET_OUTGOING and address[0] == 'lo':
        continue
    if len(data) < 42 or struct.unpack('!H', data[12:14])[0] != 0x0800 or data[23] != 17:
        continue
    ihl = (data[14] & 15) * 4
    src, dst = socket.inet_ntoa(data[26:30]), socket.inet_ntoa(data[30:34])
    sport, dport = struct.unpack('!HH', data[14 + ihl:18 + ihl])
    payload = data[22 + ihl:]
    # RFC 7983: 128-191 RTP/RTCP; RFC 5761 §4: RTCP packet types 192-223.
    if len(payload) < 12 or not 128 <= payload[0] <= 191:
        continue
    if 192 <= payload[1] <= 223:
        out.write(f"{now:.6f} {src}:{sport} {dst}:{dport} rtcp {payload[1]} {struct.unpack('!I', payload[4:8])[0]} {len(payload)}\n")
    else:
        seq, ts, ssrc = struct.unpack('!HII', payload[2:12])
        out.write(f"{now:.6f} {src}:{sport} {dst}:{dport} rtp {payload[1] & 127} {seq} {ts} {ssrc} {len(payload)}\n")
