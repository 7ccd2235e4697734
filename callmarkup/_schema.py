"""The dialect as data: every element, attribute, text rule and nesting rule it has.

Everything that decides what a legal document is lives in this module, as plain values read by
the rest of the package: the interpreter (``_rules``), the node classes, the renderer, the
parser, the strategies, the exported schemas and the generated grammar reference. No other
module names an element or an attribute of the dialect. Rows are in canonical order: attributes
are written in the order they are listed here. What a row is (its fields) is said in ``_rows``;
the row classes are importable from here too, for the readers of the table.

What makes a legal document suspect is here too: the verbs after which nothing runs
(``ends_document``) and the :class:`Advice` rows, which ``_rules.judge`` turns into warnings.
"""

from __future__ import annotations

from callmarkup import _codecs as codecs
from callmarkup import _grammars as grammars
from callmarkup import _list_codecs as list_codecs
from callmarkup._rows import (
    USES_DEFAULT,
    Advice,
    AttributeRule,
    ChildForm,
    ChildLimit,
    ElementRule,
    TextRule,
)
from callmarkup.exceptions import Code

__all__ = [
    "ELEMENTS",
    "FOREIGN",
    "FOREIGN_HINTS",
    "ROOT",
    "Advice",
    "AttributeRule",
    "ChildForm",
    "ChildLimit",
    "ElementRule",
    "TextRule",
]


_url = codecs.Url()
_method = codecs.Method()
_bool = codecs.Boolean()
_loop = codecs.Integer(minimum=0)
_positive = codecs.Integer(minimum=1)

_CALL_EVENTS = ("initiated", "ringing", "answered", "completed")
_REJECT_REASONS = (
    "rejected",
    "busy",
    "forbidden",
    "anonymity_disallowed",
    "address_incomplete",
    "no_route",
    "service_unavailable",
    "unwanted",
)
_GATHER_LANGUAGES = ("en-US", "en-GB", "es-ES", "it-IT", "fr-FR", "pl-PL", "pt-PT")

_NOUN_ATTRIBUTES = (
    AttributeRule(
        "url",
        "url",
        _url,
        "none",
        "Document run on the answering party before the calls are bridged (screening);"
        " it must not contain <Dial>.",
    ),
    AttributeRule("method", "method", _method, "POST", "HTTP method for url."),
    AttributeRule(
        "status_callback_event",
        "statusCallbackEvent",
        list_codecs.TokenList(_CALL_EVENTS),
        "none (api19 docs: only completed is reported; Restcomm reports all four)",
        "Which call-progress events to report to statusCallback.",
    ),
    AttributeRule(
        "status_callback",
        "statusCallback",
        _url,
        "none",
        "Receives the call-progress webhooks.",
    ),
    AttributeRule(
        "status_callback_method",
        "statusCallbackMethod",
        _method,
        "POST",
        "HTTP method for statusCallback.",
    ),
)

_RELATIVE_CALLBACK = (
    "<{tag}> {attribute}={value} is a relative URL: the platform does not resolve it against"
    " the document's URL, so the callback never arrives; use an absolute http(s) URL"
)
_HEADER_VALUE_CUT = Advice(
    Code.HEADER_VALUE_CUT,
    "<{tag}> header {detail} has a value with =: the platform keeps only the part before the"
    " second =, and only that is sent",
    text_test=grammars.cut_header,
)
_NOUN_ADVICE = (
    Advice(
        Code.STATUS_CALLBACK_MISSING,
        "<{tag}> has statusCallbackEvent but no statusCallback, so no event is reported;"
        " add statusCallback",
        present="statusCallbackEvent",
        missing="statusCallback",
    ),
    Advice(Code.RELATIVE_CALLBACK, _RELATIVE_CALLBACK, present="statusCallback", relative=True),
    _HEADER_VALUE_CUT,
)
_PROMPT_NOT_PLAYED = Advice(
    Code.PROMPT_NOT_PLAYED,
    '<{tag}> loop="0" inside <Gather>: inside <Gather> the prompt is played loop times, so it is'
    " never played",
    present="loop",
    equals="0",
    inside=frozenset(("Gather",)),
)


_ACTION_MISSING = Advice(
    Code.ACTION_MISSING,
    "<{tag}> has no action, so the caller's input is sent nowhere and the call goes on with the"
    " next verb (the platform's documentation says the current document is requested again);"
    " set action",
    missing="action",
)


ROOT = "Response"
"""The tag of the document element."""

