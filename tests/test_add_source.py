"""`build.py add-source`: a page saved from the browser becomes a source and its archive.

The pages in fixtures/saved_pages/ are written for these tests, shaped like French news
pages saved with "Save page as…, HTML only" (menus, sidebars, share buttons, comment
forms, cookie banners, scripts). The expected paragraphs below are the articles' own, as
written in those pages.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE, FIXTURES, PROJECT, write_project

import explainer

PAGES = FIXTURES / "saved_pages"
NBSP, NNBSP = "\u00a0", "\u202f"

WIRE_STORY = [
    "Fermée depuis l’éboulement de novembre 2023, la ligne ferroviaire qui relie Dole à Saint-Claude par les "
    "viaducs de Morez a accueilli vendredi ses premiers voyageurs, au terme de vingt-huit mois de chantier.",
    "Dole (AFP) – Le premier TER est parti de la gare de Dole à 6h12, avec une quarantaine de passagers à bord et "
    f"presque autant d’élus sur le quai. «{NBSP}On a cru qu’on ne la reverrait jamais{NBSP}», a confié Martine "
    "Vuillet, une retraitée de Morbier qui empruntait la ligne chaque semaine pour rendre visite à sa sœur.",
    f"Surnommée la «{NBSP}ligne des Hirondelles{NBSP}» pour ses viaducs et ses tunnels accrochés à la montagne, la "
    f"voie unique avait été coupée le 17 novembre 2023, lorsque quelque 3{NBSP}000 mètres cubes de roche s’étaient "
    "abattus sur les rails entre Morez et Saint-Claude. Aucun train ne circulait à ce moment-là.",
    "Le chantier, conduit par SNCF Réseau, a coûté 41 millions d’euros, financés pour moitié par la région "
    "Bourgogne-Franche-Comté. Il a fallu purger la falaise, poser des filets sur près d’un kilomètre et construire "
    "une galerie de protection en béton au-dessus de la voie.",
    "Un trafic encore réduit",
    "Dans un premier temps, quatre allers-retours quotidiens seront assurés en semaine, contre sept avant la "
    f"fermeture. «{NNBSP}Nous remonterons la cadence dès que les derniers ralentissements seront levés, d’ici "
    f"l’été{NNBSP}», a promis le directeur régional des TER, Olivier Grandjean, sans donner de date précise.",
    "Les associations d’usagers saluent la réouverture mais restent prudentes. L’une d’elles, Jura Rail Avenir, "
    "rappelle que la ligne avait déjà été menacée de fermeture en 2018 faute de voyageurs — et que les cars de "
    "substitution, mis en place pendant les travaux, ont fait perdre l’habitude du train à bien des habitués.",
    f"«{NBSP}Il faut des horaires qui collent à ceux des lycées et des usines, sinon les gens ne reviendront "
    f"pas{NBSP}», estime son président, Bernard Cuenot, qui réclame une correspondance à Dole avec les TGV vers Paris.",
    "La région promet un bilan de fréquentation à l’automne, avant de décider du nombre de trains pour 2026.",
    "Avec AFP",
]

OUTLET_ARTICLE = [
    "La dune a perdu onze mètres en un seul hiver. La commune doit désormais choisir entre un enrochement coûteux "
    "et le départ de trente maisons.",
    "Il y a encore deux ans, on descendait à la plage de la Conche par un escalier de bois de douze marches. Il "
    "n’en reste que trois, suspendues dans le vide au-dessus du sable. Entre novembre et janvier, les tempêtes "
    "successives ont arraché onze mètres de dune devant le quartier des Pins, selon les relevés de l’Observatoire "
    "régional du littoral.",
    f"«{NBSP}On ne peut plus reculer, il n’y a plus de place derrière nous{NBSP}», résume Yannick Bréus, 71{NBSP}ans, "
    "dont la maison se trouve désormais à vingt-six mètres du bord. Sur sa table de cuisine, il a étalé les photos "
    f"aériennes de 1985{NBSP}: la dune s’avançait alors de plus de cinquante mètres vers la mer.",
    "Deux scénarios sur la table",
    "Le conseil municipal doit trancher avant l’été entre deux options. La première, un enrochement de six cents "
    f"mètres, est estimée à 8,4{NNBSP}millions d’euros, une somme hors de portée d’une commune de 2{NNBSP}300 "
    f"habitants sans l’aide de l’État et de la région. La seconde, la «{NBSP}relocalisation{NBSP}», consiste à "
    "racheter puis démolir les trente maisons les plus exposées.",
    f"Le maire, Pascale Guitton, ne cache pas sa préférence pour la seconde. «{NBSP}Bétonner la plage, c’est "
    f"déplacer le problème chez nos voisins, et dans vingt ans on recommence{NBSP}», plaide-t-elle. Mais le fonds "
    "qui devait financer les rachats n’a reçu que le tiers des crédits promis en 2023.",
    "Chez les propriétaires, l’inquiétude se mêle à la colère. Beaucoup ont acheté au prix fort, parfois il y a "
    "moins de dix ans, et redoutent d’être indemnisés sur la valeur d’un bien devenu invendable. Une association, "
    "Les Pins debout, a déposé un recours contre le plan de prévention des risques adopté l’automne dernier.",
    "En attendant, la commune a fait installer des ganivelles — ces barrières de lattes de châtaignier qui piègent "
    f"le sable — sur quatre cents mètres. «{NBSP}Ça ne sauvera rien, mais ça nous laisse un hiver de plus{NBSP}», "
    "reconnaît un agent des services techniques.",
]

BLOG_POST = [
    "Tous ceux qui ont marché entre Saint-Chély et Nasbinals connaissent le pont de Tournemire, ses trois arches de "
    "basalte et son garde-fou de fer forgé, un peu trop ouvragé pour un pont de campagne. On m’a toujours dit qu’il "
    "avait été offert par un notable de Rodez. C’est faux, ou du moins c’est plus compliqué.",
    "En fouillant les délibérations du conseil municipal, conservées aux archives départementales, je suis tombé "
    f"sur une lettre du maire de l’époque. Il y réclame au préfet «{NBSP}une balustrade digne de ce nom, les bêtes "
    f"y passant de nuit et les hommes aussi, souvent plus chargés qu’elles{NBSP}». Le ton m’a fait rire ; la suite "
    "beaucoup moins.",
    "Car le garde-fou n’a pas été offert : il a été payé par une souscription des habitants, après la noyade d’un "
    "jeune vacher qui rentrait de la foire. Son nom figure en bas de la liste des donateurs, ajouté d’une autre "
    "main — celle de sa mère, sans doute, qui a donné quarante sous.",
    "Pourquoi personne ne s’en souvient",
    "La plaque qui devait rappeler l’accident n’a jamais été posée. Le devis existe, les crédits ont été votés, "
    "puis la guerre est arrivée et le dossier s’arrête net. Les anciens que j’ai interrogés à Nasbinals ne "
    "connaissaient ni l’histoire ni le nom du garçon.",
    "Je ne sais pas s’il faut une plaque aujourd’hui. Mais la prochaine fois que vous poserez la main sur ce fer "
    "forgé pour regarder couler le Bès, vous saurez qu’il n’a rien d’un cadeau : c’est une mise en garde, payée "
    "sou par sou.",
]

# Page furniture: none of it may reach an archive.
FURNITURE = ["Lire aussi", "lire aussi", "Se connecter", "connecter", "Newsletter", "newsletter", "cookies",
             "Commentaire", "commentaire", "Partager", "Publicité", "Les plus lus", "abonn", "robot", "Mentions",
             "Menu", "Rechercher", "Photo", "Mots-clés"]
CAPTIONS = ["Le front de dune, entaillé sur près de quatre mètres", "Des ganivelles posées en janvier"]
COMMENTS = ["Gérard39", "quatre trains par jour, c’est se moquer du monde", "Mon grand-père parlait d’un noyé",
            "Merci Odile"]

WIRE_YAML = """\
# yaml-language-server: $schema=../../explainer/schemas/source.schema.json
outlet: "L’Écho des Combes"
title: "Jura : la ligne des Hirondelles rouvre après deux ans de travaux"
published: 2025-03-14
language: fr-FR
author: "AFP"
url: "https://www.echo-des-combes.fr/region/transports/la-ligne-des-hirondelles-rouvre-apres-deux-ans"
kind: agency
archive: l-echo-des-combes-2025-03-14.txt
"""

OUTLET_YAML = """\
# yaml-language-server: $schema=../../explainer/schemas/source.schema.json
outlet: "La Gazette du Littoral"
title: "Érosion : à Saint-Aubin-sur-Dune, « on ne peut plus reculer »"
published: 2025-02-03
language: fr
author: "Claire Morel"
url: "https://www.gazette-littoral.fr/vendee/erosion-saint-aubin-sur-dune-on-ne-peut-plus-reculer-20250203_KQ7X2"
kind: news
archive: la-gazette-du-littoral-2025-02-03.txt
"""

BLOG_YAML = """\
# yaml-language-server: $schema=../../explainer/schemas/source.schema.json
outlet: "Carnets de l’Aubrac"
title: "Ce que le garde-fou de Tournemire ne dit pas"
# published: YYYY-MM-DD  # not found in the page: fill in
language: fr-FR
author: "Lucien Barrau"
url: "https://carnets-aubrac.example.net/tournemire/"
# kind: KIND  # not found in the page: fill in one of news, agency, blog, state-media, official, analysis
archive: aubrac-tournemire.txt
"""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """trafilatura is given the page's text only: any attempt to connect fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"add-source tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def listing(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*"))


