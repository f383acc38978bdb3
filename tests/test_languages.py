"""The interface in the site's language: catalogs (the engine's and a project's), CLDR dates
and numbers, a language without a catalog."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from conftest import FIXTURES, PROJECT, replace_in, write_project
from htmlcheck import Page, html_files, parse
from staticserver import StaticServer

import explainer


def catalog(language: str, messages: dict[str, str]) -> str:
    """A small .po file: each msgid with its msgstr."""
    header = f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
    return header + "".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in messages.items())


def test_a_project_catalog_overrides_one_engine_message(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", {
        "locale/fr/LC_MESSAGES/messages.po": catalog("fr", {"Permanent link": "Lien vers ce fait"})})
    assert explainer.build(root, tmp_path / "out").ok
    page = parse(tmp_path / "out/s/index.html")
    assert "Lien vers ce fait" in page.text and "Lien permanent" not in page.text  # the project's message wins
    # The engine's messages fill the rest (the text with its white space, no-break ones too, folded).
    assert "Mise à jour : 7 novembre 2024" in page.text and "Lire les statuts" in page.text


def test_an_edited_catalog_reaches_the_pages_of_the_next_build(tmp_path: Path) -> None:
    """Catalogs are inputs like templates: a one-shot build with its caches and a live
    preview's session both render again with the new words."""
    po = "locale/fr/LC_MESSAGES/messages.po"
    root = write_project(tmp_path / "p", {po: catalog("fr", {"Permanent link": "Lien vers ce fait"})})
    out = tmp_path / "out"
    assert explainer.build(root, out).ok
    (root / po).write_text(catalog("fr", {"Permanent link": "Adresse du fait"}), encoding="utf-8")
    result = explainer.build(root, out)
    assert result.ok and not result.unchanged
    assert "Adresse du fait" in parse(out / "s/index.html").text

    session = explainer.Session(root, tmp_path / "preview")
    assert session.build().ok
    (root / po).write_text(catalog("fr", {"Permanent link": "Lien durable"}), encoding="utf-8")
    assert session.build().ok
    assert "Lien durable" in parse(tmp_path / "preview/s/index.html").text


@pytest.fixture(scope="module")
def english_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration project built with `language: en` (its content stays French); read-only.

    Built in French first: the English build follows with the French one's caches (its
    compiled templates, page keys and claims' entries), which must not leak a French word."""
    folder = tmp_path_factory.mktemp("english-demo")
    root = Path(shutil.copytree(FIXTURES / "demo", folder / "demo"))
    assert explainer.build(root, folder / "_site").ok
    replace_in(root / "site.yaml", "language: fr", "language: en")
    result = explainer.build(root, folder / "_site")
    assert result.ok and not result.problems
    return folder / "_site"


def french_interface() -> set[str]:
    """The engine's French words: each run of text of a French msgstr (between placeholders
    and tags) that differs from its English msgid, long enough not to be a content word too."""
    with (PROJECT / "locale/fr/LC_MESSAGES/messages.po").open("rb") as file:
        messages = [m for m in read_po(file) if m.id]
    found = set()
    for message in messages:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for string in strings:
            for run in re.split(r"%\(\w+\)s|<[^>]*>", string):
                words = " ".join(run.split()).strip(" .,:;«»")
                if len(words) >= 8 and not any(words in msgid for msgid in ids):
                    found.add(words)
    return found


QUOTED = re.compile(r'<blockquote.*?</blockquote>|<div class="archive".*?</div>|<script.*?</script>', re.S)


def own_html(path: Path) -> str:
    """A page's HTML without quotes, archives (the sources' own words, French here) and scripts."""
    return QUOTED.sub("", path.read_text(encoding="utf-8"))


def page_text(path: Path) -> str:
    """The text of `own_html`, white space folded."""
    return Page(own_html(path)).text


