"""A web page saved from a browser: its article's text and metadata, extracted with trafilatura.

Only `read_page` needs trafilatura, and imports it when called: a build never does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trafilatura.settings import Document

MAX_PAGE_BYTES = 10 * 1024 * 1024
# Less text than this is a teaser, a paywall stub or an index page, not an article.
MIN_ARTICLE_CHARS = 600
MIN_LONGEST_PARAGRAPH = 200

# trafilatura folds every white space into a plain space; French typography puts no-break
# and narrow no-break spaces inside « », before : ; ! ? and in numbers (3 000). They travel
# through the extraction as printable characters that no page uses, and come back after.
_KEPT_SPACES = {"\u00a0": "\U0001d11e", "\u202f": "\U0001d122", "\u2009": "\U0001d121"}
_SPACE_ENTITIES = re.compile(r"&(?:nbsp|#160|#x0*a0|#8239|#x0*202f|thinsp|#8201|#x0*2009);", re.IGNORECASE)
_ENTITY_SPACE = {"nbsp": "\u00a0", "#160": "\u00a0", "#8239": "\u202f", "thinsp": "\u2009", "#8201": "\u2009"}
_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body|article|main|div|p)\b", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SAVED_FROM = re.compile(r"<!-- saved from url=\(\d+\)(https?://[^\s>]+) -->")
_BYLINE_PREFIX = re.compile(r"^(?:par|by|de)\s+", re.IGNORECASE)
# The standfirst (chapô) often sits in the article's header, which trafilatura leaves out.
_LEAD_CLASS = re.compile(r"(?:^|[-_])(?:chapo|chapeau|lead|standfirst)$")
_MARKUP_SPACE = re.compile(r"[ \t\r\n]+")

# Schema.org types of an article, by the source kind they imply (None: no hint).
_ARTICLE_KINDS = {
    "NewsArticle": "news", "ReportageNewsArticle": "news", "BackgroundNewsArticle": "news",
    "AnalysisNewsArticle": "analysis", "OpinionNewsArticle": "analysis",
    "BlogPosting": "blog", "LiveBlogPosting": "news",
    "Article": None, "ReviewNewsArticle": None, "AskPublicNewsArticle": None,
}
# A story whose only author is a news agency is that agency's dispatch.
WIRE_AGENCIES = frozenset({"afp", "agence france-presse", "ats", "keystone-ats", "reuters", "ap",
                           "associated press", "belga", "ansa", "dpa", "efe"})


class PageError(Exception):
    """The file cannot be made into a source; the message says why, for the editor."""


@dataclass(frozen=True, slots=True)
class Page:
    """What a saved page gives: its article's paragraphs and the metadata found (None: not given)."""

    paragraphs: tuple[str, ...]
    title: str | None
    outlet: str | None
    published: str | None
    author: str | None
    language: str | None
    url: str | None
    kind: str | None


def read_page(path: Path) -> Page:
    """The article of the saved page at `path`, or PageError saying why there is none."""
    html = _html_text(_read_bytes(path))
    facts = _PageFacts()
    facts.feed(html)
    facts.close()
    article = _article_object(facts.json_ld)
    document = _extract(html)
    paragraphs = _with_lead(facts.lead, _paragraphs(document.text if document is not None else None))
    if sum(map(len, paragraphs)) < MIN_ARTICLE_CHARS or max(map(len, paragraphs), default=0) < MIN_LONGEST_PARAGRAPH:
        raise PageError("no article text found (an index page or a paywall stub?): "
                        "save the page of the article itself, in full")
    author = _first(_names(article.get("author")), facts.meta.get("author"), document.author if document else None)
    if author:
        author = _BYLINE_PREFIX.sub("", author).strip() or None
    return Page(
        paragraphs=paragraphs,
        title=_first(_text(article.get("headline")), facts.meta.get("og:title"), document.title if document else None),
        outlet=_first(facts.meta.get("og:site_name"), _names(article.get("publisher")),
                      document.sitename if document else None),
        published=_day(_first(_text(article.get("datePublished")), facts.meta.get("article:published_time"),
                              document.date if document else None)),
        author=author,
        language=_first(*(_language(tag) for tag in (facts.lang, _text(article.get("inLanguage")),
                                                     facts.meta.get("og:locale")))),
        url=_first(*(_web_url(url) for url in (facts.meta.get("og:url"), document.url if document else None,
                                               _text(article.get("url")), _saved_from(html)))),
        kind=_kind(article, author),
    )


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise PageError("no such file" if not path.exists() else "not a file")
    if path.stat().st_size > MAX_PAGE_BYTES:
        raise PageError(f"the file is over {MAX_PAGE_BYTES // (1024 * 1024)} MiB: not a saved article page")
    with path.open("rb") as file:
        data = file.read(MAX_PAGE_BYTES + 1)  # the file may have grown since stat()
    if len(data) > MAX_PAGE_BYTES:
        raise PageError(f"the file is over {MAX_PAGE_BYTES // (1024 * 1024)} MiB: not a saved article page")
    return data


