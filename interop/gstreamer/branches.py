"""The GStreamer elements around webrtcbin: what the glasses send (videotestsrc -> x264enc, a sine
-> opusenc), what either side sends as audio, and what the app decodes (openh264dec, opusdec), with
pad probes that count frames and measure the audio level."""

import numpy as np
from gi.repository import Gst

# The payload types are what an offer of ours uses; an answer takes the offer's: the payloaders are
# told the number (an unconstrained payloader sends 96 whatever was negotiated), the caps name none.
H264_CAPS = "application/x-rtp,media=video,encoding-name=H264,clock-rate=90000"
OPUS_CAPS = "application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000"
# R37: H.264 packetization-mode 1, constrained baseline (what x264enc makes here and openh264dec decodes).
H264_ANSWER = H264_CAPS + ",packetization-mode=(string)1,profile-level-id=(string)42e01f"
H264_PREFERENCE = H264_ANSWER + ",payload=96"
OPUS_PREFERENCE = OPUS_CAPS + ",payload=111"

# The valve holds the camera until the connection is up: the encoder's first frame after it opens is
# an IDR, and every frame counted as sent is one webrtcbin could send.
VIDEO_SEND = (
    "videotestsrc is-live=true pattern=ball ! video/x-raw,width={width},height={height},framerate={fps}/1 "
    "! valve name=camera drop=true drop-mode=forward-sticky-events ! videoconvert ! queue "
    "! x264enc name=encoder tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate=600 "
    "! video/x-h264,profile=constrained-baseline ! rtph264pay pt={pt} config-interval=-1 aggregate-mode=zero-latency "
    # x264's SPS says 42c0xx (Constrained Baseline without constraint_set2), and rtph264pay copies that
    # into its caps; webrtcbin insists on caps equal to what was negotiated (42e01f, the same profile).
    "! capssetter caps=\"application/x-rtp,profile-level-id=(string)42e01f\" "
    f'! capsfilter caps="{H264_CAPS}"'
)
# R37: audio is 16 kHz mono on both sides (sprop-maxcapturerate=16000). It matters to webrtcbin beyond
# bandwidth: answering, it matches an offered m-line to its transceiver by intersecting the offer's Opus
# caps with the caps its sending pad has received, sprop-maxcapturerate included, so a 48 kHz capture
# (rtpopuspay then says sprop-maxcapturerate=48000) leaves the offered audio unmatched and answered
# recvonly whenever those caps arrive before create-answer (RFC 7587 §6.1 has the parameter describe
# the sender alone; webrtcbin 1.22 treats it as a constraint).
AUDIO_SEND = (
    "audiotestsrc is-live=true wave=sine freq={tone} volume=0.25 ! audioconvert ! audioresample "
    f'! audio/x-raw,rate=16000,channels=1 ! opusenc ! rtpopuspay pt={{pt}} ! capsfilter caps="{OPUS_CAPS}"'
)
VIDEO_RECEIVE = "rtph264depay ! h264parse ! openh264dec name=decoder ! fakesink sync=false async=false"
AUDIO_RECEIVE = (
    "rtpopusdepay ! opusdec ! audioconvert ! audio/x-raw,format=S16LE,rate=48000,channels=1 "
    "! fakesink name=speaker sync=false async=false"
)


def bin_from(description: str) -> Gst.Bin:
    return Gst.parse_bin_from_description(description, True)


def count_buffers(pad: Gst.Pad, on_buffer) -> None:
    """Calls on_buffer(buffer, caps) for every buffer through pad (on the streaming thread)."""
    def probe(p, info):
        on_buffer(info.get_buffer(), p.get_current_caps())
        return Gst.PadProbeReturn.OK
    pad.add_probe(Gst.PadProbeType.BUFFER, probe)


def samples_of(buffer: Gst.Buffer):
    """The S16LE samples of an audio buffer, as a numpy array (a copy: the buffer goes on downstream)."""
    ok, info = buffer.map(Gst.MapFlags.READ)
    if not ok:
        return np.zeros(0, dtype=np.int16)
    try:
        return np.frombuffer(info.data, dtype=np.int16).copy()
    finally:
        buffer.unmap(info)


def payload_type(sdp: str, index: int, encoding: str, default: int) -> int:
    """The first payload type of encoding (e.g. "opus/48000", "h264/90000") in the index-th m-line of an
    SDP (RFC 8829 §5.3.1: an answer sends the offer's numbers), else default."""
    sections = sdp.split("\nm=")
    if index + 1 < len(sections):
        for line in sections[index + 1].splitlines():
            if line.startswith("a=rtpmap:") and line.lower().split(" ", 1)[-1].startswith(encoding):
                return int(line[len("a=rtpmap:"):].split(" ", 1)[0])
    return default
