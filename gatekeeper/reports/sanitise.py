"""Free text in reports, made safe for whoever prints them: one sanitiser for every format.

The text a report holds comes from the files under review, advisory data, scanner output and the
policy: it is hostile. And a report of any format may end up printed (a CI step that `cat`s it, a
terminal, a Jenkins console), so whatever the format:

- no control character but tab and line feed: C0, DEL and C1 (ESC starts a terminal escape
  sequence, U+009B is CSI on its own), a CR not followed by LF (a CI runner and a terminal both
  start a new line there) and lone surrogates (undecodable file names) become U+FFFD;
- no line a CI runner reads as a workflow command: `::name` after leading spaces, or the legacy
  `##[name]` anywhere in a line, is broken with a zero-width space (invisible to a reader).

`one_line` also replaces line breaks (the console, the error line); `lines` keeps them (multi-line
text in the HTML and JUnit reports); `controls` only replaces control characters (text that is
data, like SARIF's, whose JSON is then made inert by `json_text`). The JSON formats keep their data
exactly: `json_text` escapes what a JSON encoder leaves raw, so that parsing gives back the same
strings while the file itself holds no control character and no `##[`.
"""

from __future__ import annotations

import re

REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
ZWSP = "\N{ZERO WIDTH SPACE}"

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""Every control character but tab and line feed; lone surrogates."""
_CONTROLS_AND_BREAKS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")
# A runner takes `::` after any leading whitespace (Unicode spaces included) for a command.
_COMMAND_START = re.compile(r"^([^\S\n]*):(?=:)", re.MULTILINE)
_LEGACY_COMMAND = "##["
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]|##\\[")


def one_line(text: str) -> str:
    """One line, whatever `text` holds: control characters and line breaks become U+FFFD."""
    return _defuse(_CONTROLS_AND_BREAKS.sub(REPLACEMENT, text))


def lines(text: str) -> str:
    """Line breaks kept (CRLF becomes LF); every line safe to print."""
    return _defuse(controls(text))


def controls(text: str) -> str:
    """Control characters but tab and line feed replaced (CRLF becomes LF); nothing else changed."""
    return _CONTROLS.sub(REPLACEMENT, text.replace("\r\n", "\n"))


def json_text(text: str) -> str:
    """Serialised JSON with what encoders write raw (C1 controls, DEL, U+2028/U+2029, lone
    surrogates, and the `[` of `##[`) written as `\\uXXXX` escapes: the same data once parsed.
    Each can only occur inside a JSON string, where such an escape is valid."""
    return _JSON_RAW.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    found = match.group()
    return "##\\u005b" if found == _LEGACY_COMMAND else f"\\u{ord(found):04x}"


def _defuse(text: str) -> str:
    text = text.replace(_LEGACY_COMMAND, "#" + ZWSP + "#[")
    return _COMMAND_START.sub("\\1:" + ZWSP, text)
