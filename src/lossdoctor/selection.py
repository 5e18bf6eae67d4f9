"""--select / --ignore values: comma lists split, each checked against the rule catalogue (a typo must not
silently select nothing or ignore nothing)."""
from __future__ import annotations

from typing import Iterable

from .errors import UsageError


def check_patterns(values: Iterable[str], option: str) -> tuple[str, ...]:
    """`["LD101,LD109", "overfitting"]` -> ("LD101", "LD109", "overfitting"); an unknown code, prefix or name
    raises a UsageError naming it and the option."""
    from .rules import RULES

    out: list[str] = []
    for value in values:
        for item in str(value).split(","):
            p = item.strip()
            if not p:
                continue
            known = any(r.code.startswith(p.upper()) or r.name == p for r in RULES) and len(p) >= 2
            if not known:
                raise UsageError(f"{option} {p}: no rule has this code, code prefix or name "
                                 "(`lossdoctor rules` lists them)")
            out.append(p.upper() if p.upper().startswith("LD") else p)
    return tuple(out)
