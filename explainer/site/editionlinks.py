"""Template helpers that cross editions: static files, the language switch, hreflang
alternates, links to the original, and the language of a text not yet translated.

A page is rendered with URLs from its edition's root (site/editions.py): links between its
edition's pages need nothing more, but what every edition shares (the static files at the
site's root) and what leads to another edition must know where the page really is, from
the `edition` in its context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from markupsafe import Markup

from . import urls
from .editions import Edition

NOT_FOUND = "404.html"


@dataclass(frozen=True, slots=True)
class EditionLink:
    """One edition's version of the page being rendered, for the switch and the alternates."""

    language: str
    name: str  # the language's name in itself: English, Français
    href: str  # from the page being rendered
    absolute: str  # the published address
    current: bool


def _edition(context: jinja2.runtime.Context) -> Edition | None:
    found = context.get("edition")
    return found if isinstance(found, Edition) else None


def _original_base(context: jinja2.runtime.Context) -> str:
    """The original edition's base_url (the page's settings hold its edition's)."""
    base: str = context["settings"].base_url
    edition = _edition(context)
    return base[:len(base) - len(edition.prefix)] if edition and edition.prefix else base


def _from_root(context: jinja2.runtime.Context, target: str) -> str:
    """A link to `target`, a path from the site's root (not the edition's), from this page."""
    if context.get("absolute_links"):
        return urls.base_path(_original_base(context)) + target
    edition = _edition(context)
    return urls.relative((edition.prefix if edition else "") + context["page_url"], target)


@jinja2.pass_context
def asset(context: jinja2.runtime.Context, name: str) -> str:
    """A link to a static file (style.css, site.js…), which every edition shares at the site's root."""
    return _from_root(context, name)


@jinja2.pass_context
def in_original(context: jinja2.runtime.Context, target: str) -> str:
    """A link to `target` (a URL from an edition's root) in the original edition."""
    return _from_root(context, target)


@jinja2.pass_context
def edition_links(context: jinja2.runtime.Context) -> list[EditionLink]:
    """The page in each edition, the original's first; empty for a site of one edition.

    A view's part leads to the view itself (`counterpart`: another edition may cut it
    otherwise); the 404 page to each edition's home."""
    edition = _edition(context)
    if edition is None or len(edition.editions) < 2:
        return []
    page = context.get("counterpart") or context["page_url"]
    if page == NOT_FOUND:
        page = urls.home()
    base = _original_base(context)
    return [EditionLink(language, language_name(language), _from_root(context, prefix + page),
                        urls.absolute(base, prefix + page), language == edition.language)
            for language, prefix in edition.editions]


def text_language(item: Any) -> str | None:
    """The language of an item's text where it is not the page's (not yet translated: the
    original's), else None."""
    found: str | None = getattr(item, "text_language", None)
    return found


def lang_attribute(item: Any) -> Markup:
    """` lang="fr"` for an item shown in another language than the page's, else nothing."""
    language = text_language(item)
    return Markup(' lang="{}"').format(language) if language else _NOTHING


_NOTHING = Markup("")


def language_name(tag: str) -> str:
    """A language's name in itself, as a reader of it looks for it: English, Français, Deutsch."""
    try:
        name = Locale.parse(tag, sep="-").get_display_name(Locale.parse(tag, sep="-")) or tag
    except (ValueError, UnknownLocaleError):
        return tag
    return name[:1].upper() + name[1:]


FILTERS = {"asset": asset, "in_original": in_original, "text_language": text_language, "lang": lang_attribute}
GLOBALS = {"edition_links": edition_links}
