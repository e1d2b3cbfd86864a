"""The Tandem signaling protocol (PROTOCOL.md) as a partner peer speaks it: one WebSocket, a join,
then role / offer / answer / ice / leave messages. Every message is one JSON object with `time` in
microseconds since the Unix epoch (R12)."""

import json
import time

import websockets


def micros() -> int:
    """R12: microseconds since 1970-01-01T00:00:00Z, an integral JSON number."""
    return int(time.time() * 1_000_000)


def counterpart(device_id: str) -> str:
    """R14: the peer of glasses_<uid> is app_<uid> and the other way round."""
    if device_id.startswith("glasses_"):
        return "app_" + device_id[len("glasses_"):]
    return "glasses_" + device_id[len("app_"):]


class Signaling:
    """One signaling connection. `messages()` yields every server message as a dict."""

    def __init__(self, server: str, device_id: str):
        self.server = server
        self.device_id = device_id
        self.peer_id = counterpart(device_id)
        self._ws = None

    async def join(self) -> None:
        """Opens the socket and joins (R13, R17); the server answers with a role once the peer is in."""
        # The server pings (R4); the library answers them. Our own pings are not needed.
        self._ws = await websockets.connect(self.server, ping_interval=None, max_size=2**20)
        await self._send("join", "server")

    async def send(self, kind: str, data: dict) -> None:
        """Sends an offer, answer or ice message to the peer (R14, R36)."""
        await self._send(kind, self.peer_id, data)

    async def leave(self) -> None:
        """Leaves the room (R25) and closes the socket; quiet when the socket is already gone."""
        if self._ws is None:
            return
        try:
            await self._send("leave", "server")
            await self._ws.close()
        except websockets.ConnectionClosed:
            pass
        self._ws = None

    async def messages(self):
        """Every message from the server, parsed; ends when the socket closes."""
        try:
            async for text in self._ws:
                try:
                    message = json.loads(text)
                except ValueError:
                    continue
                if isinstance(message, dict):
                    if message.get("type") == "role":
                        self.peer_id = (message.get("data") or {}).get("peer_id", self.peer_id)
                    yield message
        except websockets.ConnectionClosed:
            return

    async def _send(self, kind: str, to: str, data: dict | None = None) -> None:
        message = {"type": kind, "device_id": self.device_id, "from": self.device_id, "to": to}
        if data is not None:
            message["data"] = data
        message["time"] = micros()
        await self._ws.send(json.dumps(message))
