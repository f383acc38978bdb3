"""Quote verification: the contract's normalisation and fragments, on their own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainer.content.quotes import find_quote, normalise

ARCHIVE = (
    "L’article 4 prévoit « une aide militaire immédiate » en cas d’agression.\n\n"
    "Selon Kiev, 11\u00a0000 soldats sont “déjà” dans la région.   Moscou dément."
)


@pytest.mark.parametrize("quote", [
    "L'article 4 prévoit \"une aide militaire immédiate\"",  # ASCII for typographic
    "L’article 4 prévoit «\u00a0une aide militaire immédiate\u00a0»",  # guillemets with no-break spaces
    "prévoit «une aide militaire immédiate» en cas",  # guillemets without spaces
    "Selon Kiev, 11 000 soldats sont \"déjà\" dans la région. Moscou dément.",  # nbsp, newline, runs of spaces
    "L'article 4 […] en cas d'agression. […] 11 000 soldats",  # fragments in order
    "L'article 4 [...] Moscou dément.",  # ASCII ellipsis inside brackets
    "e\u0301",  # a decomposed é matches the composed one (NFC)
])
def test_matching_quotes(quote: str) -> None:
    assert find_quote(quote, ARCHIVE).error == ""


@pytest.mark.parametrize("quote, error", [
    ("l'article 4 prévoit", "quote is not in the archive"),  # case is significant
    ("une aide militaire immédiate en cas", "quote is not in the archive"),  # guillemets are not dropped
    ("Moscou dément. […] L'article 4",
     "fragment 2 of the quote is in the archive, but not after the previous fragment"),
    ("L'article 4 […] Moscou nie.", "fragment 2 of the quote is not in the archive"),
    ("L'article 4 […]  […] Moscou", "the quote has an empty fragment around […]"),
])
def test_mismatching_quotes(quote: str, error: str) -> None:
    assert find_quote(quote, ARCHIVE).error == error


def test_mismatch_suggests_the_closest_passage_in_the_archive_characters() -> None:
    match = find_quote("Selon Kiev, 12 000 soldats sont déjà dans la région.", ARCHIVE)
    assert match.closest == "Selon Kiev, 11\u00a0000 soldats sont “déjà” dans la région."


def test_spans_point_at_the_original_text() -> None:
    match = find_quote("une aide militaire immédiate […] Moscou dément", ARCHIVE)
    assert [ARCHIVE[s.start:s.end] for s in match.spans] == ["une aide militaire immédiate", "Moscou dément"]


def test_normalisation_examples_of_the_contract() -> None:
    assert normalise("« pour »").text == '"pour"'
    assert normalise("l’a “dit”\u00a0 ‘x’").text == "l'a \"dit\" 'x'"


words = st.text(alphabet="abcdeéàç’'«» \u00a0\n.", min_size=1, max_size=60)


@given(words, st.integers(0, 59), st.integers(1, 30))
def test_any_excerpt_of_the_archive_is_found(archive: str, start: int, length: int) -> None:
    excerpt = archive[start:start + length]
    if normalise(excerpt).text.strip(' "') == "" or "[" in excerpt:
        return
    folded = normalise(excerpt).text.strip()
    # Guillemets fold together with the spaces inside them, so cut excerpts at safe places only.
    if folded.startswith('"') or folded.endswith('"'):
        return
    assert find_quote(excerpt, archive).error == ""


@given(st.text(min_size=0, max_size=80), st.text(min_size=1, max_size=40))
def test_find_quote_never_raises(archive: str, quote: str) -> None:
    match = find_quote(quote, archive)
    assert bool(match.spans) != bool(match.error)


def reference_normalise(text: str) -> tuple[str, list[int]]:
    """The contract's folding written the obvious way, one character at a time."""
    import unicodedata

    fold = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    offsets: list[int] = []
    after_guillemet = False
    for i, char in enumerate(text):
        if char.isspace():
            if after_guillemet or (out and out[-1] == " "):
                continue
            out.append(" ")
            offsets.append(i)
            continue
        after_guillemet = False
        if char == "«":
            char, after_guillemet = '"', True
        elif char == "»":
            while out and out[-1] == " ":
                out.pop()
                offsets.pop()
            char = '"'
        else:
            char = fold.get(char, char)
        out.append(char)
        offsets.append(i)
    return "".join(out), offsets


@given(st.text(alphabet="ab «»’“”'\"\u00a0\n\t.", max_size=40))
def test_fast_normalisation_equals_the_reference(text: str) -> None:
    folded = normalise(text)
    expected, offsets = reference_normalise(text)
    assert folded.text == expected
    assert [folded.offset(i) for i in range(len(expected))] == offsets
