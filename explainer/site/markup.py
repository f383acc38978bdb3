"""Markdown to safe HTML: the only module that imports `markdown`.

Raw HTML written in Markdown is escaped (shown as text), never passed through; the
result then goes through the `nh3` sanitiser, which keeps a small set of tags and only
http(s), mailto and relative links, as a second line of defence.
"""

from __future__ import annotations

import html as html_entities
import re

import markdown
import nh3
from markupsafe import Markup

from .format import NBSP

_TAGS = {"p", "em", "strong", "a", "code", "ul", "ol", "li", "blockquote", "br", "h2", "h3", "h4", "pre", "hr"}
_ATTRIBUTES = {"a": {"href", "title"}}
_SCHEMES = {"http", "https", "mailto"}
# Text that Markdown would only wrap in <p>: one line, none of Markdown's inline markers,
# no block marker at its start, nothing to escape. Most claims are such text. The
# sanitiser writes a no-break space as `&nbsp;`; the fast path does the same.
_PLAIN = re.compile(r"[^\\`*_\[\]<>&#|~\n\r\t{}]+")
_BLOCK_START = re.compile(r"^(?:\d+[.)]|\s|[-+=])|\s$")
_TAG = re.compile(r"<[^>]*>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKERS = re.compile(r"[*`]+|(?<!\w)_+|_+(?!\w)|^[ \t]{0,3}(?:#{1,6}|>|[-+]|\d+[.)])[ \t]+", re.MULTILINE)


def words_of(text: str) -> str:
    """Markdown's text without its markup (links become their text), cheaply: for the search
    index, which needs the words, not the HTML (the full conversion costs ~50 times more)."""
    if is_plain(text):
        return text
    return _MARKERS.sub("", _LINK.sub(r"\1", text))


def is_plain(text: str) -> bool:
    """Whether `text` renders as itself in a paragraph (the fast path; a test holds this)."""
    return bool(_PLAIN.fullmatch(text)) and not _BLOCK_START.search(text)


class Markdown:
    """Renders Markdown text; one instance per build, with a memo of texts already seen."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=[], output_format="html")
        # Raw HTML becomes text: drop the block and inline HTML handlers.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._memo: dict[str, str] = {}

    def block(self, text: str) -> Markup:
        """Markdown as block HTML (paragraphs, lists)."""
        html = self._memo.get(text)
        if html is None and is_plain(text):
            html = f"<p>{text.replace(NBSP, '&nbsp;')}</p>"
            self._memo[text] = html
        if html is None:
            html = nh3.clean(
                self._md.reset().convert(text),
                tags=_TAGS,
                attributes=_ATTRIBUTES,
                url_schemes=_SCHEMES,
                link_rel="noopener noreferrer",
            )
            self._memo[text] = html
        return Markup(html)

    def inline(self, text: str) -> Markup:
        """Markdown of one paragraph, without its <p> wrapper (for claims and headings)."""
        html = str(self.block(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)

    def plain(self, text: str) -> str:
        """Markdown as one line of plain text (for descriptions and structured data)."""
        stripped = html_entities.unescape(_TAG.sub("", str(self.block(text))))
        return " ".join(stripped.split())
