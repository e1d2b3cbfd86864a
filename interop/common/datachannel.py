"""The data-channel part of a matrix cell, the same for every partner: once the channel opens, send
the --send texts and --send-binary messages, then time --pings echo round trips one at a time; answer
every message that is not itself an echo with "echo: " + the message (text) or b"echo: " + the
bytes (binary), as `tandem device --echo` / `tandem app --echo` do."""

import asyncio
import statistics
import time

ECHO = "echo: "
ECHO_BYTES = ECHO.encode()
PING_TIMEOUT_S = 2.0


class DataExchange:
    """Drive it from the asyncio loop: `opened()` once, `received(message)` for each message."""

    def __init__(self, report, send, texts, binaries, pings, after_pings=None):
        self._report = report
        self._send = send
        self._texts = texts
        self._binaries = binaries
        self._pings = pings
        self._after_pings = after_pings
        self._waiting = None
        self.pinging = None

    def opened(self) -> None:
        """The channel is open (a stack may say so twice: at its open event and when it hands the channel over)."""
        if self.pinging is not None:
            return
        self._report.mark("channel-open")
        for text in self._texts:
            self._send(text)
        for data in self._binaries:
            self._send(data)
        self.pinging = asyncio.ensure_future(self._ping_series())

    def received(self, message) -> None:
        summary = self._report.summary
        if isinstance(message, str):
            if self._waiting is not None and message == self._waiting[0] and not self._waiting[1].done():
                self._waiting[1].set_result(time.monotonic())
                return
            summary["texts_received"].append(message)
            self._report.line("data", text=message)
            if not message.startswith(ECHO):
                self._send(ECHO + message)
                summary["echoes_sent"] += 1
        else:
            data = bytes(message)
            summary["binary_received"].append(data.hex())
            self._report.line("data", binary=data.hex())
            if not data.startswith(ECHO_BYTES):
                self._send(ECHO_BYTES + data)
                summary["echoes_sent"] += 1

    async def _ping_series(self) -> None:
        """Each ping waits for its echo before the next goes: the median is the round trip of an idle channel."""
        rtts = []
        for i in range(self._pings):
            text = f"ping {i}"
            done = asyncio.get_running_loop().create_future()
            self._waiting = (ECHO + text, done)
            sent = time.monotonic()
            self._send(text)
            try:
                answered = await asyncio.wait_for(done, PING_TIMEOUT_S)
            except asyncio.TimeoutError:
                self._report.error(f"no echo of '{text}' within {PING_TIMEOUT_S} s")
                break
            rtts.append((answered - sent) * 1000)
        self._waiting = None
        summary = self._report.summary
        summary["pings_answered"] = len(rtts)
        if rtts:
            summary["echo_rtt_ms"] = round(statistics.median(rtts), 2)
        if self._after_pings is not None:
            try:
                self._after_pings()
            except Exception as e:  # noqa: BLE001 - a stack's internals moved: say so, keep the rest
                self._report.error(f"after the pings: {type(e).__name__}: {e}")
        self._report.line("pings", answered=len(rtts), median_ms=summary["echo_rtt_ms"], srtt_ms=summary["sctp_srtt_ms"])
