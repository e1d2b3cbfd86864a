"""What every partner peer does around its WebRTC stack: join, follow the role (R18), time the setup
steps, count media, run the data exchange, stop at the right moment and print the summary.

A subclass implements offer(), on_offer(data), on_answer(data), on_ice(data), close() and may
implement sctp_srtt_ms(); it calls connected(), fail(), frame_sent(), frame_decoded() and
audio_decoded() from the asyncio loop (a stack with threads of its own hops onto the loop first)."""

import asyncio
import sys

from . import datachannel, report, signaling


class Partner:
    name = "partner"

    def __init__(self, args):
        self.args = args
        self.report = report.Report(self.name, args.id)
        self.signaling = signaling.Signaling(args.server, args.id)
        self.data = None
        self._meter = report.AudioMeter()
        self._done = None
        self._counting = True
        self._window = None
        self._timer = None

    async def offer(self) -> None:
        raise NotImplementedError

    async def on_offer(self, data: dict) -> None:
        raise NotImplementedError

    async def on_answer(self, data: dict) -> None:
        raise NotImplementedError

    async def on_ice(self, data: dict) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        raise NotImplementedError

    def sctp_srtt_ms(self):
        return None

    def bind_data(self, send) -> None:
        """The channel is known: `send(str | bytes)` sends on it."""
        if self.data is None:
            a = self.args
            self.data = datachannel.DataExchange(self.report, send, a.send, a.binaries, a.pings, self._after_pings)

    def connected(self) -> None:
        self.report.mark("connected")
        self._cancel_timer()
        if self.args.glasses:
            # The app decides the call's length; this only bounds a run whose app never leaves.
            self._timer = asyncio.get_running_loop().call_later(self.args.timeout, self.fail, "the app did not leave in time")
        elif not self.args.video:
            self._start_window()

    def fail(self, message: str) -> None:
        if self._done is not None and self._done.done():
            # The run is over: what breaks while the connection is torn down is no failure of the call.
            self.report.line("note", message=message)
            return
        self.report.error(message)
        self._finish(1)

    def frame_sent(self) -> None:
        if self._counting:
            self.report.summary["frames_sent"] += 1

    def frame_decoded(self, width: int, height: int) -> None:
        if not self._counting:
            return
        self.report.mark("first-frame")
        self.report.summary["frames_decoded"] += 1
        self.report.summary["video_size"] = f"{width}x{height}"
        self._start_window()

    def audio_decoded(self, samples, sample_rate: int, channels: int) -> None:
        if self._counting:
            self.report.mark("first-audio")
            self._meter.add(samples, sample_rate, channels)

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        self._done = loop.create_future()
        if self.args.join_on_stdin:
            await loop.run_in_executor(None, sys.stdin.readline)
        try:
            await self.signaling.join()
        except OSError as e:
            self.report.error(f"cannot reach {self.args.server}: {e}")
            self.report.finish()
            return 3
        self.report.line("joined", id=self.args.id)
        reader = asyncio.ensure_future(self._read())
        self._timer = loop.call_later(self.args.timeout, self.fail, f"not connected within {self.args.timeout} s")
        code = await self._done
        self._cancel_timer()
        reader.cancel()
        await self.signaling.leave()
        await self.close()
        s = self.report.summary
        s["audio_in_rms"], s["audio_in_seconds"] = round(self._meter.rms, 1), round(self._meter.seconds, 2)
        self.report.finish()
        return code

    async def _read(self) -> None:
        async for message in self.signaling.messages():
            kind, data = message.get("type"), message.get("data") or {}
            try:
                if kind == "role":
                    self.report.paired(data.get("role"))
                    if data.get("role") == "offerer":
                        await self.offer()
                elif kind == "offer":
                    await self.on_offer(data)
                elif kind == "answer":
                    await self.on_answer(data)
                elif kind == "ice":
                    await self.on_ice(data)
                elif kind == "leave":
                    self._peer_left()
                elif kind == "error":
                    self.report.error(f"server error {data.get('error_code')}: {data.get('error_message')}")
            except Exception as e:  # noqa: BLE001 - the report names it, the test fails on it
                self.fail(f"{kind}: {type(e).__name__}: {e}")
        self.fail("the signaling socket closed")

    def _peer_left(self) -> None:
        if self.args.glasses:
            self._counting = False
            self._finish(0)
        else:
            self.fail("the glasses left before the end")

    def _start_window(self) -> None:
        if self._window is None and not self.args.glasses:
            self._window = asyncio.get_running_loop().call_later(self.args.seconds, self._window_over)

    def _window_over(self) -> None:
        self._counting = False
        asyncio.ensure_future(self._finish_after_pings())

    async def _finish_after_pings(self) -> None:
        if self.data is not None and self.data.pinging is not None:
            await self.data.pinging
        self._finish(0)

    def _after_pings(self) -> None:
        self.report.summary["sctp_srtt_ms"] = self.sctp_srtt_ms()

    def _finish(self, code: int) -> None:
        if self._done is not None and not self._done.done():
            self._done.set_result(code)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


async def main(cls, args) -> int:
    return await cls(args).run()
