"""Exploring calls with Hypothesis: callers(), platforms() and check_calls()."""

from __future__ import annotations

import pytest
from hypothesis import find, given, settings
from simulated import BYE_DOC, Reply, doc, simulate

from callmarkup import Gather, Say, parse
from callmarkup.testing import (
    Busy,
    CallCheckError,
    Caller,
    Platform,
    Press,
    callers,
    check_calls,
    platforms,
)
from callmarkup.testing._explore import expected_keys_of

MENU = doc(
    '<Gather action="/menu" numDigits="1"><Say>Press 1 for news, 2 for sport.</Say></Gather>'
)


@settings(max_examples=30)
@given(callers(keys="12", favour="1"))
def test_callers_press_only_the_given_keys(caller: Caller) -> None:
    """Every key a drawn script presses is one of ``keys`` or ``favour``."""
    for action in caller.actions:
        if isinstance(action, Press):
            assert set(action.keys) <= {"1", "2"}


def test_callers_refuse_unknown_keys() -> None:
    """Keys outside the keypad are a ValueError."""
    with pytest.raises(ValueError, match="keys and favour"):
        callers(keys="1a")


def test_platforms_draw_both_settings_of_every_variant() -> None:
    """platforms() reaches the non-default setting of a variant, and keeps fixed ones."""
    found = find(platforms(empty="base"), lambda p: p.afterbridge == "docs")
    assert (found.afterbridge, found.empty) == ("docs", "base")


def test_expected_keys_are_learnt_from_the_menu_prompts() -> None:
    """The keys a menu names are what the default callers favour."""
    [gather] = parse(MENU).children
    assert isinstance(gather, Gather)
    assert expected_keys_of([gather]) == "12"
    assert expected_keys_of([Gather(Say("Press pound or hash, then 9."))]) == "#9"


def test_check_calls_passes_a_sound_app() -> None:
    """An app whose every path ends well passes."""
    routes = {"/call": MENU, "/menu": BYE_DOC}
    check_calls(simulate(routes), max_examples=20)


def test_check_calls_shrinks_to_the_key_that_reaches_a_missing_route() -> None:
    """A menu branch that answers 404 is found, and the script shrunk to that one key."""

    def menu(form: dict[str, str]) -> str | Reply:
        if form["Digits"] == "2":
            return doc("<Redirect>/sport</Redirect>")
        return BYE_DOC

    with pytest.raises(CallCheckError) as raised:
        check_calls(simulate({"/call": MENU, "/menu": menu}), max_examples=50)
    assert raised.value.call.caller == Caller([Press("2")])
    assert raised.value.problem.startswith("application error: ")
    assert raised.value.problem.endswith("s not-found http://app.test/sport: HTTP 404")


def test_check_calls_finds_a_loop() -> None:
    """A Redirect loop fails as more documents than allowed."""
    routes = {"/call": doc("<Say>Hi.</Say><Redirect>/call</Redirect>")}
    with pytest.raises(CallCheckError, match="more than 5 documents"):
        check_calls(simulate(routes), max_examples=5, max_documents=5)


def test_check_calls_finds_a_call_that_never_ends() -> None:
    """A prompt that loops forever (V-loop0 docs) fails as too long; base plays it once."""
    routes = {"/call": doc('<Say loop="0">Please hold.</Say>')}
    with pytest.raises(CallCheckError, match="lasted more than 600 s"):
        check_calls(simulate(routes), max_examples=5, max_seconds=600)
    check_calls(simulate(routes, platform=Platform(loop0="base")), max_examples=5)


def test_check_calls_draws_platform_variants_and_far_ends() -> None:
    """With platforms(), a failure that needs one variant's setting is found."""

    def saved(form: dict[str, str]) -> str | Reply:
        return BYE_DOC if form["RecordingUrl"] else Reply(b"", 500, None)

    simulator = simulate({"/call": doc('<Record action="/saved"/>'), "/saved": saved})
    check_calls(simulator, max_examples=20, far_ends={"+1555": Busy()})
    with pytest.raises(CallCheckError) as raised:
        # Under V-notify base the app answers the early notifications with its document.
        check_calls(
            simulator, platforms=platforms(), max_examples=100, ignore=["markup-to-notification"]
        )
    assert raised.value.problem.endswith("http-status http://app.test/saved: HTTP 500")
    posted = [r for r in raised.value.call.requests if r.url == "http://app.test/saved"]
    assert posted[-1].form["RecordingDuration"] == "0.0"


def test_ignored_error_codes_do_not_fail() -> None:
    """Codes listed in ``ignore`` do not count."""
    routes = {"/call": doc("<Redirect>/gone</Redirect>")}
    check_calls(simulate(routes), max_examples=3, ignore=["not-found"])
