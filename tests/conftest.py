"""Hypothesis profiles: ``default`` for a quick local run, ``ci`` for continuous integration.

Choose one with the ``HYPOTHESIS_PROFILE`` environment variable (``.ci/run`` sets ``ci``).
The profile's ``max_examples`` applies to tests without their own: ``ci`` draws more than three
times as many as ``default``. A test that sets its own count (a search, a check of each codec,
a check of an option) keeps it under both profiles.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

# Drawing a whole document is slower than Hypothesis expects of one draw; the suite's time is
# bounded by the example counts below instead.
_SLOW_DRAWS = (HealthCheck.too_slow,)

# Every phase but "explain", which only annotates a failure report and costs most where nothing
# failed: each hypothesis.find() (the doctests of callmarkup.strategies use it) explains the
# example it found, which took 50 s in a fresh clone for one doctest, against 2 s without.
_PHASES = tuple(phase for phase in Phase if phase is not Phase.explain)

settings.register_profile(
    "default",
    max_examples=60,
    deadline=1000,
    phases=_PHASES,
    suppress_health_check=_SLOW_DRAWS,
)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    phases=_PHASES,
    print_blob=True,
    suppress_health_check=_SLOW_DRAWS,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
