"""Markdown to safe HTML: the plain-text fast path renders exactly as Markdown would."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.site import format as fmt
from explainer.site.markup import Markdown, is_plain, words_of

TEXT = st.text(alphabet="aé Z09.,;:?’'\"«»–—()%/@$^-*_[]<>&!#+=\n\u00a0\u202f", min_size=1, max_size=40)


@settings(max_examples=3000)
@given(TEXT)
def test_fast_path_equals_markdown(text: str) -> None:
    if not is_plain(text):
        return
    fast = Markdown()
    slow = Markdown()
    slow._memo.clear()
    expected = str(slow._md.reset().convert(text))
    import nh3

    from explainer.site import markup

    cleaned = nh3.clean(expected, tags=markup._TAGS, attributes=markup._ATTRIBUTES, url_schemes=markup._SCHEMES,
                        link_rel="noopener noreferrer")
    assert str(fast.block(text)) == cleaned


def test_markdown_still_renders_markup_and_escapes_html() -> None:
    md = Markdown()
    expected = "Un <strong>fait</strong> et &lt;b&gt;gras&lt;/b&gt; &amp; co"
    assert str(md.inline("Un **fait** et <b>gras</b> & co")) == expected
    assert str(md.inline("Un fait simple.")) == "Un fait simple."


def test_typical_claims_take_the_fast_path() -> None:
    assert is_plain("Les soldats « auraient » été déplacés (selon Séoul), d’après l’agence : 3 000 ?")
    assert is_plain("La porte-parole a démenti\u00a0! Le contre-amiral + 2 = 3")
    for text in ("un *mot*", "- liste", "+ liste", "1. liste", "a\nb", "a & b", "[lien](x)", "![image](x)",
                 "  retrait", "a ", "`code`", "# titre", "> cité"):
        assert not is_plain(text), text


def _typography_everywhere(html: str) -> str:
    """French typography with every rule applied to every text part (no shortcuts)."""
    parts = fmt._TAG_OR_TEXT.split(html)
    verbatim = 0
    for index, part in enumerate(parts):
        if index % 2:
            lowered = part.lower()
            if lowered.startswith(("<code", "<pre")):
                verbatim += 1
            elif lowered.startswith(("</code", "</pre")):
                verbatim = max(0, verbatim - 1)
            continue
        if verbatim:
            continue
        part = fmt._BEFORE_COLON.sub(fmt.NBSP + ":", part)
        part = fmt._BEFORE_HIGH.sub(lambda m: fmt.NARROW_NBSP + m.group(1), part)
        part = fmt._AFTER_OPENING.sub("«" + fmt.NARROW_NBSP, part)
        part = fmt._BEFORE_CLOSING.sub(fmt.NARROW_NBSP + "»", part)
        parts[index] = fmt._SPACED_HYPHEN.sub(fmt.NBSP + "– ", part)
    return "".join(parts)


HTML = st.text(alphabet="aZ0 :;?!«»-–&#;<>/=\"'\u00a0\u202f\n", min_size=0, max_size=40) | st.lists(
    st.sampled_from(["a", " ", ":", " ; ", "?", "!", "« ", " »", " - ", "<code>", "</code>", "<a href=\"x : y\">",
                     "</a>", "&amp;", "&#39;", "http://x", "12:30"]), max_size=12).map("".join)


@settings(max_examples=2000)
@given(HTML)
def test_typography_shortcuts_change_nothing(html: str) -> None:
    assert fmt.typo_fr(html) == _typography_everywhere(html)


@pytest.mark.parametrize(("text", "words"), [
    ("Le gouvernement nie tout déploiement.", "Le gouvernement nie tout déploiement."),
    ("Un **vote** [sans voix contre](https://example.org/) et `code`", "Un vote sans voix contre et code"),
    ("## Titre\n- un\n1. deux\n> trois", "Titre\nun\ndeux\ntrois"),
    ("nord_coréen, _souligné_", "nord_coréen, souligné"),
])
def test_words_of_markdown_are_its_text_without_markup(text: str, words: str) -> None:
    """What the search index is given: every word readers see, no markup, no link address."""
    assert words_of(text) == words
    assert Markdown().plain(text).split() == words.split()
