#!/usr/bin/python3
"""GStreamer webrtcbin (Debian gstreamer1.0-plugins-bad, -good, -ugly, gstreamer1.0-nice,
python3-gst-1.0) as a Tandem partner: speaks PROTOCOL.md itself and acts as the glasses (x264enc
H.264 and an opusenc tone, hears the app) or as the app (openh264dec, opusdec, sends a tone); echoes
and times the data channel. Prints JSON lines (see ../README.md). Run with /usr/bin/python3.

webrtcbin runs its own threads: every callback hops onto the asyncio loop before it touches the
session, so the session's state has one owner."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import gi  # noqa: E402

gi.require_version("Gst", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

from branches import (  # noqa: E402
    AUDIO_RECEIVE, AUDIO_SEND, H264_ANSWER, H264_PREFERENCE, OPUS_PREFERENCE, VIDEO_RECEIVE, VIDEO_SEND, bin_from, count_buffers,
    payload_type, samples_of)
from common import options, session  # noqa: E402

Direction = GstWebRTC.WebRTCRTPTransceiverDirection


class GStreamerPeer(session.Partner):
    name = "gstreamer"

    def __init__(self, args):
        super().__init__(args)
        Gst.init(None)
        self.report.summary["version"] = Gst.version_string()
        self.loop = None
        self.pipeline = Gst.Pipeline.new("partner")
        self.webrtc = Gst.ElementFactory.make("webrtcbin", "webrtc")
        self.webrtc.set_property("bundle-policy", GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE)
        self.pipeline.add(self.webrtc)
        self._camera = None
        self._pending_candidates = []
        self._remote_set = False
        self._channel = None
        self._local_mids = []

    async def run(self) -> int:
        self.loop = asyncio.get_running_loop()
        self._build()
        self.pipeline.get_bus().set_sync_handler(self._on_bus_message)
        self.pipeline.set_state(Gst.State.PLAYING)
        return await super().run()

    async def close(self) -> None:
        self.pipeline.set_state(Gst.State.NULL)

    async def offer(self) -> None:
        a = self.args
        if a.video and a.glasses:
            self._link_sender(self._video_branch(96), "sink_%u", Direction.SENDONLY, H264_PREFERENCE)
        elif a.video:
            self.webrtc.emit("add-transceiver", Direction.RECVONLY, Gst.Caps.from_string(H264_PREFERENCE))
        if a.audio:
            self._link_sender(bin_from(AUDIO_SEND.format(tone=a.tone, pt=111)), "sink_%u", Direction.SENDRECV, OPUS_PREFERENCE)
        if a.data:
            # R38: the offerer creates "tandem", ordered and reliable.
            ordered = Gst.Structure.new_from_string("options, ordered=(boolean)true")
            self._use_channel(self.webrtc.emit("create-data-channel", "tandem", ordered))
        offer = await self._call("create-offer", None)
        self._remember_mids(offer)
        await self._call("set-local-description", self._description(GstWebRTC.WebRTCSDPType.OFFER, offer))
        await self.signaling.send("offer", {"type": "offer", "sdp": offer})

    async def on_offer(self, data: dict) -> None:
        await self._call("set-remote-description", self._description(GstWebRTC.WebRTCSDPType.OFFER, data["sdp"]))
        self._remote_set = True
        # webrtcbin made a transceiver per offered m-line: a pad named sink_<index> sends on that line.
        for index, m_line in enumerate(line for line in data["sdp"].splitlines() if line.startswith("m=")):
            kind = m_line.split()[0][2:]
            # The payloaders send the offer's payload types (an unconstrained one sends 96).
            if kind == "video" and self.args.video and self.args.glasses:
                pt = payload_type(data["sdp"], index, "h264/90000", 96)
                self._link_sender(self._video_branch(pt), f"sink_{index}", Direction.SENDONLY, H264_ANSWER)
            elif kind == "audio" and self.args.audio:
                pt = payload_type(data["sdp"], index, "opus/48000", 111)
                self._link_sender(bin_from(AUDIO_SEND.format(tone=self.args.tone, pt=pt)), f"sink_{index}", Direction.SENDRECV, None)
        answer = await self._call("create-answer", None)
        self._remember_mids(answer)
        await self._call("set-local-description", self._description(GstWebRTC.WebRTCSDPType.ANSWER, answer))
        await self.signaling.send("answer", {"type": "answer", "sdp": answer})
        self._flush_candidates()

    async def on_answer(self, data: dict) -> None:
        await self._call("set-remote-description", self._description(GstWebRTC.WebRTCSDPType.ANSWER, data["sdp"]))
        self._remote_set = True
        self._flush_candidates()

    async def on_ice(self, data: dict) -> None:
        line = data.get("candidate") or ""
        if not line:
            return  # R36: end of candidates; libnice needs no marker.
        entry = (int(data.get("sdpMLineIndex") or 0), line)
        if self._remote_set:
            self.webrtc.emit("add-ice-candidate", *entry)
        else:
            self._pending_candidates.append(entry)

    def _build(self) -> None:
        self.webrtc.connect("on-ice-candidate", lambda _, index, line: self._hop(self._send_candidate, index, line))
        self.webrtc.connect("notify::connection-state", lambda *_: self._hop(self._on_state))
        self.webrtc.connect("pad-added", self._on_pad)
        self.webrtc.connect("on-data-channel", lambda _, channel: self._hop(self._on_remote_channel, channel))

    def _video_branch(self, pt: int) -> Gst.Bin:
        a = self.args
        video = bin_from(VIDEO_SEND.format(width=a.width, height=a.height, fps=a.fps, gop=a.fps * 2, pt=pt))
        self._camera = video.get_by_name("camera")
        count_buffers(video.get_by_name("encoder").get_static_pad("src"), lambda b, c: self._hop(self.frame_sent))
        return video

    def _link_sender(self, branch: Gst.Bin, pad_name: str, direction, caps) -> None:
        """Links a sending branch to webrtcbin. The video codec is given up front: the encoder's caps appear
        only with its first frame, after the valve opens, and webrtcbin needs them for the SDP. An answer
        takes the offer's payload types, so its preferences name none."""
        self.pipeline.add(branch)
        sink = self.webrtc.request_pad_simple(pad_name)
        branch.get_static_pad("src").link(sink)
        transceiver = sink.get_property("transceiver")
        transceiver.set_property("direction", direction)
        if caps is not None:
            transceiver.set_property("codec-preferences", Gst.Caps.from_string(caps))
        branch.sync_state_with_parent()

    def _on_pad(self, _, pad: Gst.Pad) -> None:
        """A remote stream: decode it (streaming thread; the probes hop onto the loop)."""
        if pad.direction != Gst.PadDirection.SRC:
            return
        media = pad.get_current_caps().get_structure(0).get_string("media")
        branch = bin_from(VIDEO_RECEIVE if media == "video" else AUDIO_RECEIVE)
        self.pipeline.add(branch)
        branch.sync_state_with_parent()
        pad.link(branch.get_static_pad("sink"))
        if media == "video":
            def decoded(_, caps):
                s = caps.get_structure(0)
                self._hop(self.frame_decoded, s.get_value("width"), s.get_value("height"))
            count_buffers(branch.get_by_name("decoder").get_static_pad("src"), decoded)
        else:
            count_buffers(branch.get_by_name("speaker").get_static_pad("sink"),
                          lambda buffer, _: self._hop(self.audio_decoded, samples_of(buffer), 48_000, 1))

    def _on_state(self) -> None:
        state = self.webrtc.get_property("connection-state")
        if state == GstWebRTC.WebRTCPeerConnectionState.CONNECTED:
            if self._camera is not None:
                self._camera.set_property("drop", False)
            self.connected()
        elif state == GstWebRTC.WebRTCPeerConnectionState.FAILED:
            self.fail("the peer connection failed")

    def _on_remote_channel(self, channel) -> None:
        self._use_channel(channel)
        if channel.get_property("ready-state") == GstWebRTC.WebRTCDataChannelState.OPEN:
            self.data.opened()

    def _use_channel(self, channel) -> None:
        self._channel = channel

        def send(message):
            if isinstance(message, str):
                channel.emit("send-string", message)
            else:
                channel.emit("send-data", GLib.Bytes.new(message))

        self.bind_data(send)
        channel.connect("on-open", lambda _: self._hop(self.data.opened))
        channel.connect("on-message-string", lambda _, text: self._hop(self.data.received, text))
        channel.connect("on-message-data", lambda _, data: self._hop(self.data.received, bytes(data.get_data() or b"")))
        channel.connect("on-error", lambda _, error: self._hop(self.report.error, f"data channel: {error}"))

    async def _send_candidate(self, index: int, line: str) -> None:
        mid = self._mid_of(index)
        await self.signaling.send("ice", {"candidate": line, "sdpMid": mid, "sdpMLineIndex": index})

    def _mid_of(self, index: int) -> str:
        return self._local_mids[index] if index < len(self._local_mids) else str(index)

    def _remember_mids(self, sdp: str) -> None:
        # From our own text: webrtcbin's description properties do not survive pygobject's boxed copies.
        self._local_mids = []
        for line in sdp.splitlines():
            if line.startswith("m="):
                self._local_mids.append(str(len(self._local_mids)))
            elif line.startswith("a=mid:") and self._local_mids:
                self._local_mids[-1] = line[len("a=mid:"):].strip()

    def _flush_candidates(self) -> None:
        pending, self._pending_candidates = self._pending_candidates, []
        for entry in pending:
            self.webrtc.emit("add-ice-candidate", *entry)

    def _call(self, action: str, *arguments):
        """Runs a webrtcbin promise action; resolves on the loop with the SDP text of its reply (if any).
        The reply lives only as long as the promise: its text is taken inside the callback."""
        future = self.loop.create_future()

        def done(promise):
            reply = promise.get_reply()
            error = reply.get_value("error") if reply is not None and reply.has_field("error") else None
            value = None
            if reply is not None:
                for field in ("offer", "answer"):
                    if reply.has_field(field):
                        value = reply.get_value(field).sdp.as_text()
            self.loop.call_soon_threadsafe(
                lambda: future.done() or (future.set_exception(RuntimeError(f"{action}: {error}")) if error else future.set_result(value)))

        self.webrtc.emit(action, *arguments, Gst.Promise.new_with_change_func(done))
        return future

    @staticmethod
    def _description(kind, text: str):
        _, sdp = GstSdp.SDPMessage.new()
        if GstSdp.sdp_message_parse_buffer(text.encode(), sdp) != GstSdp.SDPResult.OK:
            raise ValueError("the peer's SDP does not parse")
        return GstWebRTC.WebRTCSessionDescription.new(kind, sdp)

    def _hop(self, fn, *arguments) -> None:
        """Runs fn on the asyncio loop (coroutines as tasks)."""
        def run():
            result = fn(*arguments)
            if asyncio.iscoroutine(result):
                asyncio.ensure_future(result)
        self.loop.call_soon_threadsafe(run)

    def _on_bus_message(self, _, message):
        if message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            self._hop(self.fail, f"GStreamer: {error.message} ({debug})")
        return Gst.BusSyncReply.DROP


if __name__ == "__main__":
    sys.exit(asyncio.run(session.main(GStreamerPeer, options.parse(__doc__))))
