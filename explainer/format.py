"""Formatting for French readers: dates, numbers, labels. Used as template filters."""

from __future__ import annotations

import re

from .model import PartialDate

_SPACES = re.compile(r"\s+")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
STATUS_LABELS = {"confirmed": "Confirmé", "reported": "Rapporté", "disputed": "Contesté", "denied": "Démenti"}
STATUS_ICONS = {"confirmed": "✓", "reported": "◷", "disputed": "⚠", "denied": "✗"}
QUALIFIERS = {"exact": "", "about": "environ", "at-least": "au moins", "up-to": "jusqu’à"}
SOURCE_KINDS = {"news": "presse", "agency": "agence de presse", "blog": "blog", "state-media": "média d’État",
                "official": "source officielle", "analysis": "analyse"}
NARROW_NBSP = "\u202f"


def date_fr(date: PartialDate) -> str:
    """`1er novembre 2024`, `24 octobre 2024`, or `novembre 2024` for a month."""
    month = f"{MONTHS[date.month - 1]} {date.year}"
    if date.day is None:
        return month
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day}\u00a0{month}"


def as_of_fr(date: PartialDate) -> str:
    """`au 6 novembre 2024`, or `en octobre 2024` for a month."""
    return ("en " if date.day is None else "au ") + date_fr(date)


def number_fr(value: int) -> str:
    """12000 → `12 000` with a narrow no-break space, as French typography wants."""
    return f"{value:,}".replace(",", NARROW_NBSP)


def one_line(text: str) -> str:
    """Fold white space runs (newlines included) to single spaces."""
    return _SPACES.sub(" ", text)


def paragraphs(text: str) -> list[str]:
    """An archive's paragraphs: its non-empty lines, white space folded."""
    return [one_line(line) for line in text.split("\n") if line.strip()]
