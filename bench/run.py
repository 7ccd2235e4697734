"""Benchmark callmarkup against its peers and against the floors, in one interleaved run.

Usage: ``python bench/run.py [--rounds N] [--sample-ms MS] [--only NAMES] [--json FILE]``
(``--help`` lists every option). See ``bench/README.md`` for the method.

Every timed call is first run once and its output checked: rendered documents must equal the
reference after C14N, parse results must render back to it, validators must accept it (and
refuse a broken document). Then every (operation, document, contender) cell is sampled once per
round, in a shuffled order, so that drift of the machine spreads over all of them. Last come the
fresh-process figures of ``startup.py`` (import, command line) and every target with the figure
measured in this run, marked met or missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import documents
import startup
from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from documents import Document

BUILD = "build + render"
RENDER = "render only"
PARSE = "parse"
VALIDATE = "validate"
OPERATIONS = (BUILD, RENDER, PARSE, VALIDATE)

FLOOR = "string join (floor)"
GENERIC = "string join, generic (floor)"
FROMSTRING = "lxml fromstring (floor)"
WALK = "lxml + typed tuples, no checks"
CALLMARKUP = "callmarkup"
CM_VALIDATE = f"{CALLMARKUP} validate"
CM_WARNINGS = f"{CALLMARKUP} validate warnings"

_CLI_FILES = 1000
"""IVR files in the folder the command line is timed on."""

_SLOW_SECONDS = 1.0
"""A call slower than this is timed once (its checked run) instead of once per round."""

_BROKEN = (
    b'<?xml version="1.0" encoding="UTF-8"?><Response><Pause length="0"/>'
    b"<Gather><Dial>+15550100000</Dial></Gather></Response>"
)
"""A document every validator must refuse."""


def c14n(xml: bytes | str) -> bytes:
    """The canonical form (C14N 1.0) of a document, to compare outputs."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    return etree.tostring(etree.fromstring(data), method="c14n")


@dataclass
class Cell:
    """One timed thing: an operation of one contender on one document."""

    operation: str
    document: str
    contender: str
    call: Callable[[], object]
    check: Callable[[object], None]
    number: int = 1
    samples: list[float] = field(default_factory=list)
    single: bool = False

    def sample(self, clock: Callable[[], int] = time.perf_counter_ns) -> float:
        """Time ``number`` calls by ``clock`` (ns); the mean time of one call, in microseconds."""
        call = self.call
        start = clock()
        for _ in range(self.number):
            call()
        return (clock() - start) / self.number / 1000

    def prepare(self, sample_seconds: float) -> None:
        """Run once and check the output, then choose how many calls make one sample."""
        start = time.perf_counter()
        result = self.call()
        first = time.perf_counter() - start
        self.check(result)
        if first > _SLOW_SECONDS:
            self.single = True
            self.samples.append(first * 1e6)
            return
        start = time.perf_counter()
        for _ in range(3):
            self.call()
        each = (time.perf_counter() - start) / 3
        self.number = max(1, math.ceil(sample_seconds / max(each, 1e-9)))

    @property
    def median(self) -> float:
        """The median time of one call, in microseconds."""
        return statistics.median(self.samples)

    @property
    def quartiles(self) -> tuple[float, float]:
        """The first and third quartiles, in microseconds."""
        if len(self.samples) < 2:
            return self.samples[0], self.samples[0]
        low, _, high = statistics.quantiles(self.samples, n=4, method="inclusive")
        return low, high


def _equal_to(expected: bytes, what: str) -> Callable[[object], None]:
    """A check that an output, rendered by ``to_xml``, is the expected document after C14N."""
    wanted = c14n(expected)

    def check(output: object) -> None:
        if not isinstance(output, (bytes, str)):
            raise TypeError(f"{what}: expected a document, got {type(output).__name__}")
        if c14n(output) != wanted:
            raise AssertionError(f"{what}: the output differs from the reference after C14N")

    return check


