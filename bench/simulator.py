"""The call simulator's own cost: a 10-document call, minus the time spent in the application.

The application is a WSGI function that answers each path with bytes prepared in advance, so
that its own time is as small as an application's can be; its time is measured around each
call into it and subtracted from the call's. The target is under 5 ms of simulator overhead for
a call of 10 documents (a menu, a Gather action, Redirects, a Record action and a Dial action).

Run from the repository root (no dependency beyond the package)::

    python bench/simulator.py            # 200 calls, 5 rounds
    python bench/simulator.py --calls 500 --rounds 7

Nothing here asserts a time: the numbers are for reading, as the other benchmarks.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from callmarkup.testing import Answer, Caller, Press, Recording, Simulator

# Ten documents: the incoming call, a Gather action, six Redirects, a Record action and a
# Dial action (whose bridged end hangs up), each with a prompt or two.
DOCUMENTS: dict[str, bytes] = {
    "/call": b'<Response><Gather action="/menu" numDigits="1"><Say>Press 1 for sales, 2 for'
    b" support.</Say></Gather><Say>Goodbye.</Say><Hangup/></Response>",
    "/menu": b"<Response><Say>One moment.</Say><Redirect>/step/1</Redirect></Response>",
    **{
        f"/step/{n}": f"<Response><Pause/><Redirect>/step/{n + 1}</Redirect></Response>".encode()
        for n in range(1, 6)
    },
    "/step/6": b'<Response><Say>Leave a message.</Say><Record action="/saved"'
    b' maxLength="30"/></Response>',
    "/saved": b'<Response><Say>Connecting.</Say><Dial action="/dialed" timeout="20">'
    b"<Number>+15550100001</Number></Dial></Response>",
    "/dialed": b"<Response/>",
}
HEADERS = [("Content-Type", "text/xml; charset=utf-8")]
EMPTY = b"<Response/>"


class TimedApp:
    """A WSGI app that serves DOCUMENTS and adds up the time spent inside it."""

    def __init__(self) -> None:
        """Start with no time spent."""
        self.seconds = 0.0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        """Answer one request with its prepared document."""
        begun = time.perf_counter()
        body = environ["wsgi.input"].read()
        document = DOCUMENTS.get(environ["PATH_INFO"], EMPTY)
        if b"CallStatus=completed" in body and b"Dial" not in body:
            document = EMPTY  # the final status notification
        start_response("200 OK", [*HEADERS, ("Content-Length", str(len(document)))])
        self.seconds += time.perf_counter() - begun
        return [document]


def main() -> None:
    """Measure and print the simulator's overhead per call."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--calls", type=int, default=200, help="calls per round")
    options.add_argument("--rounds", type=int, default=5, help="rounds (the median is shown)")
    arguments = options.parse_args()
    app = TimedApp()
    simulator = Simulator(app)
    caller = Caller([Press("1"), Recording(seconds=4, key="#")])
    far_ends = {"+15550100001": Answer(after=2, talks=30)}
    call = simulator.call(caller, far_ends=far_ends)
    assert call.ok, str(call)
    assert call.documents == 10, call.documents
    totals, overheads = [], []
    for _ in range(arguments.rounds):
        app.seconds = 0.0
        begun = time.perf_counter()
        for _ in range(arguments.calls):
            simulator.call(caller, far_ends=far_ends)
        total = (time.perf_counter() - begun) / arguments.calls
        totals.append(total)
        overheads.append(total - app.seconds / arguments.calls)
    requests = len(call.requests)
    print(f"a call of {call.documents} documents, {requests} requests, {len(call.events)} events")
    print(f"whole call:          {statistics.median(totals) * 1000:.2f} ms (median of rounds)")
    print(f"simulator overhead:  {statistics.median(overheads) * 1000:.2f} ms (target: < 5 ms)")
    print(f"per request:         {statistics.median(overheads) / requests * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
