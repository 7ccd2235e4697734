"""How much of a bulk build is CPython's cyclic garbage collector, and what turning it off saves.

Usage: ``python bench/collector.py [--blocks N] [--repeats N]``.

Builds one document of ``--blocks`` menu blocks (1,600 by default: 24,001 elements) with
callmarkup's node classes, three ways, alternating, and prints the least CPU time of each:

* ``collector on``: as a program runs by default;
* ``gc.freeze()`` first: the objects alive before the build (modules, classes, the data) are
  moved out of the collector's sight, so each full collection during the build only walks what
  the build made;
* ``gc.disable()`` around the build: no collection at all (nodes hold no cycles, so nothing
  is left for the collector to free afterwards).

It also counts the collections of each generation that the default run triggers. Only building
is timed: rendering makes few container objects.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from typing import TYPE_CHECKING

import documents
import peer_callmarkup

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["main"]


def _timed(build: Callable[[], object], mode: str) -> float:
    """CPU seconds to build once under ``mode`` (CPU time: a busy machine delays, not slows)."""
    gc.collect()
    if mode == "freeze":
        gc.freeze()
    elif mode == "disable":
        gc.disable()
    start = time.process_time()
    try:
        build()
        return time.process_time() - start
    finally:
        gc.enable()
        gc.unfreeze()


def _collections(build: Callable[[], object]) -> list[int]:
    """How many collections of each generation one default build triggers."""
    gc.collect()
    before = [stat["collections"] for stat in gc.get_stats()]
    build()
    return [stat["collections"] - was for stat, was in zip(gc.get_stats(), before, strict=True)]


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=1600, help="menu blocks (default 1600)")
    parser.add_argument("--repeats", type=int, default=15, help="builds per way (default 15)")
    options = parser.parse_args(argv)
    blocks = documents.large(options.blocks).blocks
    elements, _ = documents.count(peer_callmarkup.to_xml(peer_callmarkup.build_menu(blocks)))

    def build() -> object:
        return peer_callmarkup.build_menu(blocks)

    modes = {"on": "collector on", "freeze": "gc.freeze() first", "disable": "gc.disable()"}
    found: dict[str, list[float]] = {mode: [] for mode in modes}
    keys = list(modes)
    for number in range(options.repeats):
        for mode in keys[number % 3 :] + keys[: number % 3]:
            found[mode].append(_timed(build, mode))
    best = {mode: min(times) for mode, times in found.items()}
    print(f"{elements:,} elements; CPU time, minimum of {options.repeats} builds each")
    print()
    print("| build | ms | share of the default build |")
    print("|---|---|---|")
    for mode, label in modes.items():
        print(f"| {label} | {best[mode] * 1000:.1f} | {best[mode] / best['on']:.0%} |")
    young, middle, old = _collections(build)
    print()
    print(f"Collections during one default build: {young} young, {middle} middle, {old} full.")
    print(f"Cyclic collector's share of the default build: {1 - best['disable'] / best['on']:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
