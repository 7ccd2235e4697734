"""The ``callmarkup call`` command: one simulated call to a running application.

:func:`add_parser` adds the subcommand to the command line's parser; :func:`run` places the
call over HTTP, prints the transcript and returns the exit status. The simulator is imported
by :func:`run` alone, so that the other commands do not pay for loading it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

    from callmarkup.testing import Action, FarEnd

__all__ = ["add_parser", "run"]

_FAR_ENDS = ("answer", "busy", "no-answer", "fail")


class _Streams(Protocol):
    @property
    def out(self) -> TextIO: ...
    @property
    def err(self) -> TextIO: ...


class _InOrder(argparse.Action):
    """Appends ``(kind, value)`` to one list, so that the caller's actions keep their order."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        del parser, option_string
        actions: list[tuple[str, str]] = list(getattr(namespace, "actions", None) or [])
        actions.append((self.dest, values if isinstance(values, str) else ""))
        namespace.actions = actions


def add_parser(commands: Any) -> argparse.ArgumentParser:
    """Add the ``call`` subcommand to the subparsers of the command line."""
    call: argparse.ArgumentParser = commands.add_parser(
        "call",
        help="place a simulated call to a running application",
        description="Place one simulated call to a running application, as the platform"
        " would, and print its transcript. Each --press, --speak and --silence answers the"
        " next <Gather> or <Record>, in order. Exit status 1 when the call met an"
        " application error.",
    )
    call.add_argument("url", metavar="URL", help="the number's incoming URL")
    call.add_argument(
        "--press", dest="press", action=_InOrder, metavar="KEYS", help="press keys (0-9, *, #)"
    )
    call.add_argument("--speak", dest="speak", action=_InOrder, metavar="TEXT", help="speak")
    call.add_argument(
        "--silence", dest="silence", action=_InOrder, nargs=0, help="stay silent once"
    )
    call.add_argument(
        "--far-end",
        dest="far_ends",
        action="append",
        default=[],
        metavar="DEST=answer|busy|no-answer|fail",
        help="what a <Dial> destination does (default: no-answer)",
    )
    call.add_argument("--from", dest="from_", default="+15550001111", help="the caller")
    call.add_argument("--to", default="+15550002222", help="the number called")
    call.add_argument(
        "--hang-up-after", type=float, metavar="SECONDS", help="the caller hangs up then"
    )
    return call


def _action(kind: str, value: str) -> Action:
    from callmarkup.testing import Press, Silence, Speak  # noqa: PLC0415 - see the docstring

    if kind == "press":
        return Press(value)
    if kind == "speak":
        return Speak(value)
    return Silence()


def run(arguments: argparse.Namespace, streams: _Streams) -> int:
    """Place the call, print the transcript; 0, 1 on an application error, 2 on bad options."""
    from callmarkup.testing import Answer, Busy, Caller, Fail, NoAnswer, Simulator  # noqa: PLC0415

    behaviours: dict[str, FarEnd] = {
        "answer": Answer(),
        "busy": Busy(),
        "no-answer": NoAnswer(),
        "fail": Fail(),
    }
    far_ends: dict[str, FarEnd] = {}
    for spec in arguments.far_ends:
        target, _, kind = str(spec).rpartition("=")
        if not target or kind not in _FAR_ENDS:
            streams.err.write(
                f"callmarkup call: --far-end {spec!r}: expected DEST=answer|busy|no-answer|fail\n"
            )
            return 2
        far_ends[target] = behaviours[kind]
    try:
        given = cast("list[tuple[str, str]]", getattr(arguments, "actions", None) or [])
        actions = [_action(kind, value) for kind, value in given]
        caller = Caller(actions, hangs_up_after=arguments.hang_up_after)
        simulator = Simulator(None, incoming_url=arguments.url)
    except (TypeError, ValueError) as error:
        streams.err.write(f"callmarkup call: {error}\n")
        return 2
    call = simulator.call(caller, from_=arguments.from_, to=arguments.to, far_ends=far_ends)
    streams.out.write(f"{call}\n")
    return 1 if call.errors else 0
