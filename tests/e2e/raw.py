"""What an attacker on loopback does without a browser: plain HTTP requests and a Streamlit
websocket with whatever Host and Origin headers he likes."""

from __future__ import annotations

import asyncio
import http.client
import queue
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Answer:
    status: int
    text: str
    headers: dict[str, str]


def request(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 60,
) -> Answer:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return Answer(
            response.status,
            data.decode("utf-8", "replace"),
            {k.lower(): v for k, v in response.getheaders()},
        )
    finally:
        conn.close()


def xsrf_cookie(port: int) -> str:
    """The XSRF cookie Streamlit hands to anyone who asks for its health check."""
    answer = request(port, "GET", "/_stcore/health")
    cookie = answer.headers.get("set-cookie", "")
    assert cookie.startswith("_streamlit_xsrf="), answer.headers
    return cookie.split(";")[0].split("=", 1)[1]


async def _session(
    port: int, headers: dict[str, str], xsrf: str | None, ready: Any, stop: threading.Event
) -> None:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    protocols = ["streamlit", xsrf] if xsrf else ["streamlit"]
    # The Host header comes from the address; the connection always goes to loopback.
    host = headers.pop("Host", f"127.0.0.1:{port}")
    async with websockets.connect(
        f"ws://{host}/_stcore/stream",
        host="127.0.0.1",
        port=port,
        subprotocols=protocols,
        additional_headers=headers,
        open_timeout=20,
    ) as ws:
        back = BackMsg()
        back.rerun_script.query_string = ""
        back.rerun_script.page_script_hash = ""
        await ws.send(back.SerializeToString())
        session_id = None
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(ws.recv(), 60))
            kind = message.WhichOneof("type")
            if kind == "new_session":
                session_id = message.new_session.initialize.session_id
            # The session's rights are known once its first script run has finished.
            if kind == "script_finished" and session_id:
                break
        ready.put(session_id)
        while not stop.is_set():
            with suppress(TimeoutError):
                await asyncio.wait_for(ws.recv(), 0.2)


@contextmanager
def session(port: int, *, host: str | None = None, origin: str | None = None) -> Iterator[str]:
    """A websocket session opened like the dashboard's page opens one (kept open inside the
    ``with``: Streamlit takes uploads only for a connected session); yields its id. A refused
    handshake raises ``websockets.exceptions.InvalidStatus``."""
    xsrf = xsrf_cookie(port)
    headers = {"Cookie": f"_streamlit_xsrf={xsrf}"}
    if host:
        headers["Host"] = host
    if origin:
        headers["Origin"] = origin
    ready: queue.Queue = queue.Queue()
    stop = threading.Event()

    def run() -> None:
        try:
            asyncio.run(_session(port, headers, xsrf, ready, stop))
        except BaseException as exc:  # handed to the test below
            ready.put(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    got = ready.get(timeout=90)
    try:
        if isinstance(got, BaseException):
            raise got
        yield got
    finally:
        stop.set()
        thread.join(timeout=10)


def put_file(port: int, session_id: str, data: bytes, name: str = "a.xlsx") -> Answer:
    """PUT a file to Streamlit's upload endpoint for ``session_id``, with a valid XSRF pair."""
    xsrf = xsrf_cookie(port)
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="UploadedFile"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return request(
        port,
        "PUT",
        f"/_stcore/upload_file/{session_id}/{uuid.uuid4()}",
        body=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": xsrf,
            "Cookie": f"_streamlit_xsrf={xsrf}",
        },
    )


def memory_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process in MB, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    fields = {key: value.split()[0] for key, value in fields.items() if value.split()}
    return int(fields["VmRSS"]) / 1024, int(fields["VmHWM"]) / 1024
