"""The command line every partner peer takes (aiortc, GStreamer): the same words as `tandem device`
and `tandem app` where they mean the same thing."""

import argparse


def parse(description: str, argv=None) -> argparse.Namespace:
    """Parses the arguments; the role follows the id: glasses_<uid> sends video, app_<uid> receives it."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--server", required=True, help="signaling server, e.g. ws://127.0.0.1:8000/")
    p.add_argument("--id", required=True, help="glasses_<uid> (sends H.264 + Opus) or app_<uid> (receives video, sends Opus)")
    p.add_argument("--no-video", action="store_true", help="leave video out of the negotiation")
    p.add_argument("--no-audio", action="store_true", help="leave audio out of the negotiation")
    p.add_argument("--no-data", action="store_true", help="leave the data channel out of the negotiation")
    p.add_argument("--seconds", type=float, default=10,
                   help="app: run this long after the first video frame (after connecting when there is no video), "
                        "then leave; glasses run until the peer leaves")
    p.add_argument("--timeout", type=float, default=60,
                   help="give up when not connected this long after start; glasses also stop this long after connecting")
    p.add_argument("--send", action="append", default=[], help="text sent once the channel opens (repeatable)")
    p.add_argument("--send-binary", action="append", default=[], metavar="HEX",
                   help="binary message sent once the channel opens, as hex (repeatable)")
    p.add_argument("--pings", type=int, default=20,
                   help="after the sends, this many 'ping N' texts one at a time, each waiting for its echo")
    p.add_argument("--size", default="320x240", help="glasses: video size WxH")
    p.add_argument("--fps", type=int, default=30, help="glasses: video frame rate")
    p.add_argument("--tone", type=float, default=0, help="frequency of the sent tone (default 550 Hz glasses, 770 Hz app)")
    p.add_argument("--join-on-stdin", action="store_true",
                   help="start up, then join only when a line arrives on stdin (lets a test control the join order)")
    args = p.parse_args(argv)
    if not (args.id.startswith("glasses_") or args.id.startswith("app_")):
        p.error("--id must be glasses_<uid> or app_<uid>")
    if args.no_video and args.no_audio and args.no_data:
        p.error("--no-video, --no-audio and --no-data together leave nothing to connect")
    if args.no_data and (args.send or args.send_binary):
        p.error("--send and --send-binary need the data channel (drop --no-data)")
    try:
        args.binaries = [bytes.fromhex(h) for h in args.send_binary]
    except ValueError as e:
        p.error(f"--send-binary: {e}")
    width, _, height = args.size.partition("x")
    args.width, args.height = int(width), int(height)
    args.glasses = args.id.startswith("glasses_")
    args.video, args.audio, args.data = not args.no_video, not args.no_audio, not args.no_data
    if args.tone == 0:
        args.tone = 550.0 if args.glasses else 770.0
    return args
