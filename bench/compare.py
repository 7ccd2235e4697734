"""Old and new side by side: the same benchmark code run against two checkouts of the library.

Usage: ``python bench/compare.py --old PATH --new PATH [--repeats N] [--rounds N] ...``
(``--help`` lists every option), e.g. ``python bench/compare.py --old ../baseline --new .``.

Each path is a checkout (a folder holding the ``callmarkup`` package). The benchmark code is
always this folder's (``run.py``, with its documents, peers and start-up figures), whatever the
checkouts hold; only the library changes, through ``PYTHONPATH``. Old and new alternate, in an
order that flips every repeat, so that drift of a shared machine falls on both. Each run checks
that it measured the checkout it was given.

For every cell (operation, document) of callmarkup, the import, the command line and memory,
it prints the old and new figures, the minimum over the repeats of each run's median, and the
ratio new ÷ old; then the targets, for old and new. The cells of the floors and of plain lxml do
not depend on the library: their ratios show how steady the machine was.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["main"]

_RUN = Path(__file__).with_name("run.py")

_TIMED = (
    ("build + render", "callmarkup"),
    ("render only", "callmarkup"),
    ("parse", "callmarkup"),
    ("validate", "callmarkup validate"),
    ("validate", "callmarkup validate warnings"),
)
"""The library's cells, shown for every document."""

_CONTROLS = (
    ("build + render", "string join (floor)"),
    ("build + render", "string join, generic (floor)"),
    ("parse", "lxml fromstring (floor)"),
    ("parse", "lxml + typed tuples, no checks"),
)
"""Cells that do not depend on the library: how steady the machine was."""

_DOCUMENTS = ("small", "ivr", "large")

Side = dict[str, Any]


