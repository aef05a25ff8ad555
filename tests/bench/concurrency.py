"""30 viewers opening Oversikt at once, on loopback, against one ``ehelse serve`` (the sample
data plus the 357,000 values).

A viewer is a websocket client speaking Streamlit's own protocol (the browser's BackMsg
``rerun_script`` in, ForwardMsgs out until ``script_finished``): it measures what the server
does for each person, without 30 Chromium renderers fighting the server for the same 2 cores
(that would measure the browsers). A viewer's time runs from opening the connection to the
last message of its page; an exception element or a closed connection is an error.

Two arrival patterns are reported: all 30 in the same instant (a burst: the worst case), and
30 spread evenly over 30 s (people opening the link as a meeting starts, twice as dense as
"within the same minute"). Single-viewer time: the median of 5 viewers one after the other.
Target: no errors, p95 ≤ 2× the single-viewer time. The server's CPU time and peak memory
(from /proc) are reported for the burst.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

from tests.bench.common import Ctx, bench_db, free_port, proc_stats, row, serve, stop

VIEWERS = 30
SPREAD_S = 30.0
TIMEOUT_S = 120.0


async def viewer(port: int, delay: float = 0.0) -> tuple[float, float, str | None]:
    """(seconds to the first screen, seconds to the whole page, error or None) of one viewer.

    Like the browser, it honours the page's one-shot timer (``auto_rerun``: the rest of the
    page below the first screen, dashboard.components.below_the_fold): after the interval it
    asks for the fragment run, which brings the whole page.
    """
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    done = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
    await asyncio.sleep(delay)
    start = time.perf_counter()
    first: float | None = None
    try:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=TIMEOUT_S,
        ) as ws:
            back = BackMsg()
            back.rerun_script.query_string = ""
            back.rerun_script.page_script_hash = ""
            await ws.send(back.SerializeToString())
            error, page_hash, timer, asked = None, "", None, False
            while True:
                data = await asyncio.wait_for(ws.recv(), TIMEOUT_S)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                kind = msg.WhichOneof("type")
                element = msg.delta.new_element if kind == "delta" else None
                if element is not None and element.WhichOneof("type") == "exception":
                    error = element.exception.message or "exception"
                elif kind == "new_session":
                    page_hash = msg.new_session.page_script_hash
                elif kind == "auto_rerun":
                    timer = (msg.auto_rerun.interval, msg.auto_rerun.fragment_id)
                elif kind == "stop_auto_rerun":
                    timer = None
                elif kind == "script_finished" and msg.script_finished == done:
                    if first is None:
                        first = time.perf_counter() - start
                    if timer is None or asked:
                        return first, time.perf_counter() - start, error
                    await asyncio.sleep(timer[0])
                    again = BackMsg()
                    again.rerun_script.page_script_hash = page_hash
                    again.rerun_script.fragment_id = timer[1]
                    again.rerun_script.is_auto_rerun = True
                    await ws.send(again.SerializeToString())
                    asked = True
    except Exception as exc:  # a refused or dropped connection is an error, not a crash
        elapsed = time.perf_counter() - start
        return first or elapsed, elapsed, f"{type(exc).__name__}: {exc}"


async def crowd(ports: list[int], delays: list[float]) -> list[tuple[float, float, str | None]]:
    """Viewers spread round-robin over ``ports``, as a load balancer with sticky sessions does."""
    return await asyncio.gather(*(viewer(ports[i % len(ports)], d) for i, d in enumerate(delays)))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def run(ctx: Ctx) -> list[dict[str, Any]]:
    url = bench_db(ctx)
    port = free_port()
    server = serve(ctx, url, port)
    try:
        asyncio.run(viewer(port))  # the first run fills the caches, as the first arrival does
        singles = [asyncio.run(viewer(port)) for _ in range(5)]
        cpu0, _ = proc_stats(server.pid)
        start = time.perf_counter()
        burst = asyncio.run(crowd([port], [0.0] * VIEWERS))
        wall = time.perf_counter() - start
        cpu1, peak = proc_stats(server.pid)
        spread = asyncio.run(crowd([port], [i * SPREAD_S / VIEWERS for i in range(VIEWERS)]))
        # One replica per core (docs/scale-out.md): a second process on the same database.
        second_port = free_port()
        second = serve(ctx, url, second_port)
        try:
            asyncio.run(viewer(second_port))
            replicas = asyncio.run(crowd([port, second_port], [0.0] * VIEWERS))
        finally:
            stop(second)
    finally:
        stop(server)
    rows = []
    for index, what in ((0, "første skjermbilde"), (1, "hele siden")):
        single = statistics.median(r[index] for r in singles)
        rows.append(row("samtidighet", f"Én seer, {what} (median av 5)", single * 1000, "ms"))
        patterns = (
            ("30 på en gang", burst),
            ("30 på en gang, 2 replikaer", replicas),
            (f"30 over {SPREAD_S:.0f} s", spread),
        )
        for label, results in patterns:
            times = [r[index] for r in results]
            rows += [
                row("samtidighet", f"{label}, {what}: p95", p95(times) * 1000, "ms"),
                row(
                    "samtidighet",
                    f"{label}, {what}: p95 / én seer",
                    p95(times) / single,
                    "x",
                    "≤ 2×",
                    2.0,
                ),
            ]
    errors = sum(1 for r in burst + spread + replicas if r[2])
    rows += [
        row("samtidighet", "Feil (alle 90 seere)", errors, "stk", "0", 0),
        row("samtidighet", "Server-CPU under de 30 på en gang", (cpu1 - cpu0) / wall * 100, "%"),
        row("samtidighet", "Serverens største minnebruk (RSS)", peak, "MB"),
    ]
    return rows