ELEMENTS: dict[str, ElementRule] = {
    rule.tag: rule
    for rule in (
        ElementRule(
            tag="Response",
            kind="root",
            summary="The document element: verbs run one after another in document order.",
            children=frozenset(
                (
                    "Say",
                    "Play",
                    "Pause",
                    "Gather",
                    "Record",
                    "Dial",
                    "Hangup",
                    "Reject",
                    "Redirect",
                ),
            ),
        ),
        ElementRule(
            tag="Say",
            kind="verb",
            summary="Speaks text to the caller.",
            attributes=(
                AttributeRule(
                    "language",
                    "language",
                    codecs.FreeText(),
                    "kevin",
                    "Voice and language together, a voice of the platform's Amazon Polly list"
                    " such as joanna-en-US-female, or a bare voice name such as kevin.",
                ),
                AttributeRule(
                    "loop",
                    "loop",
                    _loop,
                    "1",
                    "How many times the text is spoken; 0 repeats until the call ends.",
                ),
                AttributeRule(
                    "voice",
                    "voice",
                    codecs.Enumeration(("man", "woman")),
                    "platform (man in Restcomm)",
                    "Gender of the voice (legacy).",
                    ext=True,
                    if_bad="the platform uses its default voice",
                ),
            ),
            text=TextRule(codecs.FreeText(), required=True, summary="the words to speak."),
            advice=(_PROMPT_NOT_PLAYED,),
        ),
        ElementRule(
            tag="Play",
            kind="verb",
            summary="Plays an audio file (WAV or MP3) to the caller.",
            attributes=(
                AttributeRule(
                    "loop",
                    "loop",
                    _loop,
                    "1",
                    "How many times the file is played; 0 repeats until the call ends.",
                ),
            ),
            text=TextRule(_url, required=True, summary="URL of the audio file."),
            advice=(_PROMPT_NOT_PLAYED,),
        ),
        ElementRule(
            tag="Pause",
            kind="verb",
            summary="Waits in silence; as the first verb of an inbound call it delays answering.",
            attributes=(AttributeRule("length", "length", _positive, "1", "Seconds of silence."),),
            answers_call=False,
        ),
        ElementRule(
            tag="Gather",
            kind="verb",
            summary="Collects keypad digits while its nested prompts play.",
            attributes=(
                AttributeRule(
                    "action",
                    "action",
                    _url,
                    "current document (docs); the platform goes on with the next verb",
                    "Where the collected input is sent.",
                    if_empty="the platform stops the call",
                ),
                AttributeRule("method", "method", _method, "POST", "HTTP method for action."),
                AttributeRule(
                    "timeout",
                    "timeout",
                    _positive,
                    "5",
                    "Seconds to wait for the next key, counted after the prompts finish.",
                ),
                AttributeRule(
                    "finish_on_key",
                    "finishOnKey",
                    codecs.OneKey(),
                    "#",
                    "Key that ends input (not included in Digits); empty for none.",
                ),
                AttributeRule(
                    "num_digits",
                    "numDigits",
                    _positive,
                    "unlimited",
                    "Input ends once this many digits are received.",
                ),
                AttributeRule(
                    "input",
                    "input",
                    codecs.Enumeration(("dtmf", "speech", "dtmf speech")),
                    "dtmf",
                    "Input mode; speech and dtmf speech are Restcomm extensions.",
                ),
                AttributeRule(
                    "partial_result_callback",
                    "partialResultCallback",
                    _url,
                    "none",
                    "Receives partial speech recognition results; its response is ignored.",
                ),
                AttributeRule(
                    "partial_result_callback_method",
                    "partialResultCallbackMethod",
                    _method,
                    "POST",
                    "HTTP method for partialResultCallback.",
                    ext=True,
                ),
                AttributeRule(
                    "language",
                    "language",
                    codecs.Enumeration(_GATHER_LANGUAGES),
                    "en-US",
                    "Speech recognition language.",
                    if_bad=USES_DEFAULT.format(default="en-US"),
                ),
                AttributeRule(
                    "hints",
                    "hints",
                    list_codecs.PhraseList(max_entries=50, max_length=100),
                    "none",
                    "Expected words or phrases for speech recognition.",
                ),
            ),
            children=frozenset(("Say", "Play", "Pause")),
            advice=(
                _ACTION_MISSING,
                Advice(
                    Code.FINISH_ON_KEY_EMPTY,
                    '<{tag}> finishOnKey="": the platform uses #, so # still ends input',
                    present="finishOnKey",
                    equals="",
                ),
            ),
        ),
        ElementRule(
            tag="Record",
            kind="verb",
            summary="Records the caller and sends the recording to action.",
            attributes=(
                AttributeRule(
                    "action",
                    "action",
                    _url,
                    "current document (docs); the platform goes on with the next verb",
                    "Receives the recording; the call continues with its response.",
                ),
                AttributeRule("method", "method", _method, "POST", "HTTP method for action."),
                AttributeRule(
                    "timeout",
                    "timeout",
                    _positive,
                    "5",
                    "Seconds of silence that end the recording.",
                ),
                AttributeRule(
                    "finish_on_key",
                    "finishOnKey",
                    codecs.KeySet(),
                    "1234567890*# (any key)",
                    "Keys that stop the recording; -1 for none.",
                ),
                AttributeRule(
                    "max_length",
                    "maxLength",
                    _positive,
                    "3600",
                    "Maximum length of the recording in seconds.",
                ),
                AttributeRule(
                    "play_beep",
                    "playBeep",
                    _bool,
                    "true",
                    "Whether a beep sounds before recording starts.",
                ),
                AttributeRule(
                    "transcribe",
                    "transcribe",
                    _bool,
                    "false",
                    "Whether a transcription is requested.",
                    ext=True,
                ),
                AttributeRule(
                    "transcribe_callback",
                    "transcribeCallback",
                    _url,
                    "none",
                    "Receives the transcription; setting it implies transcribe.",
                    ext=True,
                ),
            ),
            ends_document="continues the call with the document its action returns",
            ends_document_if="action",
            advice=(
                _ACTION_MISSING,
                Advice(
                    Code.RELATIVE_CALLBACK,
                    _RELATIVE_CALLBACK,
                    present="transcribeCallback",
                    relative=True,
                ),
            ),
        ),
        ElementRule(
            tag="Dial",
            kind="verb",
            summary="Connects the caller to another party: one destination as text, 1-10"
            " Number/Client nouns rung together, or one Sip noun.",
            attributes=(
                AttributeRule(
                    "action",
                    "action",
                    _url,
                    "none (the next verb runs)",
                    "Requested when the dialed leg ends; the call continues with its response.",
                ),
                AttributeRule("method", "method", _method, "POST", "HTTP method for action."),
                AttributeRule(
                    "timeout",
                    "timeout",
                    _positive,
                    "30",
                    "Seconds to wait for an answer.",
                ),
                AttributeRule(
                    "time_limit",
                    "timeLimit",
                    _positive,
                    "14400",
                    "Maximum call duration in seconds.",
                ),
                AttributeRule(
                    "caller_id",
                    "callerId",
                    codecs.Pattern(
                        "a phone number, client:<name>, a SIP URI or a SIP user",
                        grammars.is_caller_id,
                        key="caller-id",
                        plain=grammars.PLAIN_PHONE,
                    ),
                    "the inbound caller's ID",
                    "Caller ID presented to the called party.",
                ),
                AttributeRule("record", "record", _bool, "false", "Whether to record the call."),
                AttributeRule(
                    "dial_music",
                    "dialMusic",
                    codecs.Url(literals=("disabled",)),
                    "none (ringback)",
                    "Audio played to the caller while dialing, or disabled.",
                ),
            ),
            text=TextRule(
                codecs.Pattern(
                    "a SIP URI (with @), client:<name>, or a phone number",
                    grammars.is_dial_destination,
                    key="dial-destination",
                    plain=grammars.PLAIN_PHONE,
                    reason=grammars.destination_reason,
                ),
                required=False,
                summary="one destination: a SIP URI if it contains @, a client if it starts"
                " with client:, else a phone number.",
            ),
            children=frozenset(("Number", "Client", "Sip")),
            child_limits=(
                ChildLimit(frozenset(("Number", "Client")), 10),
                ChildLimit(frozenset(("Sip",)), 1),
            ),
            solitary_children=frozenset(("Sip",)),
            text_or_children=True,
            ends_document="continues the call with the document its action returns",
            ends_document_if="action",
            advice=(
                Advice(
                    Code.CALLER_ID_NEEDS_CLIENT,
                    "<{tag}> callerId={value} is a client caller ID, but this <{tag}> calls no"
                    " client; present a phone number instead",
                    present="callerId",
                    prefix="client:",
                    unless_children=frozenset(("Client",)),
                    unless_text="client:",
                ),
                _HEADER_VALUE_CUT,
            ),
        ),
        ElementRule(
            tag="Number",
            kind="noun",
            summary="A phone number to dial.",
            attributes=_NOUN_ATTRIBUTES,
            advice=_NOUN_ADVICE,
            text=TextRule(
                codecs.Pattern(
                    "a phone number, optionally followed by ?Name=value&...",
                    grammars.is_number_target,
                    key="number-target",
                    plain=grammars.PLAIN_PHONE,
                    reason=grammars.target_reason,
                ),
                required=True,
                summary="the phone number, optionally with ?X-Header=value&... SIP headers.",
            ),
        ),
        ElementRule(
            tag="Client",
            kind="noun",
            summary="A registered client of the platform to dial.",
            attributes=(
                *_NOUN_ATTRIBUTES,
                AttributeRule(
                    "name",
                    "name",
                    codecs.FreeText(),
                    "none",
                    "The destination of a video call (with <Video>); unchecked otherwise.",
                ),
            ),
            advice=_NOUN_ADVICE,
            text=TextRule(
                codecs.Pattern(
                    "a client name, optionally followed by ?Name=value&...",
                    grammars.is_client_target,
                    key="client-target",
                    plain=grammars.PLAIN_CLIENT,
                    reason=grammars.target_reason,
                ),
                required=True,
                summary="the client identifier, optionally with ?X-Header=value&... headers.",
            ),
            children=frozenset(("Video",)),
            child_limits=(ChildLimit(frozenset(("Video",)), 1),),
            child_form=ChildForm(
                "Video",
                "name",
                codecs.Pattern(
                    "a client name",
                    grammars.is_client_name,
                    key="client-name",
                    plain=grammars.PLAIN_CLIENT,
                ),
                "with <Video>, the destination goes in name",
            ),
        ),
        ElementRule(
            tag="Video",
            kind="noun",
            summary="Makes the call of its <Client> or <Sip> a video call (a Restcomm extension"
            " printed on api19's pages); the destination is then the parent's name.",
            attributes=(
                AttributeRule("enable", "enable", _bool, "false", "Whether video is on."),
                AttributeRule(
                    "overlay",
                    "overlay",
                    codecs.FreeText(),
                    "none",
                    "A caption drawn on the video.",
                ),
            ),
        ),
        ElementRule(
            tag="Sip",
            kind="noun",
            summary="A SIP endpoint to dial; it must be the only noun of its Dial.",
            attributes=(
                *_NOUN_ATTRIBUTES,
                AttributeRule(
                    "name",
                    "name",
                    codecs.FreeText(),
                    "none",
                    "The destination of a video call (with <Video>); unchecked otherwise.",
                ),
                AttributeRule(
                    "username",
                    "username",
                    codecs.FreeText(),
                    "none",
                    "SIP digest-authentication user toward the far end.",
                    ext=True,
                ),
                AttributeRule(
                    "password",
                    "password",
                    codecs.FreeText(),
                    "none",
                    "SIP digest-authentication password.",
                    ext=True,
                ),
            ),
            text=TextRule(codecs.SipUri(), required=True, summary="the SIP URI to dial."),
            advice=_NOUN_ADVICE,
            children=frozenset(("Video",)),
            child_limits=(ChildLimit(frozenset(("Video",)), 1),),
            child_form=ChildForm(
                "Video",
                "name",
                codecs.SipUri(),
                "with <Video>, the destination goes in name",
            ),
        ),
        ElementRule(
            tag="Hangup",
            kind="verb",
            summary="Ends the call (answering it first, unlike Reject).",
            ends_document="ends the call",
        ),
        ElementRule(
            tag="Reject",
            kind="verb",
            summary="Refuses the call; as the first verb the call is never answered.",
            attributes=(
                AttributeRule(
                    "reason",
                    "reason",
                    codecs.Enumeration(_REJECT_REASONS),
                    "rejected",
                    "How the call is refused: rejected (SIP 603), busy (486), forbidden (403),"
                    " anonymity_disallowed (433), address_incomplete (484), no_route (404),"
                    " service_unavailable (503) or unwanted (607).",
                    if_bad=USES_DEFAULT.format(default="rejected"),
                ),
            ),
            ends_document="refuses the call",
            unanswered_only="the call is already answered when <Reject> is reached; the platform"
            " ignores it and goes on",
        ),
        ElementRule(
            tag="Redirect",
            kind="verb",
            summary="Continues the call with the document at a URL.",
            attributes=(
                AttributeRule(
                    "method",
                    "method",
                    _method,
                    "POST",
                    "HTTP method used to fetch the next document.",
                ),
            ),
            text=TextRule(_url, required=True, summary="URL of the next document."),
            ends_document="continues the call with the document at its URL",
        ),
    )
}
"""Every element of the dialect, keyed by tag."""


FOREIGN: dict[str, str] = {
    **dict.fromkeys(
        (
            "Conference",
            "Enqueue",
            "Leave",
            "Sms",
            "Message",
            "Email",
            "Fax",
            "Connect",
            "Start",
            "Stop",
            "Pay",
            "Refer",
            "Echo",
            "UssdMessage",
            "UssdCollect",
        ),
        "verb",
    ),
    **dict.fromkeys(
        (
            "Queue",
            "Stream",
            "Prompt",
            "Siprec",
            "Transcription",
            "Sim",
            "Application",
            "Identity",
            "Parameter",
            "Room",
            "Autopilot",
            "VirtualAgent",
            "Uri",
            "Language",
        ),
        "noun",
    ),
}
"""Elements of other TwiML-family dialects, with what they are there.

Their messages say so rather than guess a spelling: ``<Pay>`` is not a misspelt ``<Play>``.
"""
FOREIGN_HINTS: dict[str, str] = {"Uri": "use <Sip>"}
"""What to write instead of some of them."""
