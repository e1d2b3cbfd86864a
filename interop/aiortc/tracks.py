"""The media aiortc sends as a partner: a synthetic moving pattern (encoded by aiortc's own H.264
encoder, libx264 through PyAV) and a sine tone (encoded by aiortc's Opus encoder)."""

import asyncio
import fractions
import time

import av
import numpy as np
from aiortc.mediastreams import MediaStreamTrack, VideoStreamTrack

AUDIO_RATE = 48_000
AUDIO_FRAME = 960  # 20 ms
AMPLITUDE = 8000


class PatternTrack(VideoStreamTrack):
    """A bar sweeping across a gradient, paced at `fps`; each frame handed to the encoder is counted."""

    def __init__(self, width: int, height: int, fps: int, on_frame):
        super().__init__()
        self._on_frame = on_frame
        self._fps = fps
        self._index = 0
        self._start = None
        luma = np.tile(np.linspace(16, 235, width, dtype=np.uint8), (height, 1))
        chroma = np.full((height // 2, width), 128, dtype=np.uint8)
        self._base = np.vstack([luma, chroma])
        self._height = height

    async def recv(self):
        # aiortc's VideoStreamTrack paces at 30 fps; this paces at the requested rate on a 90 kHz clock.
        if self._start is None:
            self._start = time.time()
        else:
            wait = self._start + self._index / self._fps - time.time()
            if wait > 0:
                await asyncio.sleep(wait)
        image = self._base.copy()
        x = (self._index * 8) % image.shape[1]
        image[: self._height, x: x + 16] = 235
        frame = av.VideoFrame.from_ndarray(image, format="yuv420p")
        frame.pts = int(self._index * 90_000 / self._fps)
        frame.time_base = fractions.Fraction(1, 90_000)
        self._index += 1
        self._on_frame()
        return frame


class ToneTrack(MediaStreamTrack):
    """A mono sine tone in 20 ms frames at 48 kHz, paced in real time."""

    kind = "audio"

    def __init__(self, frequency: float):
        super().__init__()
        t = np.arange(AUDIO_RATE) / AUDIO_RATE
        # One second of the tone: whole periods when the frequency is a whole number of Hz.
        self._second = (AMPLITUDE * np.sin(2 * np.pi * frequency * t)).astype(np.int16)
        self._samples = 0
        self._start = None

    async def recv(self):
        if self._start is None:
            self._start = time.time()
        else:
            wait = self._start + self._samples / AUDIO_RATE - time.time()
            if wait > 0:
                await asyncio.sleep(wait)
        offset = self._samples % AUDIO_RATE
        chunk = self._second[offset: offset + AUDIO_FRAME]  # 48 000 is a multiple of 960: never wraps
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._samples
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        self._samples += AUDIO_FRAME
        return frame