def _one_run(path: Path, arguments: Sequence[str], scratch: Path, number: int) -> Side:
    """Run the benchmark once against the checkout at ``path``; its JSON output."""
    output = scratch / f"run-{number}.json"
    environment = {**os.environ, "PYTHONPATH": str(path)}
    subprocess.run(  # noqa: S603 - this folder's benchmark, with our own arguments
        [sys.executable, str(_RUN), "--quiet", "--json", str(output), *arguments],
        cwd=scratch,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    found: Side = json.loads(output.read_text(encoding="utf-8"))
    library = Path(found["library"]).resolve()
    if library.parent != path:
        raise RuntimeError(f"the run meant for {path} measured the library in {library}")
    return found


def _cells(runs: list[Side]) -> dict[tuple[str, str, str], float]:
    """Each cell's figure over the runs: the minimum of the runs' medians, microseconds."""
    medians: dict[tuple[str, str, str], list[float]] = {}
    for run in runs:
        for cell in run["cells"]:
            key = (cell["operation"], cell["document"], cell["contender"])
            medians.setdefault(key, []).append(statistics.median(cell["samples_us"]))
    return {key: min(values) for key, values in medians.items()}


def _minimum(runs: list[Side], pick: Callable[[Side], float | None]) -> float | None:
    values = [value for value in map(pick, runs) if value is not None]
    return min(values) if values else None


def _least_startup(runs: list[Side], path: tuple[str, ...]) -> float | None:
    """The least of a start-up figure over the runs, in milliseconds."""
    return _minimum(runs, partial(_startup_at, path))


def _least_memory(runs: list[Side], index: int) -> float | None:
    """The least of a memory figure over the runs, in KiB."""
    return _minimum(runs, partial(_memory_at, index))


def _row(label: str, old: float | None, new: float | None, unit: str) -> str:
    if old is None or new is None:
        return f"| {label} | — | — | — | |"
    ratio = new / old
    change = f"{1 - ratio:.0%} faster" if ratio < 1 else f"{ratio - 1:.0%} slower"
    if unit == "KiB":
        change = f"{1 - ratio:.0%} less" if ratio < 1 else f"{ratio - 1:.0%} more"
    return f"| {label} | {old:,.1f} {unit} | {new:,.1f} {unit} | {ratio:.2f} | {change} |"


def _startup_at(path: tuple[str, ...], run: Side) -> float | None:
    return _startup(run, *path)


def _memory_at(index: int, run: Side) -> float | None:
    return _memory(run, index)


def _startup(run: Side, *path: str) -> float | None:
    value: Any = run.get("startup") or {}
    for part in path:
        if not isinstance(value, dict) or value.get(part) is None:
            return None
        value = value[part]
    return float(value) * 1000


def _memory(run: Side, index: int) -> float | None:
    memory = run.get("memory")
    if not memory or "callmarkup" not in memory:
        return None
    return float(memory["callmarkup"][index]) / (1024 if index == 0 else 1)


def _verdict(text: str, old: float, new: float, limit: float) -> str:
    state = "met" if new <= limit else f"MISSED (over by {new / limit - 1:.0%})"
    return f"- {text}: old {old:.2f}, new {new:.2f} (limit {limit:g}) {state}"


def report(old_runs: list[Side], new_runs: list[Side]) -> list[str]:
    """The side-by-side tables and the targets."""
    old, new = _cells(old_runs), _cells(new_runs)
    lines = ["| cell | old | new | new ÷ old | |", "|---|---|---|---|---|"]
    for operation, contender in _TIMED:
        for doc in _DOCUMENTS:
            key = (operation, doc, contender)
            label = "validate(warnings=True)" if contender.endswith("warnings") else operation
            lines.append(_row(f"{label}, {doc}", old.get(key), new.get(key), "µs"))
    for name, path in (
        ("import callmarkup (import statement)", ("import", "callmarkup", "import")),
        ("import callmarkup (whole process)", ("import", "callmarkup", "process")),
        ("import lxml.etree, attrs (import statement)", ("import", "lxml.etree, attrs", "import")),
        ("callmarkup validate DIR", ("cli", "callmarkup validate")),
        ("callmarkup validate --no-warnings DIR", ("cli", "callmarkup validate --no-warnings")),
        ("fromstring loop over DIR", ("cli", "fromstring loop")),
    ):
        lines.append(
            _row(
                name,
                _least_startup(old_runs, path),
                _least_startup(new_runs, path),
                "ms",
            )
        )
    for name, index in (("tracemalloc peak", 0), ("resident set growth", 1)):
        lines.append(
            _row(
                f"memory, build + render large, {name}",
                _least_memory(old_runs, index),
                _least_memory(new_runs, index),
                "KiB",
            )
        )
    lines += [
        "",
        "Controls (no library code; a ratio far from 1.00 means the machine drifted):",
        "",
        "| cell | old | new | new ÷ old | |",
        "|---|---|---|---|---|",
    ]
    for operation, contender in _CONTROLS:
        key = (operation, "ivr", contender)
        lines.append(
            _row(f"{contender}, {operation}, ivr", old.get(key), new.get(key), "µs"),
        )
    return lines + _targets(old_runs, new_runs)


def _targets(old_runs: list[Side], new_runs: list[Side]) -> list[str]:
    """The targets, each with its old and new figures."""
    old, new = _cells(old_runs), _cells(new_runs)
    lines = ["", "Targets (old, new):"]
    key = ("build + render", "ivr", "callmarkup")
    if key in old and key in new:
        gain = 1 - new[key] / old[key]
        state = "met" if gain >= 0.10 else "MISSED"
        lines.append(
            f"- build + render, ivr, faster than before: {gain:.0%} (at least 10 %) {state}"
        )
    for doc in _DOCUMENTS:
        top, bottom = ("parse", doc, "callmarkup"), ("parse", doc, "lxml + typed tuples, no checks")
        lines.append(
            _verdict(
                f"parse / unchecked walk, {doc}",
                old[top] / old[bottom],
                new[top] / new[bottom],
                1.3,
            )
        )
    for doc in _DOCUMENTS:
        top = ("validate", doc, "callmarkup validate warnings")
        bottom = ("validate", doc, "callmarkup validate")
        lines.append(
            _verdict(
                f"validate(warnings=True) / validate(), {doc}",
                old[top] / old[bottom],
                new[top] / new[bottom],
                1.5,
            )
        )
    for text, numerator, denominator, limit in (
        (
            "import callmarkup / import lxml.etree, attrs",
            ("import", "callmarkup", "import"),
            ("import", "lxml.etree, attrs", "import"),
            1.6,
        ),
        (
            "callmarkup validate DIR / fromstring loop",
            ("cli", "callmarkup validate"),
            ("cli", "fromstring loop"),
            4.0,
        ),
        (
            "callmarkup validate --no-warnings DIR / fromstring loop",
            ("cli", "callmarkup validate --no-warnings"),
            ("cli", "fromstring loop"),
            4.0,
        ),
    ):
        figures = [
            _least_startup(side, path)
            for side in (old_runs, new_runs)
            for path in (numerator, denominator)
        ]
        if None not in figures:
            old_top, old_bottom, new_top, new_bottom = (float(f or 0) for f in figures)
            lines.append(_verdict(text, old_top / old_bottom, new_top / new_bottom, limit))
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run old and new alternately and print them side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, required=True, help="checkout of the old library")
    parser.add_argument("--new", type=Path, required=True, help="checkout of the new library")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each (default 3)")
    parser.add_argument("--rounds", type=int, default=7, help="samples per cell (default 7)")
    parser.add_argument(
        "--sample-ms", type=float, default=10.0, help="length of one sample (default 10)"
    )
    parser.add_argument(
        "--startup-runs", type=int, default=5, help="fresh processes per command (default 5)"
    )
    parser.add_argument(
        "--memory-runs", type=int, default=3, help="processes per memory figure (default 3)"
    )
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="CPU time (cpu, the default: steadier on a busy machine) or elapsed time (wall)",
    )
    parser.add_argument("--no-memory", action="store_true", help="skip memory")
    parser.add_argument("--no-startup", action="store_true", help="skip import and command line")
    options = parser.parse_args(argv)
    sides = {"old": options.old.resolve(), "new": options.new.resolve()}
    for name, path in sides.items():
        if not (path / "callmarkup" / "__init__.py").is_file():
            parser.error(f"--{name} {path}: no callmarkup package in this folder")
    arguments = [
        "--only",
        "callmarkup",
        "--rounds",
        str(options.rounds),
        "--sample-ms",
        str(options.sample_ms),
        "--startup-runs",
        str(options.startup_runs),
        "--memory-runs",
        str(options.memory_runs),
        "--clock",
        options.clock,
    ]
    arguments += ["--no-memory"] if options.no_memory else []
    arguments += ["--no-startup"] if options.no_startup else []
    runs: dict[str, list[Side]] = {"old": [], "new": []}
    with tempfile.TemporaryDirectory() as scratch:
        number = 0
        for repeat in range(options.repeats):
            for name in ("old", "new") if repeat % 2 == 0 else ("new", "old"):
                print(f"repeat {repeat + 1}/{options.repeats}: {name}", file=sys.stderr)
                runs[name].append(_one_run(sides[name], arguments, Path(scratch), number))
                number += 1
    print(f"old: {sides['old']}\nnew: {sides['new']}")
    print(
        f"{options.repeats} runs of each, alternating; {options.rounds} rounds of"
        f" {options.sample_ms:g} ms samples per cell, {options.clock} clock; each figure is the"
        " minimum of the runs' medians.\n"
    )
    print("\n".join(report(runs["old"], runs["new"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