def test_the_demo_in_english_speaks_english(english_demo: Path) -> None:
    """Every page of the demo with `language: en`: English interface words, dates and
    numbers, and none of the engine's French words nor French typography's spaces."""
    french = french_interface()
    assert {"Mise à jour", "Lien permanent", "Où les sources divergent"} <= french
    for path in html_files(english_demo):
        text = page_text(path)
        assert not [words for words in french if words in text], path
        html = own_html(path)
        assert "\u00a0" not in html and "\u202f" not in html and "&nbsp;" not in html, path

    sheet = page_text(english_demo / "troupes/index.html")
    assert "Updated: 7 November 2024" in sheet and "Reading the statuses" in sheet
    assert "about 9,000, according to le ministère (as of 6 November 2024)" in sheet
    assert "up to 12,000, according to le renseignement" in sheet and "1 source, 1 independent origin" in sheet
    assert "Date October 2024" in sheet and "Permanent link" in sheet
    figures = (english_demo / "chiffres/index.html").read_text(encoding="utf-8")
    assert "Soldats déployés, estimates compared: at least 3,000 soldats · le renseignement, October 2024; " in figures
    sources = page_text(english_demo / "sources/index.html")
    assert "(news agency)" in sources and "(news)" in sources
    data = json.loads((english_demo / "data/claims.json").read_text(encoding="utf-8"))
    assert {claim["status_label"] for claim in data["claims"]} >= {"Confirmed", "Reported", "Source error"}


def interface_text(path: Path) -> dict[str, Any]:
    """The strings a page gives site.js (base.html's JSON block)."""
    found = re.search(r'<script type="application/json" id="interface-text">(.*?)</script>',
                      path.read_text(encoding="utf-8"), flags=re.S)
    assert found, path
    return dict(json.loads(found.group(1)))


def test_site_js_gets_its_words_in_the_pages_language(built_demo: Path, english_demo: Path) -> None:
    french, english = interface_text(built_demo / "troupes/index.html"), interface_text(english_demo / "404.html")
    assert french["copyLink"] == "Copier le lien" and english["copyLink"] == "Copy the link"
    # Forms by CLDR plural category, as Intl.PluralRules names them: French counts 0 and 1 in the singular.
    assert french["results"] == {"one": "%(count)s résultat pour «\u202f%(query)s\u202f».",
                                 "other": "%(count)s résultats pour «\u202f%(query)s\u202f»."}
    assert english["results"] == {"one": "%(count)s result for “%(query)s”.",
                                  "other": "%(count)s results for “%(query)s”."}
    assert english["quoted"] == "“%(quote)s”" and english["noResults"] == "No results for “%(query)s”."


