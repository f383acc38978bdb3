"""Source pages' excerpts: the cited passage in its sentence, and a link into the original."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as percent_encode

from markupsafe import Markup, escape

from ..content.model import Source, Span
from ..content.quotes import sentence_around
from ..content.verify import Evidence
from . import format as fmt

Kept = dict[tuple[str, tuple[Span, ...] | None], tuple[Source, Markup, str | None]]


def excerpts(source: Source, citing: list[tuple[Any, int]], evidence: Evidence,
             kept: Kept | None = None) -> list[tuple[Any, ...]]:
    """For a source page: each citing claim with its excerpt in context and outbound link.

    An excerpt depends only on the source and the quote's place in it: with `kept`
    ((source id, spans) -> (source, excerpt, link), updated), it is made once while the
    source is the same object.
    """
    rows = []
    for claim, number in citing:
        spans = evidence.spans_of(claim, number)
        made = kept.get((source.id, spans)) if kept is not None else None
        if made is None or made[0] is not source:
            made = (source, excerpt_html(source, spans), text_fragment_url(source, spans))
            if kept is not None:
                kept[(source.id, spans)] = made
        rows.append((claim, number, made[1], made[2]))
    return rows


def excerpt_html(source: Source, spans: tuple[Span, ...] | None) -> Markup:
    """The cited passage in its sentence, the quoted words in <mark>; windows joined by […]."""
    if not spans or source.archive is None:
        return Markup("")
    text = source.archive
    windows: list[list[Span]] = []  # each: [context, span, span…]
    for span in spans:
        context = sentence_around(text, span)
        if windows and context.start <= windows[-1][0].end:
            merged = Span(windows[-1][0].start, max(windows[-1][0].end, context.end))
            windows[-1] = [merged, *windows[-1][1:], span]
        else:
            windows.append([context, span])
    parts = []
    for context, *marked in windows:
        pieces, position = [], context.start
        for span in marked:
            pieces.append(escape(fmt.one_line(text[position:span.start])))
            pieces.append(Markup("<mark>%s</mark>") % fmt.one_line(text[span.start:span.end]))
            position = span.end
        pieces.append(escape(fmt.one_line(text[position:context.end])))
        parts.append(Markup("").join(pieces))
    return Markup(" […] ").join(parts)


def text_fragment_url(source: Source, spans: tuple[Span, ...] | None) -> str | None:
    """The source's URL with a `#:~:text=` fragment pointing at the first quoted passage."""
    if source.url is None:
        return None
    if not spans or source.archive is None:
        return source.url
    words = fmt.one_line(source.archive[spans[0].start:spans[0].end]).split(" ")

    def encode(words: list[str]) -> str:
        return percent_encode(" ".join(words), safe="")

    directive = encode(words) if len(words) <= 8 else f"{encode(words[:4])},{encode(words[-4:])}"
    return f"{source.url.split('#')[0]}#:~:text={directive}"
