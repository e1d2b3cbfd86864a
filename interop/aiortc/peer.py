#!/usr/bin/python3
"""aiortc (Debian python3-aiortc) as a Tandem partner: speaks PROTOCOL.md itself and acts as the
glasses (sends H.264 from aiortc's own libx264 encoder and an Opus tone, hears the app) or as the
app (decodes the glasses' video, measures their audio, sends an Opus tone); echoes and times the
data channel. Prints JSON lines (see ../README.md). Run with /usr/bin/python3 (Debian's modules)."""

import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import aiortc  # noqa: E402
from aiortc import RTCPeerConnection, RTCRtpSender, RTCSessionDescription  # noqa: E402
from aiortc.mediastreams import MediaStreamError  # noqa: E402
from aiortc.sdp import candidate_from_sdp  # noqa: E402

from common import options, session  # noqa: E402
from tracks import PatternTrack, ToneTrack  # noqa: E402


class AiortcPeer(session.Partner):
    """One RTCPeerConnection that follows the role message (R18) and the R36 payloads."""

    name = "aiortc"

    def __init__(self, args):
        super().__init__(args)
        self.report.summary["version"] = "aiortc " + aiortc.__version__
        self.pc = None
        self._pending_candidates = []
        self._channel = None

    async def close(self) -> None:
        if self.pc is not None:
            await self.pc.close()

    async def offer(self) -> None:
        pc = self._create()
        if self.args.video:
            transceiver = pc.addTransceiver(self._video_track() or "video", direction="sendonly" if self.args.glasses else "recvonly")
            self._prefer(transceiver, "video/H264")
        if self.args.audio:
            self._prefer(pc.addTransceiver(ToneTrack(self.args.tone), direction="sendrecv"), "audio/opus")
        if self.args.data:
            # R38: the offerer creates "tandem", ordered and reliable.
            self._use_channel(pc.createDataChannel("tandem", ordered=True))
        # aiortc gathers every candidate before the offer is ready: they travel in the SDP, not trickled.
        await pc.setLocalDescription(await pc.createOffer())
        await self.signaling.send("offer", {"type": "offer", "sdp": pc.localDescription.sdp})

    async def on_offer(self, data: dict) -> None:
        pc = self._create()
        await pc.setRemoteDescription(RTCSessionDescription(sdp=data["sdp"], type="offer"))
        for transceiver in pc.getTransceivers():
            if transceiver.kind == "video" and self.args.video:
                track = self._video_track()
                if track is not None:
                    transceiver.sender.replaceTrack(track)
                transceiver.direction = "sendonly" if self.args.glasses else "recvonly"
                self._prefer(transceiver, "video/H264")
            elif transceiver.kind == "audio" and self.args.audio:
                transceiver.sender.replaceTrack(ToneTrack(self.args.tone))
                transceiver.direction = "sendrecv"
                self._prefer(transceiver, "audio/opus")
            else:
                transceiver.direction = "inactive"
        await pc.setLocalDescription(await pc.createAnswer())
        await self.signaling.send("answer", {"type": "answer", "sdp": pc.localDescription.sdp})
        await self._flush_candidates()

    async def on_answer(self, data: dict) -> None:
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=data["sdp"], type="answer"))
        await self._flush_candidates()

    async def on_ice(self, data: dict) -> None:
        line = data.get("candidate") or ""
        if not line:
            return  # R36: end of candidates; aiortc needs no marker.
        candidate = candidate_from_sdp(line[len("candidate:"):] if line.startswith("candidate:") else line)
        candidate.sdpMid = data.get("sdpMid")
        candidate.sdpMLineIndex = data.get("sdpMLineIndex")
        if self.pc is None or self.pc.remoteDescription is None:
            self._pending_candidates.append(candidate)
        else:
            await self.pc.addIceCandidate(candidate)

    def sctp_srtt_ms(self):
        """aiortc's own smoothed SCTP round trip (RFC 9260 §6.3.1), from the SACKs it got from us."""
        srtt = self.pc.sctp._srtt if self.pc is not None and self.pc.sctp is not None else None
        return None if srtt is None else round(srtt * 1000, 2)

    def _create(self) -> RTCPeerConnection:
        pc = RTCPeerConnection()
        self.pc = pc

        @pc.on("connectionstatechange")
        def on_state():
            if pc.connectionState == "connected":
                self.connected()
            elif pc.connectionState == "failed":
                self.fail("the peer connection failed")

        @pc.on("track")
        def on_track(track):
            asyncio.ensure_future(self._consume(track))

        @pc.on("datachannel")
        def on_datachannel(channel):
            self._use_channel(channel)
            if channel.readyState == "open":
                self.data.opened()

        return pc

    def _use_channel(self, channel) -> None:
        self._channel = channel
        self.bind_data(channel.send)
        channel.on("open", self.data.opened)
        channel.on("message", self.data.received)

    def _video_track(self):
        return PatternTrack(self.args.width, self.args.height, self.args.fps, self.frame_sent) if self.args.glasses else None

    async def _consume(self, track) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if track.kind == "video":
                self.frame_decoded(frame.width, frame.height)
            else:
                self.audio_decoded(frame.to_ndarray().reshape(-1), frame.sample_rate, len(frame.layout.channels))

    async def _flush_candidates(self) -> None:
        pending, self._pending_candidates = self._pending_candidates, []
        for candidate in pending:
            await self.pc.addIceCandidate(candidate)

    @staticmethod
    def _prefer(transceiver, mime: str) -> None:
        # R37: H.264 packetization-mode 1 only for video, Opus only for audio.
        codecs = [c for c in RTCRtpSender.getCapabilities(transceiver.kind).codecs
                  if c.mimeType.lower() == mime.lower() and (c.parameters or {}).get("packetization-mode", "1") == "1"]
        transceiver.setCodecPreferences(codecs)


if __name__ == "__main__":
    sys.exit(asyncio.run(session.main(AiortcPeer, options.parse(__doc__))))