def _renders_to(
    expected: bytes, to_xml: Callable[[Any], bytes], what: str
) -> Callable[[object], None]:
    equal = _equal_to(expected, what)

    def check(output: object) -> None:
        equal(to_xml(output))

    return check


def _identical(expected: bytes, what: str) -> Callable[[object], None]:
    """A check that an output is the expected document byte for byte."""

    def check(output: object) -> None:
        data = output.encode("utf-8") if isinstance(output, str) else output
        if data != expected:
            raise AssertionError(f"{what}: the output is not the canonical form byte for byte")

    return check


def _no_errors(what: str) -> Callable[[object], None]:
    """A check that a verdict holds warnings at most."""

    def check(output: object) -> None:
        if not isinstance(output, tuple):
            raise TypeError(f"{what}: expected a tuple of violations, got {output!r}")
        errors = [v for v in output if getattr(v, "severity", None) != "warning"]
        if errors:
            raise AssertionError(f"{what}: the document has errors: {errors!r}")

    return check


def _is(expected: object, what: str) -> Callable[[object], None]:
    def check(output: object) -> None:
        if output != expected:
            raise AssertionError(f"{what}: got {output!r}, expected {expected!r}")

    return check


def _peers(only: Sequence[str] | None) -> dict[str, Any]:
    names = {
        CALLMARKUP: "peer_callmarkup",
        "twilio": "peer_twilio",
        "plivo": "peer_plivo",
        "pydantic-xml": "peer_pydantic_xml",
        "xsdata": "peer_xsdata",
        "lxml": "peer_lxml",
        FLOOR: "peer_floor",
        GENERIC: "peer_generic",
        WALK: "peer_tuples",
    }
    always = {CALLMARKUP, "lxml", FLOOR, GENERIC, WALK}
    return {
        key: import_module(module)
        for key, module in names.items()
        if only is None or key in always or any(part in key for part in only)
    }


def make_cells(only: Sequence[str] | None) -> tuple[list[Cell], dict[str, str]]:
    """Every cell of the run, and the display name of every contender."""
    peers = _peers(only)
    names = {key: peer.NAME for key, peer in peers.items()}
    names[FROMSTRING] = "`lxml.etree.fromstring` alone (floor)"
    names[WALK] = peers[WALK].NAME
    names[CM_VALIDATE] = f"{peers[CALLMARKUP].NAME} `validate()`"
    names[CM_WARNINGS] = f"{peers[CALLMARKUP].NAME} `validate(warnings=True)`"
    names["lxml XSD"] = f"{peers['lxml'].NAME} `fromstring` + XML Schema"
    cm = peers[CALLMARKUP]
    floor = peers[FLOOR]
    cells: list[Cell] = []
    for document in documents.DOCUMENTS:
        reference = cm.to_xml(_build(cm, document))
        written = _floor(floor, document)
        if written.encode("utf-8") != reference:
            raise AssertionError(f"{document.name}: the floor is not the canonical form")
        for key, peer in peers.items():
            if key == WALK:
                continue
            expected = reference
            if key == "plivo":
                expected = peer.expected(reference, small=document.small is not None)
            check = _equal_to(expected, f"{key} {document.name}")
            if key == GENERIC:
                check = _identical(reference, f"{key} {document.name}")
            if key == FLOOR:
                # The floor writes straight from the data: it is the same call in both tables.
                cells.append(Cell(BUILD, document.name, key, _bind(_floor, peer, document), check))
                continue
            built = _build(peer, document)
            cells += (
                Cell(BUILD, document.name, key, _bind(_build_render, peer, document), check),
                Cell(RENDER, document.name, key, _bind(peer.render, built), check),
            )
        cells += _parse_cells(peers, document, reference)
    return cells, names


