"""The benchmark's XML Schema is the one the export generates, so it cannot drift.

``bench/acml.xsd`` is what ``callmarkup schema`` prints; after a change of the dialect (or of
the version, which the schema's comment names), regenerate it with
``python -m callmarkup schema > bench/acml.xsd``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callmarkup._export import xml_schema

BENCH = Path(__file__).resolve().parent.parent / "bench"
BENCH_SCHEMA = BENCH / "acml.xsd"


# The source distribution ships the tests but not the benchmark.
@pytest.mark.skipif(not BENCH.is_dir(), reason="the benchmark is not in this copy of the source")
def test_bench_schema_is_the_exported_schema() -> None:
    """The committed bench/acml.xsd is byte for byte the schema the export generates."""
    assert BENCH_SCHEMA.read_bytes() == xml_schema().encode("utf-8"), (
        "bench/acml.xsd is stale: run python -m callmarkup schema > bench/acml.xsd"
    )
