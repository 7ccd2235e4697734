"""What users wait for in fresh processes: importing callmarkup, and the command line on a folder.

Usage: ``python bench/startup.py [import|cli|all] [--runs N] [--files N] [--json FILE]``.

* ``import``: ``import callmarkup`` against ``import lxml.etree, attrs`` (what callmarkup needs at
  the least), each in a fresh interpreter, timed inside it around the ``import`` statement so
  that the interpreter's own start-up, the same for both, does not dilute the ratio; the wall
  time of the whole process is printed beside it. Target: at most 1.6 times.
* ``cli``: ``callmarkup validate DIR`` (warnings on, as by default) and ``callmarkup validate
  --no-warnings DIR`` on a folder of IVR documents (1,000 by default, all valid, each different),
  against a fresh process that reads the same files and parses each with
  ``lxml.etree.fromstring``: wall time of the whole process. Target: at most 4 times.

Each figure is the minimum over ``--runs`` fresh processes, the commands alternating, so that a
busy machine slows a run down but cannot make one look faster. ``--clock cpu`` measures CPU time
instead of elapsed time (inside the process for the import, the child's user and system time
for the whole process), which a busy machine delays but does not lengthen.

Before timing, each command runs once untimed, with ``PYTHONDONTWRITEBYTECODE`` removed from its
environment, so that the bytecode caches exist, as an installation by pip writes them: a timed
run never compiles sources, whichever checkout it imports. The processes run in a scratch
folder, so the library they import is the one on ``PYTHONPATH`` or installed, never a checkout
that happens to be the current folder (``bench/compare.py`` relies on this).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import documents
import peer_generic

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["cli_times", "import_times", "main", "report", "write_folder"]

_IMPORT = "import time; start = time.{timer}(); import {modules}; print(time.{timer}() - start)"

_LOOP = """\
import sys
from pathlib import Path
from lxml import etree

for path in sorted(Path(sys.argv[1]).glob("*.xml")):
    etree.fromstring(path.read_bytes())
"""

_ENVIRONMENT = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}
"""The children's environment: ours, but free to write bytecode caches in the warm-up run."""

IMPORT_LIMIT = 1.6
CLI_LIMIT = 4.0


def _children_cpu() -> float:
    """CPU seconds (user and system) of every child process waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(argv: Sequence[str], cwd: Path, clock: str = "wall") -> tuple[float, str]:
    """Run a fresh process; its time in seconds (by ``clock``) and its standard output."""
    measure = time.perf_counter if clock == "wall" else _children_cpu
    start = measure()
    done = subprocess.run(  # noqa: S603 - our own interpreter with our own arguments
        argv, cwd=cwd, capture_output=True, text=True, check=False, env=_ENVIRONMENT
    )
    elapsed = measure() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr}")
    return elapsed, done.stdout


def import_times(runs: int, *, clock: str = "wall") -> dict[str, dict[str, float]]:
    """Minimum import time and process time, seconds, of callmarkup and of its needs."""
    timer = "perf_counter" if clock == "wall" else "process_time"
    commands = {
        "callmarkup": "callmarkup",
        "lxml.etree, attrs": "lxml.etree, attrs",
    }
    found: dict[str, dict[str, list[float]]] = {
        key: {"import": [], "process": []} for key in commands
    }
    with tempfile.TemporaryDirectory() as scratch:
        keys = list(commands)
        for key in keys:  # warm-up: bytecode caches
            _run([sys.executable, "-c", f"import {commands[key]}"], Path(scratch))
        for number in range(runs):
            for key in keys if number % 2 == 0 else keys[::-1]:
                code = _IMPORT.format(modules=commands[key], timer=timer)
                wall, out = _run([sys.executable, "-c", code], Path(scratch), clock)
                found[key]["import"].append(float(out.split()[-1]))
                found[key]["process"].append(wall)
    return {
        key: {kind: min(values) for kind, values in kinds.items()} for key, kinds in found.items()
    }


def write_folder(folder: Path, count: int) -> None:
    """Write ``count`` valid IVR documents, each with its own texts, into ``folder``."""
    for index in range(count):
        text = peer_generic.render(peer_generic.build_menu(documents.ivr(index).blocks))
        (folder / f"ivr-{index:05d}.xml").write_text(text, encoding="utf-8")


def cli_times(runs: int, files: int, *, clock: str = "wall") -> dict[str, float]:
    """Minimum time, seconds, of the command line and of a ``fromstring`` loop."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "documents"
        folder.mkdir()
        write_folder(folder, files)
        commands = {
            "callmarkup validate": [sys.executable, "-m", "callmarkup", "validate", str(folder)],
            "callmarkup validate --no-warnings": [
                sys.executable,
                "-m",
                "callmarkup",
                "validate",
                "--no-warnings",
                str(folder),
            ],
            "fromstring loop": [sys.executable, "-c", _LOOP, str(folder)],
        }
        _run(commands["fromstring loop"], Path(scratch))  # warm-up: bytecode caches
        _, summary = _run(commands["callmarkup validate --no-warnings"], Path(scratch))
        if f"{files} valid" not in summary:
            raise AssertionError(f"the command line does not find every file valid: {summary}")
        found: dict[str, list[float]] = {key: [] for key in commands}
        keys = list(commands)
        for number in range(runs):
            for key in keys[number % len(keys) :] + keys[: number % len(keys)]:
                found[key].append(_run(commands[key], Path(scratch), clock)[0])
    return {key: min(values) for key, values in found.items()}


