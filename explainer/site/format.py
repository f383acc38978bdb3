"""How the site writes for readers: its labels (English msgids, translated by site/i18n.py),
dates and numbers from CLDR (Babel), and French typography. Used through the template filters.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

from ..content.model import PartialDate


def N_(message: str) -> str:
    """A message marked for the catalogs (`make messages` extracts it) and translated where it is shown."""
    return message


_SPACES = re.compile(r"\s+")
STATUS_LABELS = {"confirmed": N_("Confirmed"), "reported": N_("Reported"), "disputed": N_("Disputed"),
                 "denied": N_("Denied"), "inexact": N_("Source error")}
STATUS_ICONS = {"confirmed": "✓", "reported": "◷", "disputed": "⚠", "denied": "✗", "inexact": "≠"}
STATUS_HELP = {
    "confirmed": N_("carried by at least two independent origins, or published by a party itself"),
    "reported": N_("reported by one or more sources, without confirmation from the parties"),
    "disputed": N_("the sources contradict each other on this point"),
    "denied": N_("one of the parties denies it (the claim reports the denial)"),
    "inexact": N_("a source states it, and it is wrong: the right version is given beside it"),
}
# How exact a figure is, written before the number; an exact figure has no word.
QUALIFIERS = {"exact": "", "about": N_("about"), "at-least": N_("at least"), "up-to": N_("up to")}
SOURCE_KINDS = {"news": N_("news"), "agency": N_("news agency"), "blog": N_("blog"), "state-media": N_("state media"),
                "official": N_("official source"), "analysis": N_("analysis")}
NBSP = "\u00a0"
NARROW_NBSP = "\u202f"


def date(value: PartialDate, locale: Locale) -> str:
    """A date as the language writes it in full (CLDR's long format: `6 November 2024`,
    `6. November 2024`), or its month and year for a month (`November 2024`).

    French rules that CLDR does not hold: the first day of a month is `1er`, and a no-break
    space ties the day to its month (`1er novembre 2024`).
    """
    if value.day is None:
        return format_skeleton("yMMMM", datetime.date(value.year, value.month, 1), locale=locale)
    text = format_date(datetime.date(value.year, value.month, value.day), "long", locale=locale)
    if locale.language == "fr":
        text = _FRENCH_DAY.sub(lambda m: ("1er" if m.group(1) == "1" else m.group(1)) + NBSP, text, count=1)
    return text


_FRENCH_DAY = re.compile(r"^(\d{1,2}) ")


def number(value: int, locale: Locale) -> str:
    """12000 as the language writes it: `12 000` (a narrow no-break space) in French, `12,000` in English."""
    return format_decimal(value, locale=locale)


def og_locale(language: str) -> str:
    """A BCP 47 tag as an Open Graph locale: fr → fr_FR, fr-CH → fr_CH, en → en_US (a tag
    without its region takes the likeliest one, from CLDR)."""
    primary, _, region = language.partition("-")
    if not region:
        likely = str(get_global("likely_subtags").get(primary.lower(), "")).split("_")
        region = likely[-1] if len(likely) > 1 and likely[-1].isalpha() and likely[-1].isupper() else primary
    return f"{primary.lower()}_{region.upper()}"


def one_line(text: str) -> str:
    """Fold white space runs (newlines included) to single spaces."""
    return _SPACES.sub(" ", text)


def paragraphs(text: str) -> list[str]:
    """An archive's paragraphs: its non-empty lines, white space folded."""
    return [one_line(line) for line in text.split("\n") if line.strip()]


def typo(html: str, language: str) -> str:
    """The typography of the text's language on HTML text: French's (`typo_fr`) for French,
    the text unchanged for any other language."""
    return typo_fr(html) if is_french(language) else str(html)


def is_french(language: str) -> bool:
    """Whether a language tag is French's (`fr`, `fr-CH`): French typography applies."""
    return language.partition("-")[0].lower() == "fr"


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
