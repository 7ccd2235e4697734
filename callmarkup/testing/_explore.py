"""Property-based exploration of calls with Hypothesis.

Strategies of callers and platforms, and :func:`check_calls`, which fails with the shortest
caller script that reaches a problem.

This module needs Hypothesis; :mod:`callmarkup.testing` imports it only when one of its names
is used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

import attrs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from callmarkup._nodes import Gather, Record, Say
from callmarkup.testing._values import (
    VARIANTS,
    Action,
    Caller,
    FarEnd,
    HangUp,
    Platform,
    Press,
    Recording,
    Silence,
    Speak,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from hypothesis.strategies import SearchStrategy

    from callmarkup.testing._result import Call
    from callmarkup.testing._simulator import Simulator

__all__ = ["CallCheckError", "callers", "check_calls", "expected_keys_of", "platforms"]

_KEYS = "0123456789*#"
_KEY_IN_PROMPT = re.compile(
    r"(?<![0-9])([0-9])(?![0-9])|([*#])|\b(star|pound|hash)\b", re.IGNORECASE
)
_NAMED = {"star": "*", "pound": "#", "hash": "#"}


class CallCheckError(AssertionError):
    """A call that :func:`check_calls` found at fault, with the reason and the whole call.

    Attributes:
        problem: What is wrong, in one line.
        call: The call, whose ``caller`` is the (shrunk) script that reached the problem.

    Example:
        >>> from callmarkup.testing import Call, Caller, Event
        >>> call = Call(Caller(), "failed", 0.0, (), (Event(0.0, "end"),), ())
        >>> print(CallCheckError("the call met an application error", call))
        the call met an application error
        caller: Caller(actions=(), hangs_up_after=None)
           0.0s  end
    """

    def __init__(self, problem: str, call: Call) -> None:
        """Keep the problem and the call; the message shows the script and the transcript."""
        super().__init__(problem, call)
        self.problem = problem
        self.call = call

    def __str__(self) -> str:
        """The problem, the caller script, then the call log."""
        return f"{self.problem}\ncaller: {self.call.caller!r}\n{self.call}"


def _actions(keys: str, favour: str) -> SearchStrategy[Action]:
    # Listing the favoured keys three times makes them three times as likely as the others.
    pool = [st.sampled_from(favour)] * 3 if favour else []
    key = st.one_of(*pool, st.sampled_from(keys))
    presses = st.builds(
        Press,
        st.lists(key, min_size=1, max_size=4).map("".join),
        gap=st.sampled_from([1.0, 0.5, 3.0, 6.0]),
    )
    words = st.sampled_from(["yes", "no", "sales", "support", "operator", "help"])
    # Presses answer menus, which most calls are made of, so they come three times as often.
    return st.one_of(
        presses,
        presses,
        presses,
        st.just(Silence()),
        st.builds(Speak, words),
        st.builds(
            Recording,
            st.sampled_from([5.0, 1.0, 30.0, 0.0]),
            st.one_of(st.none(), st.sampled_from("#1*")),
        ),
        st.builds(HangUp, st.sampled_from([0.0, 1.0, 4.0])),
    )


def callers(
    *, keys: str = _KEYS, favour: str = "", max_actions: int = 6, hang_up: bool = True
) -> SearchStrategy[Caller]:
    """A Hypothesis strategy of caller scripts.

    Each script is a list of actions (presses, silence, speech, recordings, hang-ups), and,
    when ``hang_up`` is true, sometimes a time at which the caller hangs up. Keys in
    ``favour`` (those the application's menus ask for) are drawn three times as often as
    the others. Scripts shrink towards fewer, simpler actions.

    Args:
        keys: The keys the caller may press.
        favour: Keys to press more often.
        max_actions: The most actions in one script.
        hang_up: Whether the caller may hang up at an arbitrary moment.

    Returns:
        The strategy.

    Example:
        >>> from hypothesis import find
        >>> find(callers(favour="1"), lambda c: any(isinstance(a, Press) for a in c.actions))
        Caller(actions=(Press(keys='1', after=None, gap=1.0),), hangs_up_after=None)
    """
    if not keys or set(keys) - set(_KEYS) or set(favour) - set(_KEYS):
        raise ValueError(f"keys and favour must be made of {_KEYS}, got {keys!r}, {favour!r}")
    actions = st.lists(_actions(keys, favour), max_size=max_actions)
    # Most callers stay to the end; some hang up at an arbitrary moment.
    moments = st.integers(1, 600).map(float)
    leaves = st.one_of(st.none(), st.none(), st.none(), moments) if hang_up else st.none()
    return st.builds(Caller, actions, hangs_up_after=leaves)


_WORDS = st.sampled_from(["yes", "no", "sales", "support", "operator", "help"])
# Without a script of its own, a caller chooses at each verb, and sometimes hangs up.
_ADAPTIVE = st.builds(
    Caller,
    hangs_up_after=st.one_of(st.none(), st.none(), st.none(), st.integers(1, 600).map(float)),
)


def platforms(**fixed: object) -> SearchStrategy[Platform]:
    """A Hypothesis strategy of platform settings: every combination of the variants.

    Args:
        **fixed: Settings that stay as given (a variant, or a timing such as
            ``http_timeout``).

    Returns:
        The strategy.

    Example:
        >>> from hypothesis import find
        >>> find(platforms(empty="docs"), lambda p: p.noaction == "docs").empty
        'docs'
    """
    drawn = {name: st.sampled_from(["base", "docs"]) for name in VARIANTS if name not in fixed}
    return st.builds(Platform, **drawn, **{k: st.just(v) for k, v in fixed.items()})


def _choices(verb: Gather | Record) -> SearchStrategy[Action]:
    """What a caller may do at one verb: mostly what it asks for, sometimes anything else."""
    hang_up = st.builds(HangUp, st.sampled_from([0.0, 1.0, 4.0]))
    silence = st.just(Silence())
    if isinstance(verb, Record):
        recording = st.builds(
            Recording,
            st.sampled_from([5.0, 1.0, 30.0, 0.0]),
            st.one_of(st.none(), st.sampled_from("#1*")),
        )
        key = st.builds(Press, st.sampled_from(_KEYS))
        return st.one_of(recording, recording, recording, silence, key, hang_up)
    named = set(expected_keys_of([verb]))
    if verb.finish_on_key:
        named.add(verb.finish_on_key)
    favour = "".join(sorted(named)) or "0123456789"
    longest = verb.num_digits or 4
    presses = st.builds(
        Press,
        st.lists(
            st.one_of(st.sampled_from(favour), st.sampled_from(favour), st.sampled_from(_KEYS)),
            min_size=1,
            max_size=longest + 1,
        ).map("".join),
        gap=st.sampled_from([1.0, 0.5, 3.0, 6.0]),
    )
    speech = st.builds(Speak, _WORDS)
    if "speech" in (verb.input or ""):
        return st.one_of(speech, speech, presses, silence, hang_up)
    return st.one_of(presses, presses, presses, silence, speech, hang_up)


def expected_keys_of(verbs: Iterable[Gather | Record]) -> str:
    """The keys the prompts of some Gathers name (digits, ``*``, ``#``, star, pound, hash).

    Example:
        >>> from callmarkup import Gather, Say
        >>> expected_keys_of([Gather(Say("Press 1 for sales, 2 for support, star to repeat"))])
        '*12'
    """
    found: set[str] = set()
    for verb in verbs:
        if isinstance(verb, Gather):
            for prompt in verb.children:
                if isinstance(prompt, Say):
                    found |= _keys_in(prompt.text)
    return "".join(sorted(found))


def _keys_in(text: str) -> set[str]:
    return {
        digit or sign or _NAMED[name.lower()] for digit, sign, name in _KEY_IN_PROMPT.findall(text)
    }


def _problem(call: Call, max_seconds: float, max_documents: int, ignore: frozenset[str]) -> str:
    errors = [error for error in call.errors if error.code not in ignore]
    if any(error.code == "loop-limit" for error in errors) or call.documents > max_documents:
        return f"the call requested more than {max_documents} documents (a loop?)"
    if errors:
        return f"application error: {errors[0]}"
    if call.seconds > max_seconds:
        return f"the call lasted more than {max_seconds:g} s"
    return ""


def check_calls(  # noqa: PLR0913 - every option is keyword-only and has a default
    simulator: Simulator,
    *,
    callers: SearchStrategy[Caller] | None = None,
    far_ends: Mapping[str, FarEnd] | SearchStrategy[Mapping[str, FarEnd]] | None = None,
    platforms: SearchStrategy[Platform] | None = None,
    max_examples: int = 100,
    max_seconds: float = 3600.0,
    max_documents: int = 20,
    ignore: Iterable[str] = (),
    **fields: str,
) -> None:
    """Place many calls with Hypothesis and fail with the shortest script that finds a problem.

    A call is at fault when it meets an application error (HTTP errors, unusable or invalid
    documents, unreachable URLs, failed notifications, markup sent to a notification), lasts
    more than ``max_seconds``, or requests more than ``max_documents`` documents.

    Args:
        simulator: The simulator of the application.
        callers: A strategy of caller scripts, such as :func:`callers`. By default the
            caller chooses at each ``<Gather>`` or ``<Record>`` as it is reached: mostly
            the keys its prompts name (a Gather) or a recording (a Record), sometimes
            anything else; the failing call's ``caller`` lists the actions taken.
        far_ends: What ``<Dial>`` destinations do: a mapping, or a strategy of mappings.
        platforms: A strategy of platform settings (e.g. :func:`platforms`); by default the
            simulator's own.
        max_examples: How many calls to try.
        max_seconds: The longest acceptable call.
        max_documents: The most document requests acceptable in one call.
        ignore: Error codes that do not count (``"markup-to-notification"``, say).
        **fields: Call fields for every call (see :meth:`Simulator.call`).

    Raises:
        CallCheckError: The shrunk call at fault; Hypothesis also prints its script.

    Example:
        >>> from callmarkup.testing import Simulator
        >>> def app(environ, start_response):
        ...     start_response("200 OK", [("Content-Type", "text/xml")])
        ...     if b"PostStatus=new" in environ["wsgi.input"].read():
        ...         return [b'<Response><Gather action="/menu" numDigits="1">'
        ...                 b'<Say>Press 1.</Say></Gather></Response>']
        ...     return [b"<Response/>"]
        >>> check_calls(Simulator(app), max_examples=20)
    """
    ends: SearchStrategy[Mapping[str, FarEnd]] = (
        st.just(dict(far_ends or {}))
        if far_ends is None or isinstance(far_ends, Mapping)
        else far_ends
    )
    settings_ = (st.just(simulator.platform) if platforms is None else platforms).map(
        lambda p: attrs.evolve(
            p,
            max_documents=min(p.max_documents, max_documents + 1),
            max_call_seconds=min(p.max_call_seconds, max_seconds + 1),
        )
    )
    scripts = _ADAPTIVE if callers is None else callers
    skipped = frozenset(ignore)
    cache: dict[Gather | Record, SearchStrategy[Action]] = {}

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        # Explaining which parts of a script matter replays it many times for little insight.
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    )
    @given(data=st.data(), caller=scripts, far=ends, platform=settings_)
    def explore(
        data: st.DataObject, caller: Caller, far: Mapping[str, FarEnd], platform: Platform
    ) -> None:
        def choose(verb: Gather | Record) -> Action:
            if verb not in cache:
                cache[verb] = _choices(verb)
            return data.draw(cache[verb])

        call = simulator.call(
            caller,
            far_ends=far,
            platform=platform,
            choose=choose if callers is None else None,
            **cast("dict[str, Any]", fields),
        )
        problem = _problem(call, max_seconds, max_documents, skipped)
        if problem:
            raise CallCheckError(problem, call)

    explore()