def _html_text(data: bytes) -> str:
    """The page's text, decoded; PageError if it is not HTML."""
    if data.startswith(b"%PDF"):
        raise PageError("this is a PDF, not an HTML page: save the article from the browser as HTML")
    if b"\x00" in data[:8192]:
        raise PageError("this is a binary file, not an HTML page")
    text = _decode(data)
    if not _HTML.search(text[:200_000]):
        raise PageError("not an HTML page: save the article from the browser with “Save page as…, HTML only”")
    return text


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    raise PageError("the page is not UTF-8 and declares no character encoding that decodes it")


def _extract(html: str) -> Document | None:
    """trafilatura's Document for the page (None when it finds no main text)."""
    import trafilatura  # heavy (lxml, dateparser): imported for this command only

    if any(mark in html for mark in _KEPT_SPACES.values()):
        raise PageError("the page contains characters this command uses internally (musical symbols)")
    for space, mark in _KEPT_SPACES.items():
        html = html.replace(space, mark)
    html = _SPACE_ENTITIES.sub(lambda m: _KEPT_SPACES[_entity_space(m.group(0))], html)
    # Only the text is passed: trafilatura fetches nothing. No extensive date search: a
    # copyright year or a date in a comment is not the publication date.
    try:
        document = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, include_images=False,
            include_links=False, date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as error:  # lxml or a date parser choking on odd markup: the page's fault, not ours
        raise PageError(f"the page could not be read: {error}") from error
    return document if not isinstance(document, dict) else None  # a dict only when as_dict=True


def _entity_space(entity: str) -> str:
    name = entity[1:-1].lower()
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    return _ENTITY_SPACE[name]


def _with_lead(lead: str | None, paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """The paragraphs, after the standfirst when the extraction left it out."""
    if not lead or not paragraphs or any(lead in _MARKUP_SPACE.sub(" ", p) for p in paragraphs):
        return paragraphs
    return (lead, *paragraphs)


def _paragraphs(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    for space, mark in _KEPT_SPACES.items():
        text = text.replace(mark, space)
    return tuple(line.strip(" \t") for line in text.splitlines() if line.strip())


class _PageFacts(HTMLParser):
    """A page's html lang, <meta> values (by lower-cased property or name), JSON-LD and standfirst."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self.lead: str | None = None
        self._in_json_ld = False
        self._lead_tag: str | None = None  # the element of the standfirst, while inside it
        self._lead_depth = 0
        self._lead_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self._lead_tag is not None:
            self._lead_depth += tag == self._lead_tag
            self._lead_parts.append(" " if tag == "br" else "")
        elif self.lead is None and tag in ("p", "div") and any(
                _LEAD_CLASS.search(name) for name in values.get("class", "").split()):
            self._lead_tag, self._lead_depth, self._lead_parts = tag, 1, []
        if tag == "html" and self.lang is None:
            self.lang = values.get("lang") or None
        elif tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key and values.get("content", "").strip():
                self.meta.setdefault(key, values["content"].strip())
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json_ld = False
        if tag == self._lead_tag:
            self._lead_depth -= 1
            if self._lead_depth == 0:
                self.lead = _MARKUP_SPACE.sub(" ", "".join(self._lead_parts)).strip() or None
                self._lead_tag = None

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld[-1] += data
        if self._lead_tag is not None:
            self._lead_parts.append(data)


def _article_object(scripts: list[str]) -> dict[str, Any]:
    """The first JSON-LD object whose @type is an article (empty if none)."""
    for script in scripts:
        try:
            data = json.loads(script)
        except ValueError:
            continue  # broken JSON-LD is common; the other sources of metadata remain
        for item in _json_ld_items(data):
            types = item.get("@type")
            if any(t in _ARTICLE_KINDS for t in (types if isinstance(types, list) else [types])):
                return item
    return {}


def _json_ld_items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for element in data for item in _json_ld_items(element)]
    if isinstance(data, dict):
        return [data, *_json_ld_items(data.get("@graph"))]
    return []


def _kind(article: dict[str, Any], author: str | None) -> str | None:
    if author and author.strip().lower() in WIRE_AGENCIES:
        return "agency"
    types = article.get("@type")
    kinds = {_ARTICLE_KINDS.get(t) for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
    kinds.discard(None)
    return kinds.pop() if len(kinds) == 1 else None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _names(value: Any) -> str | None:
    """The name(s) of a JSON-LD person or organisation, or list of them, joined by commas."""
    items = value if isinstance(value, list) else [value]
    names = [_text(item.get("name")) if isinstance(item, dict) else _text(item) for item in items]
    return ", ".join(name for name in names if name) or None


def _first(*values: str | None) -> str | None:
    return next((value.strip() for value in values if value and value.strip()), None)


def _day(value: str | None) -> str | None:
    found = re.match(r"^(\d{4}-\d{2}-\d{2})", value or "")
    return found.group(1) if found else None


def _language(tag: str | None) -> str | None:
    tag = (tag or "").strip().replace("_", "-")
    return tag if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", tag) else None


def _web_url(url: str | None) -> str | None:
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s/]+", url) and not re.search(r"\s", url) else None


def _saved_from(html: str) -> str | None:
    """The address a browser notes at the top of a page it saved (`<!-- saved from url=… -->`)."""
    found = _SAVED_FROM.search(html[:4096])
    return found.group(1) if found else None
