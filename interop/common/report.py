"""What a partner peer prints: one JSON object a line on stdout, flushed at once, so the tests can
time each line as it comes. Times are milliseconds since this peer got its role (the pairing)."""

import json
import math
import sys
import time


class Report:
    """Events as they happen, and the summary line at the end."""

    def __init__(self, partner: str, device_id: str):
        self._paired_at = None
        self.summary = {
            "partner": partner, "version": None, "id": device_id, "role": None, "setup_ms": {},
            "frames_sent": 0, "frames_decoded": 0, "video_size": None,
            "audio_in_rms": 0.0, "audio_in_seconds": 0.0,
            "texts_received": [], "binary_received": [], "echoes_sent": 0,
            "echo_rtt_ms": None, "pings_answered": 0, "sctp_srtt_ms": None, "errors": [],
        }

    def line(self, event: str, **fields) -> None:
        print(json.dumps({"event": event, **fields}), flush=True)

    def paired(self, role: str) -> None:
        self._paired_at = time.monotonic()
        self.summary["role"] = role
        self.line("paired", role=role)

    def since_paired_ms(self) -> float | None:
        return None if self._paired_at is None else round((time.monotonic() - self._paired_at) * 1000, 1)

    def mark(self, step: str) -> None:
        """The first time a setup step happens (connected, channel-open, first-frame, first-audio)."""
        setup = self.summary["setup_ms"]
        if step not in setup:
            setup[step] = self.since_paired_ms()
            self.line(step, ms=setup[step])

    def error(self, message: str) -> None:
        self.summary["errors"].append(message)
        self.line("error", message=message)

    def finish(self) -> None:
        self.line("summary", **self.summary)
        sys.stdout.flush()


class AudioMeter:
    """RMS level (of 16-bit full scale, 32767) and duration of the decoded audio a peer received."""

    def __init__(self):
        self._sum_squares = 0.0
        self._samples = 0
        self.seconds = 0.0

    def add(self, samples, sample_rate: int, channels: int) -> None:
        """`samples`: a numpy int16 array of interleaved samples."""
        if len(samples) == 0:
            return
        as_float = samples.astype("float64")
        self._sum_squares += float((as_float * as_float).sum())
        self._samples += len(samples)
        self.seconds += len(samples) / channels / sample_rate

    @property
    def rms(self) -> float:
        return math.sqrt(self._sum_squares / self._samples) if self._samples else 0.0