def _parse_cells(peers: dict[str, Any], document: Document, reference: bytes) -> list[Cell]:
    cells = [
        Cell(
            PARSE,
            document.name,
            FROMSTRING,
            _bind(etree.fromstring, reference),
            _renders_to(reference, etree.tostring, f"fromstring {document.name}"),
        ),
    ]
    for key in (WALK, CALLMARKUP, "pydantic-xml", "xsdata"):
        if key in peers:
            peer = peers[key]
            cells.append(
                Cell(
                    PARSE,
                    document.name,
                    key,
                    _bind(peer.parse, reference),
                    _renders_to(reference, peer.to_xml, f"{key} parse {document.name}"),
                ),
            )
    cm = peers[CALLMARKUP]
    if cm.validate(_BROKEN) == () or peers["lxml"].schema_validate(_BROKEN):
        raise AssertionError("a validator accepts the broken document")
    cells += (
        Cell(
            VALIDATE,
            document.name,
            CM_VALIDATE,
            _bind(cm.validate, reference),
            _is((), f"callmarkup validate {document.name}"),
        ),
        Cell(
            VALIDATE,
            document.name,
            CM_WARNINGS,
            _bind(cm.validate_warnings, reference),
            _no_errors(f"callmarkup validate(warnings=True) {document.name}"),
        ),
        Cell(
            VALIDATE,
            document.name,
            "lxml XSD",
            _bind(peers["lxml"].schema_validate, reference),
            _is(True, f"lxml XSD {document.name}"),  # noqa: FBT003 - the expected result
        ),
    )
    return cells


def _bind(function: Callable[..., object], *arguments: object) -> Callable[[], object]:
    def call() -> object:
        return function(*arguments)

    return call


def _build(peer: Any, document: Document) -> Any:
    if document.small is not None:
        return peer.build_small(document.small)
    return peer.build_menu(document.blocks)


def _build_render(peer: Any, document: Document) -> Any:
    return peer.render(_build(peer, document))


def _floor(floor: Any, document: Document) -> str:
    if document.small is not None:
        return floor.render_small(document.small)
    return floor.render_menu(document.blocks)


CLOCKS: dict[str, Callable[[], int]] = {
    "wall": time.perf_counter_ns,
    "cpu": time.process_time_ns,
}
"""What a sample measures: elapsed time, or the CPU time of this process, which a machine busy
with other work delays but does not lengthen."""


def run(
    cells: list[Cell], rounds: int, sample_seconds: float, *, quiet: bool, clock: str = "wall"
) -> None:
    """Check every cell, then sample them all once per round, in a shuffled order."""
    timer = CLOCKS[clock]
    for cell in cells:
        cell.prepare(sample_seconds)
    timed = [cell for cell in cells if not cell.single]
    for number in range(rounds):
        order = timed[:]
        random.Random(number).shuffle(order)  # noqa: S311 - an order, not a secret
        for cell in order:
            gc.collect()
            cell.samples.append(cell.sample(timer))
        if not quiet:
            print(f"\rround {number + 1}/{rounds}", end="", file=sys.stderr, flush=True)
    if not quiet:
        print(file=sys.stderr)


# -- memory --------------------------------------------------------------------------------


def _memory_call(key: str) -> Callable[[], object]:
    peer = _peers([key])[key]
    large = documents.DOCUMENTS[-1]
    if key == FLOOR:
        return _bind(_floor, peer, large)
    return _bind(_build_render, peer, large)


def _status() -> dict[str, int]:
    found: dict[str, int] = {}
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0])
    return found


def memory_child(key: str) -> None:
    """In a fresh process: how far the resident set grows while building the large document."""
    call = _memory_call(key)
    warm = documents.DOCUMENTS[1]
    peer = _peers([key])[key]
    _floor(peer, warm) if key == FLOOR else _build_render(peer, warm)
    gc.collect()
    # Writing 5 to clear_refs resets the high-water mark to the current resident set.
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    before = _status()["VmRSS"]
    call()
    print(_status()["VmHWM"] - before)


def traced_peak(key: str) -> int:
    """Peak bytes allocated through Python's allocators while building the large document."""
    call = _memory_call(key)
    call()
    gc.collect()
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        call()
        return tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()


