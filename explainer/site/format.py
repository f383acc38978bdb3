"""Formatting for French readers: dates, numbers, labels. Used as template filters."""

from __future__ import annotations

import re
from functools import lru_cache

from ..content.model import PartialDate

_SPACES = re.compile(r"\s+")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
STATUS_LABELS = {"confirmed": "Confirmé", "reported": "Rapporté", "disputed": "Contesté", "denied": "Démenti",
                 "inexact": "Erreur de la source"}
STATUS_ICONS = {"confirmed": "✓", "reported": "◷", "disputed": "⚠", "denied": "✗", "inexact": "≠"}
STATUS_HELP = {
    "confirmed": "affirmé par les parties elles-mêmes, ou par plusieurs sources indépendantes",
    "reported": "rapporté par une ou plusieurs sources, sans confirmation des parties",
    "disputed": "les sources se contredisent sur ce point",
    "denied": "une des parties le dément (le fait rapporte ce démenti)",
    "inexact": "une source l’affirme, et c’est faux : la version exacte est donnée à côté",
}
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


def sourcing_fr(sources: int, origins: int) -> str:
    """`3 sources, 2 origines indépendantes`; `1 source, 1 origine indépendante`."""
    return (f"{sources} source{'s' if sources > 1 else ''}, "
            f"{origins} origine{'s' if origins > 1 else ''} indépendante{'s' if origins > 1 else ''}")


def og_locale(language: str) -> str:
    """A BCP 47 tag as an Open Graph locale: fr → fr_FR, fr-CH → fr_CH."""
    primary, _, region = language.partition("-")
    return f"{primary.lower()}_{(region or primary).upper()}"


def one_line(text: str) -> str:
    """Fold white space runs (newlines included) to single spaces."""
    return _SPACES.sub(" ", text)


def paragraphs(text: str) -> list[str]:
    """An archive's paragraphs: its non-empty lines, white space folded."""
    return [one_line(line) for line in text.split("\n") if line.strip()]


NBSP = "\u00a0"
_TAG_OR_TEXT = re.compile(r"(<[^>]*>|&#?\w+;)")  # tags and character references are left alone
_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+:(?=\s|$|<)")
_BEFORE_HIGH = re.compile(r"(?<=\S)[ \u00a0\u202f]*([;?!]+)(?=\s|$|[»)])")
_AFTER_OPENING = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSING = re.compile(r"[ \u00a0\u202f]*»")
_SPACED_HYPHEN = re.compile(r"(?<=\S) (?:-|--) (?=\S)")
_VERBATIM = ("<code", "<pre")


def typo_fr(html: str) -> str:
    """French typography on HTML text (never inside tags nor code): no-break spaces, dashes.

    A no-break space before `:`, a narrow one before `; ? !` (only where a space or a word
    stands before them, so `http://` and `12:30` are left alone) and inside « »; a spaced
    hyphen becomes an en dash. For our own text only: quotes must stay verbatim.
    """
    return _typo_fr(str(html))


@lru_cache(maxsize=8192)
def _typo_fr(html: str) -> str:
    parts = _TAG_OR_TEXT.split(html) if "<" in html or "&" in html else [html]
    verbatim = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag or a character reference
            lowered = part.lower()
            if lowered.startswith(_VERBATIM):
                verbatim += 1
            elif lowered.startswith(("</code", "</pre")):
                verbatim = max(0, verbatim - 1)
            continue
        if verbatim or not part:
            continue
        # Each rule only where its mark occurs (most text has few of them): a test of
        # `in` is far cheaper than a regular expression's search.
        if ":" in part:
            part = _BEFORE_COLON.sub(NBSP + ":", part)
        if ";" in part or "?" in part or "!" in part:
            part = _BEFORE_HIGH.sub(lambda m: NARROW_NBSP + m.group(1), part)
        if "«" in part:
            part = _AFTER_OPENING.sub("«" + NARROW_NBSP, part)
        if "»" in part:
            part = _BEFORE_CLOSING.sub(NARROW_NBSP + "»", part)
        if " -" in part:
            part = _SPACED_HYPHEN.sub(NBSP + "– ", part)
        parts[index] = part
    return "".join(parts)