@pytest.fixture(scope="module")
def english_site(english_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    parent = tmp_path_factory.mktemp("served-english")
    (parent / "demo").symlink_to(english_demo, target_is_directory=True)
    server = StaticServer(parent)
    yield server.url + "demo/"
    server.stop()


def test_site_js_speaks_the_pages_language(browser: Any, english_site: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(english_site + "recherche/?q=déploiement")
        tab.locator("#resultats li a").first.wait_for(timeout=10_000)
        assert tab.locator("#resultats-etat").inner_text() == "1 result for “déploiement”."
        tab.goto(english_site + "recherche/?q=zzzzqqq")
        tab.wait_for_function("() => document.getElementById('resultats-etat').textContent.startsWith('No ')")
        assert tab.locator("#resultats-etat").inner_text() == "No results for “zzzzqqq”."
        tab.goto(english_site + "troupes/")
        tab.locator("#troupes-9000 a.citation").first.hover()
        popover = tab.locator("#citation-popover")
        popover.wait_for(state="visible")
        assert popover.locator("blockquote").inner_text() == "“environ 9 000 soldats sont arrivés dans la région nord”"
    finally:
        context.close()


def test_a_language_without_a_catalog_gets_english_words_and_its_own_dates(tmp_path: Path, cli: Any) -> None:
    root = write_project(tmp_path / "p", {"site.yaml": (
        "title: T\ndescription: D\nlanguage: de\nbase_url: https://example.org/t/\n")})
    run = cli("build", "--root", str(root), "--out", str(tmp_path / "out"))
    assert run.code == 0
    warnings = [line for line in (run.out + run.err).splitlines() if "warning:" in line]
    assert warnings == ["site.yaml:3:11: warning: no interface catalog for 'de': the interface is in English "
                        "(dates and numbers in de)"]
    assert "1 warning" in run.out
    page = parse(tmp_path / "out/s/index.html")
    assert "Updated: 7. November 2024" in page.text and "Permanent link" in page.text
    assert "O, 6. November 2024" in page.text  # the citation: outlet and date
    assert "Mise à jour" not in page.text and "Lien permanent" not in page.text
    assert interface_text(tmp_path / "out/s/index.html")["copyLink"] == "Copy the link"
    check = cli("check", "--root", str(root))
    assert check.code == 0 and "no interface catalog for 'de'" in check.out + check.err


def test_the_legend_states_the_rule_of_confirmed(built_demo: Path, english_demo: Path) -> None:
    """The legend says what the build checks (content/verify.py): two independent origins, or
    a party's own publication."""
    french = parse(built_demo / "troupes/index.html").text
    assert "Confirmé porté par au moins deux origines indépendantes, ou publié par une des parties elle-même" in french
    english = parse(english_demo / "troupes/index.html").text
    assert "Confirmed carried by at least two independent origins, or published by a party itself" in english


@pytest.mark.parametrize("autoescape", [True, False])
def test_words_translated_at_compile_time_read_as_jinjas_own(autoescape: bool) -> None:
    """`_("…")` of a constant is folded into the compiled template (site/templatewords.py):
    the same text as Jinja's i18n extension gives, escaping and `%%` included."""
    import gettext
    import io

    import jinja2
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    from explainer.site.i18n import Formatter
    from explainer.site.markup import Markdown
    from explainer.site.render import make_environment

    messages = Catalog(locale="fr")
    for msgid, msgstr in {"Sources": "Sources & <b>notes</b>", "100%% sure": "sûr à 100 %%",
                          "%(n)s items": "%(n)s éléments", "Hello": "Bonjour"}.items():
        messages.add(msgid, msgstr)
    data = io.BytesIO()
    write_mo(data, messages)
    data.seek(0)
    words = gettext.GNUTranslations(data)
    source = ('{{ _("Sources") }}|{{ gettext("100%% sure") }}|{{ _("%(n)s items", n="<i>") }}|'
              '{% trans %}Hello{% endtrans %}|{{ _("Sources")|length }}|{{ _("Unknown") }}')
    jinjas = jinja2.Environment(autoescape=autoescape, extensions=["jinja2.ext.i18n"])
    jinjas.install_gettext_translations(words, newstyle=True)  # type: ignore[attr-defined]
    ours = make_environment([], Markdown(), formatter=Formatter("fr", words, has_catalog=True))
    ours.autoescape = autoescape
    compiled = ours.compile(source, raw=True)
    assert "Bonjour" in compiled and "'Hello'" not in compiled  # folded
    assert ours.from_string(source).render() == jinjas.from_string(source).render()


def test_search_documents_take_a_project_catalog_s_words(tmp_path: Path) -> None:
    """What readers search is written in the build's words, the project's catalog included
    (`Session.search_documents`, which the one-shot build and the live preview both call)."""
    from explainer.builder.pipeline import Session

    root = Path(shutil.copytree(FIXTURES / "demo", tmp_path / "demo"))
    (root / "locale/fr/LC_MESSAGES").mkdir(parents=True)
    (root / "locale/fr/LC_MESSAGES/messages.po").write_text(catalog("fr", {"Corrections": "Rectificatifs"}),
                                                            encoding="utf-8")
    session = Session(root, tmp_path / "out", search=False)
    site = session.check().site
    assert site is not None
    texts = "\n".join(document.html for document in session.search_documents(site))
    assert "Rectificatifs" in texts