def resident_peak(key: str, runs: int) -> float:
    """Median growth of the resident set (KiB) over ``runs`` fresh processes."""
    environment = {**os.environ, "MALLOC_TOP_PAD_": "0"}
    found: list[int] = []
    for _ in range(runs):
        done = subprocess.run(  # noqa: S603 - this very script, with our own arguments
            [sys.executable, __file__, "--memory-child", key],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
        )
        found.append(int(done.stdout.split()[-1]))
    return statistics.median(found)


# -- report --------------------------------------------------------------------------------


def _cpu() -> str:
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> list[str]:
    """What the numbers were measured on."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return [
        f"Python: {sys.version.replace(chr(10), ' ')}",
        (
            f"lxml {'.'.join(map(str, etree.LXML_VERSION[:3]))},"
            f" libxml2 {'.'.join(map(str, etree.LIBXML_VERSION))}"
        ),
        f"CPU: {_cpu()}, {os.cpu_count()} logical cores; load average {load[0]:.2f}",
        f"platform: {platform.platform()}",
    ]


def _time(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}"


def _cell_text(cell: Cell) -> str:
    if cell.single:
        return f"{_time(cell.median)} (1 run)"
    low, high = cell.quartiles
    return f"{_time(cell.median)} ({_time(low)}-{_time(high)})"


def _home(operation: str, contender: str) -> str:
    """The operation under which a contender's cell is timed."""
    if contender == FLOOR:
        return BUILD
    if contender in (FROMSTRING, WALK) or (operation == VALIDATE and contender == CALLMARKUP):
        return PARSE
    return operation


