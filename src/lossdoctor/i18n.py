"""Text in English and Chinese, chosen when a report is rendered, never when a finding is made."""
from __future__ import annotations

import locale
import os
from dataclasses import dataclass
from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


@dataclass(frozen=True)
class Text:
    """One user-facing sentence in both languages."""

    en: str
    zh: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en

    def __str__(self) -> str:
        return self.en


def default_lang() -> Lang:
    """Follow the locale: LC_ALL / LC_MESSAGES / LANG starting with 'zh' gives Chinese."""
    for var in ("LOSSDOCTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"
