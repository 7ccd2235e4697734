"""The Hypothesis entry point: ``st.from_type(Say)`` works for every node and webhook class.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported, through the
``hypothesis`` entry point the package declares, so users' test suites get the node strategies
without importing anything of ours. This module imports nothing at import time: the package must
stay importable without Hypothesis, and Hypothesis may be importing it halfway through importing
itself, or while :mod:`callmarkup.strategies` is itself being imported.
"""

from __future__ import annotations

from typing import Any

__all__: list[str] = []


def _hypothesis_setup_hook() -> None:  # pyright: ignore[reportUnusedFunction] - an entry point
    """Register a strategy for every node class with :func:`hypothesis.strategies.from_type`."""
    from hypothesis import strategies as st  # noqa: PLC0415 - only once Hypothesis runs us

    from callmarkup._nodes import NODE_CLASSES, Node  # noqa: PLC0415 - see the module docstring

    def deferred(cls: type[Node]) -> st.SearchStrategy[Node]:
        def resolve() -> st.SearchStrategy[Node]:
            # Built at the first draw: callmarkup.strategies may still be importing now.
            from callmarkup.strategies import elements  # noqa: PLC0415

            return elements(cls)

        return st.deferred(resolve)

    for cls in NODE_CLASSES.values():
        st.register_type_strategy(cls, deferred(cls))

    _register_webhook_models(st)


def _register_webhook_models(st: Any) -> None:
    """Register requests the platform could send for every webhook model.

    Without this, Hypothesis would build the attrs classes field by field: naive datetimes,
    statuses no platform sends, models that do not read back from their own form.
    """
    from callmarkup import webhooks  # noqa: PLC0415 - see the module docstring

    def deferred(model: type[webhooks.CallRequest]) -> Any:
        def resolve() -> Any:
            from callmarkup._webhook_strategies import webhook_requests  # noqa: PLC0415

            return webhook_requests(model)

        return st.deferred(resolve)

    for model in (
        webhooks.CallRequest,
        webhooks.IncomingCall,
        webhooks.OutboundStatusUpdate,
        webhooks.CallProgressEvent,
        webhooks.GatherAction,
        webhooks.GatherPartialResult,
        webhooks.RecordAction,
        webhooks.Transcription,
        webhooks.DialAction,
        webhooks.SipScreening,
    ):
        st.register_type_strategy(model, deferred(model))