def archive_paragraphs(project: Path, source_id: str) -> list[str]:
    text = (project / "content" / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")
    return text.removesuffix("\n").split("\n\n")


def cite(source_id: str, quote: str) -> str:
    """The base sheet with one more claim citing `quote` from `source_id`."""
    return BASE["content/sheets/s.yaml"] + (
        "      - id: c2\n"
        "        text: Un autre fait.\n"
        "        status: reported\n"
        "        sources:\n"
        f"          - source: {source_id}\n"
        f"            quote: {json.dumps(quote, ensure_ascii=False)}\n"
    )


def assert_clean(paragraphs: list[str]) -> None:
    text = "\n".join(paragraphs)
    for fragment in FURNITURE + CAPTIONS + COMMENTS:
        assert fragment not in text, fragment


def test_a_wire_story_on_a_regional_site_keeps_every_paragraph_and_no_furniture(project: Path, cli) -> None:
    run = cli("add-source", str(PAGES / "wire-story.html"), "--root", str(project))
    assert run.code == 0, run.err
    assert archive_paragraphs(project, "l-echo-des-combes-2025-03-14") == WIRE_STORY
    assert_clean(WIRE_STORY)
    yaml_text = (project / "content/sources/l-echo-des-combes-2025-03-14.yaml").read_text(encoding="utf-8")
    assert yaml_text == WIRE_YAML
    assert "wrote content/sources/l-echo-des-combes-2025-03-14.txt (10 paragraphs)" in run.out
    assert "  kind:      agency\n" in run.out
    assert "not found in the page" not in run.out
    assert "next: " in run.out and "python build.py quote l-echo-des-combes-2025-03-14 WORDS…" in run.out


def test_an_outlet_article_takes_its_metadata_from_json_ld_and_leaves_out_photo_captions(project: Path, cli) -> None:
    run = cli("add-source", str(PAGES / "outlet-article.html"), "--root", str(project))
    assert run.code == 0, run.err
    paragraphs = archive_paragraphs(project, "la-gazette-du-littoral-2025-02-03")
    assert paragraphs == OUTLET_ARTICLE  # the standfirst first, though it sits in the article's header
    assert_clean(paragraphs)
    assert (project / "content/sources/la-gazette-du-littoral-2025-02-03.yaml").read_text(encoding="utf-8") \
        == OUTLET_YAML


def test_the_metadata_loads_through_the_projects_loader_and_a_copied_quote_verifies(project: Path, cli) -> None:
    assert cli("add-source", str(PAGES / "outlet-article.html"), "--root", str(project)).code == 0
    # As copied from the browser: plain spaces inside « », curly apostrophes.
    quote = "« On ne peut plus reculer, il n’y a plus de place derrière nous », résume Yannick Bréus"
    write_project(project, {"content/sheets/s.yaml": cite("la-gazette-du-littoral-2025-02-03", quote)})
    result = explainer.check(project)
    assert result.ok, [str(p) for p in result.problems]
    assert result.site is not None
    source = result.site.sources["la-gazette-du-littoral-2025-02-03"]
    assert (source.outlet, source.title, source.author, source.kind, source.language) == (
        "La Gazette du Littoral", "Érosion : à Saint-Aubin-sur-Dune, « on ne peut plus reculer »",
        "Claire Morel", "news", "fr")
    assert str(source.published) == "2025-02-03"
    assert source.url == OUTLET_YAML.split('url: "')[1].split('"')[0]


def test_a_caption_glued_to_a_sentence_would_not_verify(project: Path, cli) -> None:
    assert cli("add-source", str(PAGES / "outlet-article.html"), "--root", str(project)).code == 0
    write_project(project, {"content/sheets/s.yaml": cite("la-gazette-du-littoral-2025-02-03", CAPTIONS[1])})
    run = cli("check", "--root", str(project))
    assert run.code == 1
    assert "quote is not in the archive of source 'la-gazette-du-littoral-2025-02-03'" in run.err


def test_a_blog_post_without_a_date_needs_an_id_then_leaves_placeholders_the_build_reports(project: Path, cli) -> None:
    before = listing(project)
    run = cli("add-source", str(PAGES / "blog-post.html"), "--root", str(project))
    assert run.code == 1
    assert "blog-post.html: the page gives no publication date" in run.err and "--id" in run.err
    assert listing(project) == before

    run = cli("add-source", str(PAGES / "blog-post.html"), "--id", "aubrac-tournemire",
              "--url", "https://carnets-aubrac.example.net/tournemire/", "--root", str(project))
    assert run.code == 0, run.err
    assert archive_paragraphs(project, "aubrac-tournemire") == BLOG_POST
    assert_clean(BLOG_POST)
    assert (project / "content/sources/aubrac-tournemire.yaml").read_text(encoding="utf-8") == BLOG_YAML
    assert "not found in the page: published (required), kind (required)" in run.out

    check = cli("check", "--root", str(project))
    assert check.code == 1
    assert "content/sources/aubrac-tournemire.yaml:2:1: missing required key 'published'" in check.err
    assert "content/sources/aubrac-tournemire.yaml:2:1: missing required key 'kind'" in check.err

    filled = BLOG_YAML.replace("# published: YYYY-MM-DD  # not found in the page: fill in", "published: 2025-01") \
        .replace("# kind: KIND", "kind: blog  #")
    write_project(project, {"content/sources/aubrac-tournemire.yaml": filled,
                            "content/sheets/s.yaml": cite("aubrac-tournemire", "C’est faux, ou du moins c’est plus "
                                                                               "compliqué.")})
    assert cli("check", "--root", str(project)).code == 0


def test_titles_with_quotes_colons_and_hashes_round_trip_through_the_loader(project: Path, tmp_path: Path,
                                                                            cli) -> None:
    title = 'Érosion : « on ne peut plus reculer » — #dune, "guillemets droits", \\ et 100 % vrai: oui'
    page = (PAGES / "outlet-article.html").read_text(encoding="utf-8")
    headline = '"headline": "Érosion : à Saint-Aubin-sur-Dune, « on ne peut plus reculer »"'
    assert headline in page
    saved = tmp_path / "saved.html"
    saved.write_text(page.replace(headline, '"headline": ' + json.dumps(title, ensure_ascii=False)), encoding="utf-8")
    assert cli("add-source", str(saved), "--id", "gazette", "--root", str(project)).code == 0
    write_project(project, {"content/sheets/s.yaml": cite("gazette", "reconnaît un agent des services techniques")})
    result = explainer.check(project)
    assert result.ok, [str(p) for p in result.problems]
    assert result.site is not None and result.site.sources["gazette"].title == title


def test_a_page_in_a_declared_legacy_encoding_is_decoded(project: Path, tmp_path: Path, cli) -> None:
    page = (PAGES / "wire-story.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="windows-1252"')
    saved = tmp_path / "cp1252.html"
    saved.write_bytes(page.encode("cp1252"))
    assert cli("add-source", str(saved), "--root", str(project)).code == 0
    assert archive_paragraphs(project, "l-echo-des-combes-2025-03-14") == WIRE_STORY


def _big(path: Path) -> None:
    with path.open("wb") as file:
        file.write(b"<!DOCTYPE html><html><body><p>")
        file.truncate(10 * 1024 * 1024 + 1)


BAD_PAGES: list[tuple[str, object, str]] = [
    ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "this is a PDF"),
    ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file, not an HTML page"),
    ("notes.html", "La ligne des Hirondelles rouvre.\nCopié depuis le site.\n" * 40, "not an HTML page"),
    ("index.html", PAGES / "index-page.html", "no article text found (an index page or a paywall stub?)"),
    ("stub.html", PAGES / "paywall-stub.html", "no article text found (an index page or a paywall stub?)"),
    ("huge.html", _big, "the file is over 10 MiB"),
    ("missing.html", None, "no such file"),
]


@pytest.mark.parametrize("name, content, message", BAD_PAGES, ids=[row[0] for row in BAD_PAGES])
def test_bad_pages_are_refused_and_nothing_is_written(project: Path, tmp_path: Path, cli, name: str,
                                                     content: object, message: str) -> None:
    saved = tmp_path / name
    if isinstance(content, Path):
        saved.write_bytes(content.read_bytes())
    elif isinstance(content, bytes):
        saved.write_bytes(content)
    elif isinstance(content, str):
        saved.write_text(content, encoding="utf-8")
    elif callable(content):
        content(saved)
    before = listing(project)
    run = cli("add-source", str(saved), "--id", "nouvelle", "--root", str(project))
    assert run.code == 1
    assert run.err.startswith(f"{saved}: ") and message in run.err, run.err
    assert "Traceback" not in run.err
    assert run.out == ""
    assert listing(project) == before


@pytest.mark.parametrize("taken", ["nouvelle.yaml", "nouvelle.txt"])
def test_an_id_taken_by_a_source_or_an_archive_is_refused(project: Path, cli, taken: str) -> None:
    (project / "content" / "sources" / taken).write_text("déjà là\n", encoding="utf-8")
    before = listing(project)
    run = cli("add-source", str(PAGES / "wire-story.html"), "--id", "nouvelle", "--root", str(project))
    assert run.code == 1
    assert f"content/sources/{taken}: already exists" in run.err
    assert listing(project) == before
    assert (project / "content" / "sources" / taken).read_text(encoding="utf-8") == "déjà là\n"


def test_the_default_id_is_refused_when_taken(project: Path, cli) -> None:
    assert cli("add-source", str(PAGES / "wire-story.html"), "--root", str(project)).code == 0
    before = listing(project)
    run = cli("add-source", str(PAGES / "wire-story.html"), "--root", str(project))
    assert run.code == 1
    assert "content/sources/l-echo-des-combes-2025-03-14.yaml: already exists" in run.err
    assert listing(project) == before


def test_a_failure_while_writing_leaves_neither_file(project: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = Path.open

    def open_but_not_yaml(path: Path, *args: object, **kwargs: object) -> object:
        if path.suffix == ".yaml" and args and args[0] == "x":
            raise OSError(28, "No space left on device", str(path))
        return real_open(path, *args, **kwargs)

    before = listing(project)
    monkeypatch.setattr(Path, "open", open_but_not_yaml)
    run = cli("add-source", str(PAGES / "wire-story.html"), "--root", str(project))
    assert run.code == 1
    assert "content/sources/l-echo-des-combes-2025-03-14.yaml: cannot write: No space left on device" in run.err
    assert listing(project) == before


@pytest.mark.parametrize("options, message", [
    (["--id", "Echo_2025"], "--id: 'Echo_2025' is not a valid id"),
    (["--id=-echo"], "--id: '-echo' is not a valid id"),
    (["--id", "../../etc"], "--id: '../../etc' is not a valid id"),
    (["--url", "javascript:alert(1)"], "--url: 'javascript:alert(1)' is not an http(s) URL"),
])
def test_invalid_options_are_refused_before_reading_the_page(project: Path, cli, options: list[str],
                                                            message: str) -> None:
    before = listing(project)
    run = cli("add-source", str(PAGES / "wire-story.html"), *options, "--root", str(project))
    assert run.code == 1
    assert message in run.err
    assert listing(project) == before


def test_usage_errors_exit_2(cli, tmp_path: Path) -> None:
    assert cli("add-source").code == 2
    assert cli("add-source", str(PAGES / "wire-story.html"), "--root", str(tmp_path / "nowhere")).code == 2
    help_text = cli("add-source", "--help")
    assert help_text.code == 0
    for option in ("FILE.html", "--id", "--url", "--root"):
        assert option in help_text.out


def test_the_library_function_returns_what_it_did(project: Path) -> None:
    added = explainer.add_source(project, PAGES / "blog-post.html", "aubrac-tournemire")
    assert added.ok and added.source_id == "aubrac-tournemire"
    assert added.written == ("content/sources/aubrac-tournemire.txt", "content/sources/aubrac-tournemire.yaml")
    assert added.missing == ("published", "url", "kind") and added.missing_required == ("published", "kind")
    assert dict(added.found)["author"] == "Lucien Barrau"
    assert added.paragraphs == len(BLOG_POST)


def test_a_build_does_not_import_trafilatura(project: Path) -> None:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import build; "
            "assert build.main(['check', '--root', sys.argv[2]]) == 0; "
            "assert 'trafilatura' not in sys.modules and 'lxml' not in sys.modules")
    subprocess.run([sys.executable, "-c", code, str(PROJECT), str(project)], check=True, capture_output=True)


def test_fixture_pages_are_realistic_saved_pages() -> None:
    for name in ("wire-story.html", "outlet-article.html", "blog-post.html"):
        html = (PAGES / name).read_text(encoding="utf-8")
        assert len(html) > 8000, name
        for tag in ("<header", "<nav", "<footer", "<script", "<aside"):
            assert tag in html, (name, tag)
    assert "<figcaption>" in (PAGES / "outlet-article.html").read_text(encoding="utf-8")
    blog = (PAGES / "blog-post.html").read_text(encoding="utf-8")
    assert "datetime" not in blog and "published" not in blog and "ld+json" not in blog
