"""Quote verification: the contract's normalisation, fragment matching and suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from .model import Span

_FOLD = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}
_FRAGMENT_SEPARATOR = re.compile(r"\s*\[(?:\u2026|\.\.\.)\]\s*")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'»\u201d\u2019)]*(?=\s)|\n")
_LINE_BREAKS = re.compile(r"\s*\n\s*")
MAX_CONTEXT = 600
# difflib's search grows with archive length × quote length (about 10^8 per second): past
# this budget a wrong quote is reported without a suggestion rather than stall the build.
MAX_SUGGESTION_WORK = 50_000_000
MAX_SUGGESTION_QUOTE = 600


@dataclass(frozen=True, slots=True)
class Normalised:
    """A text folded for comparison, and how to map its offsets back to the original.

    The folded text is made of segments, each copied from the original from a known
    offset; `starts[k]` is where segment k begins in the folded text, `origins[k]` where
    it comes from. A replaced run (white space, a guillemet) is a one-character segment.
    """

    text: str
    starts: tuple[int, ...]
    origins: tuple[int, ...]

    def offset(self, index: int) -> int:
        """The original offset of the folded character at `index`."""
        k = bisect_right(self.starts, index) - 1
        return self.origins[k] + index - self.starts[k]

    def span(self, start: int, end: int) -> Span:
        """The original span of the folded characters [start, end)."""
        return Span(self.offset(start), self.offset(end - 1) + 1)


_TYPOGRAPHIC = str.maketrans(_FOLD)
# What folding changes besides typographic quotes: an opening guillemet and the space
# after it, a closing one and the space before it, runs of white space, and white space
# other than a plain space (a single plain space is already folded).
_REPLACED = re.compile(r"«\s*|\s*»|\s{2,}|[^\S ]")


def normalise(text: str) -> Normalised:
    """Fold `text` as the contract says: NFC, typographic quotes, guillemets, white space."""
    text = unicodedata.normalize("NFC", text).translate(_TYPOGRAPHIC)
    parts: list[str] = []
    starts: list[int] = [0]
    origins: list[int] = [0]
    length = position = 0
    for match in _REPLACED.finditer(text):
        if match.start() > position:  # the unchanged text before the match
            starts.append(length)
            origins.append(position)
            parts.append(text[position:match.start()])
            length += match.start() - position
        found = match.group()
        if found[0] == "«":
            replacement, origin = '"', match.start()
        elif found[-1] == "»":
            replacement, origin = '"', match.end() - 1
        else:
            replacement, origin = " ", match.start()
        starts.append(length)
        origins.append(origin)
        parts.append(replacement)
        length += 1
        position = match.end()
    starts.append(length)
    origins.append(position)
    parts.append(text[position:])
    return Normalised("".join(parts), tuple(starts), tuple(origins))


def fragments(quote: str) -> list[str]:
    """The normalised fragments of a quote: its parts joined by ` […] `."""
    folded = normalise(quote).text.strip()
    return [part.strip() for part in _FRAGMENT_SEPARATOR.split(folded)]


@dataclass(frozen=True, slots=True)
class Match:
    """The outcome of looking for a quote: spans when found, else why and what is close."""

    spans: tuple[Span, ...] = ()
    error: str = ""
    closest: str = ""


def find_quote(quote: str, archive: str, folded: Normalised | None = None) -> Match:
    """Find every fragment of `quote` in `archive`, in order."""
    folded = folded or normalise(archive)
    parts = fragments(quote)
    if any(not part for part in parts):
        return Match(error="the quote has an empty fragment around […]")
    spans = []
    position = 0
    for number, part in enumerate(parts, 1):
        found = folded.text.find(part, position)
        if found < 0:
            label = "quote" if len(parts) == 1 else f"fragment {number} of the quote"
            if folded.text.find(part) >= 0:
                return Match(error=f"{label} is in the archive, but not after the previous fragment")
            return Match(error=f"{label} is not in the archive", closest=closest_passage(part, archive, folded))
        spans.append(folded.span(found, found + len(part)))
        position = found + len(part)
    return Match(spans=tuple(spans))


def closest_passage(part: str, archive: str, folded: Normalised) -> str:
    """The passage of the archive most like `part`, in the archive's own characters."""
    text = folded.text
    if not text or not part or len(part) > MAX_SUGGESTION_QUOTE or len(text) * len(part) > MAX_SUGGESTION_WORK:
        return ""
    matcher = difflib.SequenceMatcher(None, text, part, autojunk=False)
    a, b, size = matcher.find_longest_match(0, len(text), 0, len(part))
    if size == 0:
        return ""
    # Try word-aligned windows around the longest common run and keep the most similar.
    guess_start, guess_end = max(0, a - b), min(len(text), a - b + len(part))
    starts = _word_edges(text, guess_start, before=True)
    ends = _word_edges(text, guess_end, before=False)
    best, best_ratio = (guess_start, guess_end), -1.0
    for start in starts:
        for end in ends:
            if end > start:
                ratio = difflib.SequenceMatcher(None, text[start:end], part, autojunk=False).ratio()
                if ratio > best_ratio:
                    best, best_ratio = (start, end), ratio
    span = folded.span(*best)
    return _LINE_BREAKS.sub(" ", archive[span.start:span.end]).strip()


def _word_edges(text: str, near: int, before: bool, count: int = 3) -> list[int]:
    """Up to `count` word starts (or ends) on each side of `near`."""
    if before:
        edges = [i for i in range(max(0, near - 80), min(len(text), near + 80))
                 if i == 0 or text[i - 1] == " "]
    else:
        edges = [i for i in range(max(1, near - 80), min(len(text), near + 80) + 1)
                 if i == len(text) or text[i] == " "]
    edges.sort(key=lambda i: abs(i - near))
    return edges[: 2 * count] or [near]


def sentence_around(archive: str, span: Span) -> Span:
    """The sentence(s) that contain `span`, within a bounded length."""
    start = 0
    for match in _SENTENCE_END.finditer(archive, max(0, span.start - MAX_CONTEXT), span.start):
        start = match.end()
    after = _SENTENCE_END.search(archive, span.end)
    end = after.end() if after else len(archive)
    if after and archive[after.start()] == "\n":
        end = after.start()
    start = max(start, span.start - MAX_CONTEXT // 2)
    end = min(end, span.end + MAX_CONTEXT // 2)
    while start < span.start and archive[start].isspace():
        start += 1
    return Span(start, end)


def best_passages(archive: str, words: list[str], count: int = 3) -> list[Span]:
    """The sentences of `archive` that best match `words` (any order, case and accents ignored)."""
    wanted = [_plain(w) for w in words if _plain(w)]
    if not wanted:
        return []
    phrase = " ".join(wanted)
    scored = []
    start = 0
    for boundary in [*_SENTENCE_END.finditer(archive), None]:
        end = boundary.end() if boundary else len(archive)
        sentence = Span(start, end)
        start = end
        text = _plain(archive[sentence.start:sentence.end])
        if not text.strip():
            continue
        found = sum(1 for w in wanted if w in text)
        similarity = difflib.SequenceMatcher(None, text, phrase, autojunk=False).find_longest_match(
            0, len(text), 0, len(phrase)).size / len(phrase)
        if found:
            scored.append((-(found + similarity), sentence.start, sentence))
    scored.sort()
    return [_trim(archive, span) for _, _, span in scored[:count]]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", normalise(text).text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _trim(archive: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and archive[start].isspace():
        start += 1
    while end > start and archive[end - 1].isspace():
        end -= 1
    return Span(start, end)