def tables(cells: list[Cell], names: dict[str, str]) -> list[str]:
    """One Markdown table per operation: median µs (IQR) and ratios to the references."""
    by_key = {(c.operation, c.document, c.contender): c for c in cells}
    docs = [d.name for d in documents.DOCUMENTS]
    references = {
        BUILD: [(FLOOR, "floor"), (GENERIC, "generic")],
        RENDER: [(FLOOR, "floor"), (GENERIC, "generic")],
        PARSE: [(FROMSTRING, "fromstring"), (WALK, "walk")],
        VALIDATE: [
            (FROMSTRING, "fromstring"),
            (CALLMARKUP, "cm parse"),
            (CM_VALIDATE, "validate()"),
        ],
    }
    lines: list[str] = []
    for operation in OPERATIONS:
        refs = references[operation]
        header = [f"{operation}: µs per document, median (IQR)"]
        for doc in docs:
            header.append(doc)
            header += [f"×{label}" for _, label in refs]
        lines += ["", "| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
        contenders = list(dict.fromkeys(c.contender for c in cells if c.operation == operation))
        if operation == RENDER:
            contenders.append(FLOOR)
        for contender in contenders:
            row = [names.get(contender, contender)]
            for doc in docs:
                cell = by_key.get((_home(operation, contender), doc, contender))
                row.append(_cell_text(cell) if cell else "—")
                for ref, _ in refs:
                    base = by_key.get((_home(operation, ref), doc, ref))
                    row.append(f"{cell.median / base.median:.2f}" if cell and base else "—")
            lines.append("| " + " | ".join(row) + " |")
    return lines


def _ratio(
    cells: dict[tuple[str, str, str], Cell], top: tuple[str, str, str], bottom: tuple[str, str, str]
) -> float:
    return cells[top].median / cells[bottom].median


def verdict(text: str, value: float, limit: float) -> str:
    """One target's line: its figure, its limit, met or missed (a ratio at most ``limit``)."""
    state = "met" if value <= limit else f"MISSED (over by {value / limit - 1:.0%})"
    return f"- {text}: {value:.2f} (limit {limit:g}) {state}"


_RATIO_TARGETS: tuple[tuple[str, tuple[str, str], tuple[str, str], float, tuple[str, ...]], ...] = (
    ("render only / floor", (RENDER, CALLMARKUP), (BUILD, FLOOR), 1.5, ("ivr", "large")),
    ("build + render / floor", (BUILD, CALLMARKUP), (BUILD, FLOOR), 3.0, ("ivr", "large")),
    ("parse / unchecked walk", (PARSE, CALLMARKUP), (PARSE, WALK), 1.3, ("small", "ivr", "large")),
    ("validate() / parse()", (VALIDATE, CM_VALIDATE), (PARSE, CALLMARKUP), 1.0, ("ivr", "large")),
    (
        "validate(warnings=True) / validate()",
        (VALIDATE, CM_WARNINGS),
        (VALIDATE, CM_VALIDATE),
        1.5,
        ("small", "ivr", "large"),
    ),
)
"""Each target that is a ratio of two cells: its name, the cells (operation, contender), the
limit and the documents it holds for."""


def targets(
    cells: list[Cell], elements: dict[str, int], memory: dict[str, tuple[int, float]] | None
) -> list[str]:
    """The performance targets, each with the ratio measured in this run."""
    by_key = {(c.operation, c.document, c.contender): c for c in cells}
    lines = ["", "Targets (ratios from this run):"]
    lines += [
        verdict(
            f"{text}, {doc}",
            _ratio(by_key, (top[0], doc, top[1]), (bottom[0], doc, bottom[1])),
            limit,
        )
        for text, top, bottom, limit, docs in _RATIO_TARGETS
        for doc in docs
    ]
    lines.append(
        f"- build + render, ivr: {by_key[(BUILD, 'ivr', CALLMARKUP)].median:.1f} µs;"
        " at least 10 % faster than before: old and new side by side, see bench/compare.py"
    )
    for operation, contender in (
        (BUILD, CALLMARKUP),
        (RENDER, CALLMARKUP),
        (PARSE, CALLMARKUP),
        (VALIDATE, CM_VALIDATE),
    ):
        ivr = by_key[(operation, "ivr", contender)].median / elements["ivr"]
        large = by_key[(operation, "large", contender)].median / elements["large"]
        lines.append(
            verdict(
                f"µs per element, large / ivr, {operation} ({large:.3f} / {ivr:.3f} µs)",
                large / ivr,
                1.3,
            )
        )
    if memory is not None and CALLMARKUP in memory and "lxml" in memory:
        lines.append(
            verdict(
                "peak memory building + rendering large / lxml,"
                " resident set growth (every allocator)",
                memory[CALLMARKUP][1] / memory["lxml"][1],
                2.0,
            )
        )
        lines.append(
            verdict(
                "peak memory building + rendering large / lxml, tracemalloc"
                " (Python's allocators only: lxml's tree is not counted)",
                memory[CALLMARKUP][0] / memory["lxml"][0],
                2.0,
            )
        )
    lines.append("")
    lines.append("For reference, the generic floor ÷ the hand-written one (no target):")
    for operation in (BUILD, RENDER):
        ratios = ", ".join(
            f"{doc} {_ratio(by_key, (operation, doc, GENERIC), (BUILD, doc, FLOOR)):.2f}"
            for doc in ("small", "ivr", "large")
        )
        lines.append(f"- {operation}: {ratios}")
    if (BUILD, "ivr", "twilio") in by_key:
        lines.append("")
        lines.append("For reference, times callmarkup is faster (other ÷ callmarkup):")
        for operation, other in ((BUILD, "twilio"), (BUILD, "lxml"), (PARSE, "xsdata")):
            ratios = ", ".join(
                f"{doc} {_ratio(by_key, (operation, doc, other), (operation, doc, CALLMARKUP)):.1f}"
                for doc in ("ivr", "large")
                if (operation, doc, other) in by_key
            )
            lines.append(f"- {operation}, {other}: {ratios}")
    return lines


def memory_table(memory: dict[str, tuple[int, float]], names: dict[str, str]) -> list[str]:
    """Peak memory of building and rendering the large document."""
    lxml_traced, lxml_resident = memory["lxml"]
    lines = [
        "",
        (
            "| build + render, large document | tracemalloc peak KiB | ×lxml"
            " | resident set growth KiB | ×lxml |"
        ),
        "|---|---|---|---|---|",
    ]
    for key, (traced, resident) in memory.items():
        lines.append(
            f"| {names.get(key, key)} | {traced / 1024:,.0f} | {traced / lxml_traced:.2f}"
            f" | {resident:,.0f} | {resident / lxml_resident:.2f} |",
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="samples per cell (default 21)")
    parser.add_argument(
        "--sample-ms",
        type=float,
        default=20.0,
        help="length of one sample in milliseconds; fast calls are repeated (default 20)",
    )
    parser.add_argument(
        "--only",
        help="comma-separated contenders to run besides callmarkup, lxml and the floors"
        " (twilio, plivo, pydantic-xml, xsdata); default all",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurements")
    parser.add_argument(
        "--memory-runs",
        type=int,
        default=3,
        help="fresh processes per resident-set measurement (default 3)",
    )
    parser.add_argument(
        "--no-startup",
        action="store_true",
        help="skip the fresh-process figures (import, command line; see bench/startup.py)",
    )
    parser.add_argument(
        "--startup-runs",
        type=int,
        default=5,
        help="fresh processes per start-up command (default 5)",
    )
    parser.add_argument(
        "--clock",
        choices=tuple(CLOCKS),
        default="wall",
        help="time elapsed (wall, the default) or this process's CPU time (cpu: steadier on a"
        " busy machine); the start-up figures follow it",
    )
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.memory_child:
        memory_child(options.memory_child)
        return 0
    only = options.only.split(",") if options.only else None
    started = time.perf_counter()
    cells, names = make_cells(only)
    elements = {}
    cm = import_module("peer_callmarkup")
    for document in documents.DOCUMENTS:
        xml = cm.to_xml(_build(cm, document))
        elements[document.name], attributes = documents.count(xml)
        warned = len(cm.validate_warnings(xml))
        names[f"doc {document.name}"] = (
            f"{elements[document.name]} elements,"
            f" {attributes} attribute{'' if attributes == 1 else 's'},"
            f" {warned} warning{'' if warned == 1 else 's'} (unreachable verbs)"
        )
    run(cells, options.rounds, options.sample_ms / 1000, quiet=options.quiet, clock=options.clock)
    memory: dict[str, tuple[int, float]] | None = None
    if not options.no_memory:
        keys = [key for key in _peers(only) if key != WALK]
        memory = {key: (traced_peak(key), resident_peak(key, options.memory_runs)) for key in keys}
    imports = cli = None
    if not options.no_startup:
        imports = startup.import_times(options.startup_runs, clock=options.clock)
        cli = startup.cli_times(options.startup_runs, _CLI_FILES, clock=options.clock)
    lines = ["Machine:", *(f"- {line}" for line in machine())]
    lines.append(f"- callmarkup imported from {cm.LOCATION}")
    lines += ["", "Documents:"]
    lines += [f"- {d.name}: {names[f'doc {d.name}']}" for d in documents.DOCUMENTS]
    lines += tables(cells, names)
    if memory is not None:
        lines += memory_table(memory, names)
    lines += targets(cells, elements, memory)
    if imports is not None:
        lines += startup.report(imports, cli, _CLI_FILES, options.clock)
    lines += [
        "",
        (
            f"{options.rounds} rounds, samples of about {options.sample_ms:g} ms"
            f" ({options.clock} clock),"
            f" {time.perf_counter() - started:.0f} s in all."
        ),
    ]
    print("\n".join(lines))
    if options.json:
        options.json.write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "cells": [
                        {
                            "operation": c.operation,
                            "document": c.document,
                            "contender": c.contender,
                            "calls_per_sample": c.number,
                            "samples_us": c.samples,
                        }
                        for c in cells
                    ],
                    "memory": memory,
                    "clock": options.clock,
                    "library": cm.LOCATION,
                    "startup": {"import": imports, "cli": cli, "files": _CLI_FILES},
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