def _verdict(text: str, value: float, limit: float) -> str:
    state = "met" if value <= limit else f"MISSED (over by {value / limit - 1:.0%})"
    return f"- {text}: {value:.2f} (limit {limit:g}) {state}"


def report(
    imports: dict[str, dict[str, float]] | None,
    cli: dict[str, float] | None,
    files: int,
    clock: str = "wall",
) -> list[str]:
    """The figures and the targets, as lines of text."""
    what = "elapsed" if clock == "wall" else "CPU time"
    lines: list[str] = []
    if imports is not None:
        lines += [
            "",
            f"| fresh process, minimum, {what} | import ms | whole process ms |",
            "|---|---|---|",
        ]
        lines += [
            f"| `import {key}` | {times['import'] * 1000:.1f} | {times['process'] * 1000:.1f} |"
            for key, times in imports.items()
        ]
    if cli is not None:
        lines += [
            "",
            f"| {files:,} IVR files, fresh process, minimum, {what} | ms | ×fromstring loop |",
            "|---|---|---|",
        ]
        base = cli["fromstring loop"]
        lines += [
            f"| `{key}` | {value * 1000:.0f} | {value / base:.2f} |" for key, value in cli.items()
        ]
    lines += ["", "Start-up targets:"]
    if imports is not None:
        lines.append(
            _verdict(
                "import callmarkup / import lxml.etree, attrs",
                imports["callmarkup"]["import"] / imports["lxml.etree, attrs"]["import"],
                IMPORT_LIMIT,
            )
        )
    if cli is not None:
        for key in ("callmarkup validate", "callmarkup validate --no-warnings"):
            lines.append(
                _verdict(f"{key} DIR / fromstring loop", cli[key] / base, CLI_LIMIT),
            )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", choices=("import", "cli", "all"), default="all")
    parser.add_argument(
        "--runs", type=int, default=7, help="fresh processes per command (default 7)"
    )
    parser.add_argument(
        "--files", type=int, default=1000, help="IVR files in the folder (default 1000)"
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="elapsed time (wall, the default) or CPU time (cpu: steadier on a busy machine)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args(argv)
    clock = options.clock
    imports = import_times(options.runs, clock=clock) if options.what in ("import", "all") else None
    cli = (
        cli_times(options.runs, options.files, clock=clock)
        if options.what in ("cli", "all")
        else None
    )
    print("\n".join(report(imports, cli, options.files, clock)))
    if options.json:
        options.json.write_text(
            json.dumps({"import": imports, "cli": cli, "files": options.files}, indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
