"""Hypothesis profiles: ``default`` for a quick local run, ``ci`` for continuous integration.

Choose one with the ``HYPOTHESIS_PROFILE`` environment variable (``.ci/run`` sets ``ci``).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Drawing a whole document is slower than Hypothesis expects of one draw; the suite's time is
# bounded by the example counts below instead.
_SLOW_DRAWS = (HealthCheck.too_slow,)

settings.register_profile(
    "default",
    max_examples=60,
    deadline=1000,
    suppress_health_check=_SLOW_DRAWS,
)
settings.register_profile(
    "ci",
    max_examples=250,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_DRAWS,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
