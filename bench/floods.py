"""The worst documents per byte: many tiny elements, each breaking a rule, up to the size cap.

A valid document of 1 MiB is validated in tens of milliseconds; the slowest documents are those
that make one violation every few bytes, since every violation is an object with its message,
path, line and column. This script builds such floods, and documents made of one huge value that
fails its grammar at the very end, each filled up to the default size cap,
and prints the CPU time that ``validate`` and ``parse`` take on them, against the target of
under one second per document that the fuzzer (``fuzz/run.py``) also applies.

Run from the repository root (no dependency beyond the package)::

    python bench/floods.py            # every flood, 5 runs each
    python bench/floods.py --runs 3 --only sip,attribute-entity

Nothing here asserts a time: the numbers are for reading, as the other benchmarks.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import statistics
import string
import sys
import time
from typing import TYPE_CHECKING

from callmarkup import CallMarkupError, parse, validate
from callmarkup._parse import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

TARGET_SECONDS = 1.0
"""The fuzzer's bar: a call using more CPU time than this on one input is a finding."""

_NAMES = [
    "".join(letters)
    for n in (1, 2, 3)
    for letters in itertools.product(string.ascii_lowercase, repeat=n)
]


_FOUR_LETTERS = [
    "".join(letters) for letters in itertools.product(string.ascii_lowercase, repeat=4)
]


def _filled(unit: Callable[[int], str], head: str = "<Response>", tail: str = "</Response>") -> str:
    """``head``, then ``unit(0)``, ``unit(1)``... as many as fit in the size cap, then ``tail``."""
    parts = [head]
    size = len(head) + len(tail)
    for index in itertools.count():
        piece = unit(index)
        if size + len(piece) > DEFAULT_MAX_BYTES:
            break
        parts.append(piece)
        size += len(piece)
    parts.append(tail)
    return "".join(parts)


def _long(head: str, tail: str, unit: str) -> str:
    """One value made of ``unit`` repeated, between ``head`` and ``tail``, up to the size cap."""
    room = DEFAULT_MAX_BYTES - len(head) - len(tail)
    return head + unit * (room // len(unit)) + tail


FLOODS: dict[str, tuple[str, Callable[[], str]]] = {
    "sip": (
        "<Sip/> in <Response>: child-not-allowed and text-required, every 6 bytes",
        lambda: _filled(lambda _: "<Sip/>"),
    ),
    "play": (
        "<Play/>: text-required, every 7 bytes",
        lambda: _filled(lambda _: "<Play/>"),
    ),
    "dial-in-gather": (
        "<Dial/> in <Gather>: child-not-allowed and empty, every 7 bytes",
        lambda: _filled(lambda _: "<Dial/>", "<Response><Gather>", "</Gather></Response>"),
    ),
    "unknown": (
        "<a/> in <Say>: unknown-element, every 4 bytes",
        lambda: _filled(lambda _: "<a/>", "<Response><Say>", "</Say></Response>"),
    ),
    "unknown-names": (
        "18,278 different unknown names in <Response>, each looked up for a spelling",
        lambda: _filled(lambda i: f"<{_NAMES[i % len(_NAMES)]}/>"),
    ),
    "distinct-names": (
        "a different four-letter unknown name for every element, none seen twice",
        lambda: _filled(lambda i: f"<{_FOUR_LETTERS[i]}/>"),
    ),
    "unknown-attribute": (
        "<Hangup> with a different unknown attribute each",
        lambda: _filled(lambda i: f"<Hangup {_NAMES[i % len(_NAMES)]}=''/>"),
    ),
    "bad-value": (
        "<Pause> with a different bad length each",
        lambda: _filled(lambda i: f"<Pause length='{i}x'/>"),
    ),
    "content-entity": (
        "<a/>&e; in <Response>: an entity reference between each unknown element",
        lambda: _filled(lambda _: "<a/>&e;"),
    ),
    "attribute-entity": (
        "<Say a='&e;'/>: unknown-attribute, entity-forbidden and text-required",
        lambda: _filled(lambda _: "<Say a='&e;'/>"),
    ),
    "unknown-entity": (
        "<x a='&e;'/>: unknown-element and entity-forbidden, every 12 bytes",
        lambda: _filled(lambda _: "<x a='&e;'/>"),
    ),
    "long-phone": (
        "one <Number> of a million digits with a bad last character",
        lambda: _long("<Response><Dial><Number>", "x</Number></Dial></Response>", "1"),
    ),
    "long-url": (
        "one <Play> URL of a million characters with a space near its end",
        lambda: _long("<Response><Play>http://example.com:8", " x</Play></Response>", "a"),
    ),
    "long-sip": (
        "one <Sip> URI of a million characters with a bad last character",
        lambda: _long("<Response><Dial><Sip>sip:a@", "@</Sip></Dial></Response>", "a."),
    ),
    "many-attributes": (
        "one <Hangup> with 100,000 unknown attributes",
        lambda: (
            "<Response><Hangup " + " ".join(f"a{i}=''" for i in range(100_000)) + "/></Response>"
        ),
    ),
    "long-prolog": (
        "comments and processing instructions up to the size cap, then a DOCTYPE",
        lambda: _long("", "<!DOCTYPE b><Response/>", "<!----><??>"),
    ),
    "long-subset": (
        "one DOCTYPE whose internal subset is quoted strings holding ]> up to the size cap",
        lambda: _long("<!DOCTYPE a [<!ENTITY e '", "'>]><Response/>", "]>"),
    ),
}


def _cpu_seconds(call: Callable[[str], object], document: str, runs: int) -> list[float]:
    samples: list[float] = []
    for _ in range(runs):
        start = time.process_time()
        call(document)
        samples.append(time.process_time() - start)
    return samples


def _parse_quietly(document: str) -> None:
    with contextlib.suppress(CallMarkupError):
        parse(document)


def main(argv: Sequence[str] | None = None) -> int:
    """Print one row per flood: its size, violations, and the CPU time of validate and parse."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=5, help="runs of each call (default 5)")
    options.add_argument("--only", default="", help="comma-separated flood names")
    args = options.parse_args(argv)
    chosen = [name for name in args.only.split(",") if name] or list(FLOODS)
    unknown = sorted(set(chosen) - set(FLOODS))
    if unknown:
        options.error(f"unknown floods: {', '.join(unknown)} (known: {', '.join(FLOODS)})")
    print(
        f"CPU seconds per call, median (min) of {args.runs} runs; target under {TARGET_SECONDS} s\n"
    )
    print("| flood | bytes | violations | validate s | parse s | µs per violation | under target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    slowest = 0.0
    for name in chosen:
        description, make = FLOODS[name]
        document = make()
        violations = len(validate(document))
        checked = _cpu_seconds(validate, document, args.runs)
        parsed = _cpu_seconds(_parse_quietly, document, args.runs)
        worst = max(statistics.median(checked), statistics.median(parsed))
        slowest = max(slowest, worst)
        print(
            f"| {name} | {len(document.encode()):,} | {violations:,}"
            f" | {statistics.median(checked):.3f} ({min(checked):.3f})"
            f" | {statistics.median(parsed):.3f} ({min(parsed):.3f})"
            f" | {statistics.median(checked) / max(violations, 1) * 1e6:.2f}"
            f" | {'yes' if worst < TARGET_SECONDS else 'NO'} |",
        )
        print(f"  {name}: {description}", file=sys.stderr)
    print(f"\nslowest median: {slowest:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
