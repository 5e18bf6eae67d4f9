"""Text from logs is inert in every report: metric names, run names and paths come from files anyone can write.

One function per output: the terminal (no escape sequences, no rich markup), Markdown (no raw tags, links or
code-span breaks), HTML text (html.escape) and JSON embedded in an HTML <script> (nothing that can end or
re-open the script element, nor the line separators old JavaScript parsers choke on).
"""
from __future__ import annotations

import json
import re
from html import escape as _html_escape
from typing import Any

# ESC/CSI/OSC sequences first (so that their parameters go with them), then every other control character
# except tab and newline (C0, DEL, C1).
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`\[\]<>&|])")
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def plain(text: str) -> str:
    """Text with terminal escape sequences and control characters removed (tab and newline kept)."""
    if "\x1b" in text or "\x9b" in text:
        text = _ANSI.sub("", text)
    return _CONTROL.sub("", text)


def markdown(text: str) -> str:
    """Text for a Markdown report: controls removed, and every character that could open a tag, a link, an image
    or a code span, or end a table cell, backslash-escaped (CommonMark renders the character itself)."""
    return _MD_SPECIAL.sub(r"\\\1", plain(text)).replace("\n", " ")


def html(text: str) -> str:
    """Text for HTML (element content or a quoted attribute)."""
    return _html_escape(plain(text), quote=True)


def script_json(doc: Any) -> str:
    """JSON to embed in `<script type="application/json">`: `<`, `>`, `&` and U+2028/U+2029 written as \\u escapes
    (the parsed value is unchanged; no `</script>`, `<!--` or `<script` can appear in the page)."""
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group(0)], text)
