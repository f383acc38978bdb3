"""Incremental rebuilds (the live preview's): same bytes as a full build, less work."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BASE, build, tree_bytes, write_project

from explainer.builder.pipeline import Session


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def full_build(root: Path, out: Path) -> dict[str, bytes]:
    assert build.main(["build", "--root", str(root), "--out", str(out)]) == 0
    return tree_bytes(out)


SHEETS = "content/sheets"
SOURCES = "content/sources"


def claim_edit(root: Path) -> None:
    edit(root / SHEETS / "traite.yaml", "sans aucune voix contre", "à l’unanimité des votants")


def header_title_edit(root: Path) -> None:
    """A sheet named in every page's header (`nav`): every page changes."""
    edit(root / SHEETS / "troupes.yaml", "title: \"Les troupes\"", "title: \"Les troupes envoyées\"")


def source_metadata_edit(root: Path) -> None:
    edit(root / SOURCES / "agence-b-2024-10.yaml", "outlet: Agence B", "outlet: Agence Bêta")


def archive_edit(root: Path) -> None:
    edit(root / SOURCES / "journal-a-2024-11-06.txt", "Les deux capitales", "Selon un diplomate, les deux capitales")


def date_added(root: Path) -> None:
    edit(root / SHEETS / "traite.yaml", "        status: reported\n",
         "        status: reported\n        date: 2024-11-05\n")


def actor_changed(root: Path) -> None:
    edit(root / SHEETS / "troupes.yaml", "actor: Ministère", "actor: Ministère de la Défense")


def template_edit(root: Path) -> None:
    (root / "templates").mkdir(exist_ok=True)
    shutil.copy(Path(build.__file__).parent / "templates" / "_citation.html", root / "templates" / "_citation.html")
    edit(root / "templates" / "_citation.html", "<li>", '<li class="cite">')


def page_deleted(root: Path) -> None:
    (root / "content/pages/a-propos.md").unlink()


def sheet_deleted(root: Path) -> None:
    edit(root / "site.yaml", "nav: [traite, troupes]", "nav: [traite]")
    edit(root / SHEETS / "traite.yaml", "", "")
    (root / SHEETS / "troupes.yaml").unlink()


def sheet_added(root: Path) -> None:
    text = (root / SHEETS / "traite.yaml").read_text(encoding="utf-8")
    (root / SHEETS / "nouvelle.yaml").write_text(
        text.replace("traite-", "nouvelle-").replace("Le traité", "Une nouvelle fiche"), encoding="utf-8")


def static_added(root: Path) -> None:
    (root / "static").mkdir(exist_ok=True)
    (root / "static" / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {f.__name__: f for f in (
    claim_edit, header_title_edit, source_metadata_edit, archive_edit, date_added, actor_changed, template_edit,
    page_deleted, sheet_deleted, sheet_added, static_added)}


@pytest.mark.parametrize("name", EDITS)
def test_incremental_rebuild_equals_full_build(demo: Path, tmp_path: Path, name: str) -> None:
    session = Session(demo, tmp_path / "live")
    assert session.build().ok
    EDITS[name](demo)
    result = session.build()
    assert result.ok, result.problems
    assert tree_bytes(tmp_path / "live") == full_build(demo, tmp_path / "fresh")


def test_several_edits_in_a_row_stay_equal(demo: Path, tmp_path: Path) -> None:
    session = Session(demo, tmp_path / "live")
    assert session.build().ok
    for name, apply in EDITS.items():
        apply(demo)
        assert session.build().ok, name
    assert tree_bytes(tmp_path / "live") == full_build(demo, tmp_path / "fresh")


def test_a_claim_edit_re_renders_only_the_pages_that_show_it(demo: Path, tmp_path: Path) -> None:
    session = Session(demo, tmp_path / "live")
    assert session.build().ok
    claim_edit(demo)
    assert session.build().ok
    assert session.files.reparsed == ["content/sheets/traite.yaml"]
    assert session.renders is not None
    # The open data (claims.json, claims.csv) lists every claim: it changes too. The claim is
    # the right version of an inexact one (shown beside it in the views) and named by a
    # correction (shown on /corrections/).
    assert sorted(session.renders.rendered) == [
        "acteurs/", "chronologie/", "corrections/", "data/claims.csv", "data/claims.json", "desaccords/",
        "sources/conseil-2024-11-06/", "sources/journal-a-2024-11-06/", "traite/"]
    assert session.changed == sorted(["acteurs/index.html", "chronologie/index.html", "corrections/index.html",
                                      "data/claims.csv", "data/claims.json", "desaccords/index.html",
                                      "sources/conseil-2024-11-06/index.html",
                                      "sources/journal-a-2024-11-06/index.html", "traite/index.html"])


def test_a_claim_edit_re_renders_on_its_sheet_only_the_claims_whose_entry_changed(demo: Path,
                                                                                    tmp_path: Path) -> None:
    """Each claim's entry on its sheet is kept while what it shows is equal (fragments.py)."""
    session = Session(demo, tmp_path / "live", search=False)
    assert session.build().ok
    assert session.renders is not None
    before = dict(session.renders.fragments)
    claim_edit(demo)
    assert session.build().ok
    after = session.renders.fragments
    # The edited claim, and the inexact claim it is the right version of (shown beside it):
    assert after["traite-approuve"] is not before["traite-approuve"]
    assert after["traite-vigueur-erreur"] is not before["traite-vigueur-erreur"]
    # The sheet's other claims are parsed again, equal: their entries are the same text.
    assert after["traite-aide-immediate"] is before["traite-aide-immediate"]
    assert after["traite-historique"] is before["traite-historique"]
    assert tree_bytes(tmp_path / "live") == {k: v for k, v in full_build(demo, tmp_path / "fresh").items()
                                             if not k.startswith("pagefind/")}


def test_a_static_edit_only_copies_the_file(demo: Path, tmp_path: Path) -> None:
    static_added(demo)
    session = Session(demo, tmp_path / "live")
    assert session.build().ok
    (demo / "static" / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    assert session.build().ok
    assert session.renders is not None and session.renders.rendered == []
    assert session.changed == ["robots.txt"]


def test_an_error_keeps_the_last_good_site_and_a_fix_resumes(demo: Path, tmp_path: Path) -> None:
    session = Session(demo, tmp_path / "live")
    assert session.build().ok
    before = tree_bytes(tmp_path / "live")
    edit(demo / SHEETS / "traite.yaml", "status: confirmed", "status: certain")
    result = session.build()
    assert not result.ok and "content/sheets/traite.yaml:" in str(result.errors[0])
    assert tree_bytes(tmp_path / "live") == before
    edit(demo / SHEETS / "traite.yaml", "status: certain", "status: reported")
    assert session.build().ok
    assert tree_bytes(tmp_path / "live") == full_build(demo, tmp_path / "fresh")


def test_open_data_is_the_whole_document_with_one_claim_per_line(built_demo: Path) -> None:
    import json

    from explainer import check
    from explainer.site import opendata

    site = check(Path(build.__file__).parent / "tests/fixtures/demo").site
    assert site is not None
    document = {"title": site.settings.title, "description": site.settings.description,
                "url": site.settings.base_url, "language": site.settings.language,
                "claims": opendata.claim_records(site)}
    data = b"".join(opendata.claims_json(site))
    assert json.loads(data) == document
    claim_lines = [line for line in data.decode().splitlines() if line.startswith('  {"id": ')]
    assert [json.loads(line.rstrip(",")) for line in claim_lines] == document["claims"]
    assert (built_demo / "data/claims.json").read_bytes() == data


def test_postponed_pages_stay_stale_until_the_next_build(demo: Path, tmp_path: Path) -> None:
    """The preview writes the open data after the reload: a build with `later` keeps the
    previous data, says so, and the next build gives the full build's bytes."""
    later = frozenset({"data/claims.json", "data/claims.csv"})
    session = Session(demo, tmp_path / "live", search=False)
    assert session.build(later).ok and session.postponed == []  # a first build writes everything
    before = tree_bytes(tmp_path / "live")
    claim_edit(demo)
    assert session.build(later).ok
    assert sorted(session.postponed) == sorted(later)
    after = tree_bytes(tmp_path / "live")
    assert after["data/claims.json"] == before["data/claims.json"]
    assert after["traite/index.html"] != before["traite/index.html"]
    assert session.build().ok and session.postponed == []
    assert sorted(session.changed) == ["data/claims.csv", "data/claims.json"]
    full = full_build(demo, tmp_path / "full")
    assert tree_bytes(tmp_path / "live") == {k: v for k, v in full.items() if not k.startswith("pagefind/")}


def what_changed(root: Path, before: dict[str, bytes]) -> frozenset[str]:
    """The files an edit wrote, added or removed, as a file watcher reports them."""
    after = tree_bytes(root)
    return frozenset(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


@pytest.mark.parametrize("name", EDITS)
def test_a_build_told_what_changed_equals_a_full_build(demo: Path, tmp_path: Path, name: str) -> None:
    """The preview passes on what its watchers reported; the other files are not looked at."""
    session = Session(demo, tmp_path / "live")
    assert session.build().ok
    before = tree_bytes(demo)
    EDITS[name](demo)
    changed = what_changed(demo, before)
    result = session.build(changed=changed)
    assert result.ok, result.problems
    # Only what changed is parsed again (an archive's source with it):
    assert {n.replace(".txt", ".yaml") for n in changed} >= set(session.files.reparsed)
    assert tree_bytes(tmp_path / "live") == full_build(demo, tmp_path / "fresh")


def test_a_build_told_what_changed_looks_at_nothing_else(demo: Path, tmp_path: Path) -> None:
    """A change the watchers missed waits for the next build that looks at every file
    (the preview's catch-up build, a moment after each rebuild)."""
    session = Session(demo, tmp_path / "live", search=False)
    assert session.build().ok
    claim_edit(demo)
    assert session.build(changed=frozenset({"content/sheets/troupes.yaml"})).ok
    assert session.files.reparsed == []
    assert "à l’unanimité des votants" not in (tmp_path / "live/traite/index.html").read_text(encoding="utf-8")
    assert session.build().ok
    assert session.files.reparsed == ["content/sheets/traite.yaml"]
    assert "à l’unanimité des votants" in (tmp_path / "live/traite/index.html").read_text(encoding="utf-8")


def test_a_change_the_loader_cannot_place_makes_it_look_at_every_file(demo: Path, tmp_path: Path) -> None:
    session = Session(demo, tmp_path / "live", search=False)
    assert session.build().ok
    shutil.rmtree(demo / "content/pages")
    claim_edit(demo)
    assert session.build(changed=frozenset({"content/pages"})).ok  # a folder: not a file the loader reads
    assert session.files.reparsed == ["content/sheets/traite.yaml"]
    assert not (tmp_path / "live/a-propos").exists()
    assert tree_bytes(tmp_path / "live") == {k: v for k, v in full_build(demo, tmp_path / "fresh").items()
                                             if not k.startswith("pagefind/")}


def test_a_claim_shown_on_another_sheet_follows_its_edit(demo: Path, tmp_path: Path) -> None:
    """A claim contradicted from another sheet is shown there: editing it changes both pages."""
    session = Session(demo, tmp_path / "live", search=False)
    assert session.build().ok
    edit(demo / SHEETS / "traite.yaml", "        actor: Conseil\n", "        actor: Conseil\n"
                                                                      "        conflicts_with: [troupes-9000]\n")
    assert session.build(changed=frozenset({"content/sheets/traite.yaml"})).ok
    edit(demo / SHEETS / "troupes.yaml", "Environ 9 000 soldats", "Près de 9 000 soldats")
    assert session.build(changed=frozenset({"content/sheets/troupes.yaml"})).ok
    assert "Près de 9 000 soldats" in (tmp_path / "live/traite/index.html").read_text(encoding="utf-8")
    assert session.build().ok
    assert tree_bytes(tmp_path / "live") == {k: v for k, v in full_build(demo, tmp_path / "fresh").items()
                                             if not k.startswith("pagefind/")}


@pytest.mark.parametrize("session_kind", ["preview", "new process"])
def test_a_right_version_edited_on_another_sheet_updates_every_page_showing_it(
        demo: Path, tmp_path: Path, session_kind: str) -> None:
    """An inexact claim shows its right version (its text, linked) on its sheet, on the
    source page it cites and on the views: when only the right version's sheet is edited,
    those pages change too."""
    edit(demo / SHEETS / "traite.yaml", "corrected_by: [traite-approuve]", "corrected_by: [troupes-3000]")
    session = Session(demo, tmp_path / "live")
    assert session.build().ok
    edit(demo / SHEETS / "troupes.yaml", "Au moins 3 000 soldats", "Au moins 3 500 soldats")
    if session_kind == "preview":
        assert session.build().ok
    else:
        assert build.main(["build", "--root", str(demo), "--out", str(tmp_path / "live")]) == 0
    live = tree_bytes(tmp_path / "live")
    assert live == full_build(demo, tmp_path / "fresh")
    assert b"Au moins 3 500 soldats" in live["sources/journal-a-2024-11-06/index.html"]
    assert b"Au moins 3 500 soldats" in live["traite/index.html"]


# Templates that a page uses without including them: the claims' fragments (fragments.py)
# are rendered by filters, each once per claim; and templates that those include.
FRAGMENT_EDITS = {
    "_claim_ref.html": ("<a href", '<a class="ref" href'),
    "_excerpt.html": ("<blockquote", '<blockquote class="extrait"'),
    "_claim.html": ('<p class="sourcing">', '<p class="sourcing extra">'),
    "_citation.html": ("<li>", '<li class="cite">'),
}


@pytest.mark.parametrize("template", FRAGMENT_EDITS)
def test_a_fragment_template_edit_re_renders_the_pages_that_show_it(demo: Path, tmp_path: Path,
                                                                    template: str) -> None:
    """The project has its own copy of the template from the start (a new templates/ folder
    would start the preview's render afresh): only the template's version tells the pages."""
    (demo / "templates").mkdir()
    shutil.copy(Path(build.__file__).parent / "templates" / template, demo / "templates" / template)
    session = Session(demo, tmp_path / "live", search=False)
    assert session.build().ok
    edit(demo / "templates" / template, *FRAGMENT_EDITS[template])
    assert session.build().ok
    assert session.renders is not None and session.renders.rendered
    assert tree_bytes(tmp_path / "live") == {k: v for k, v in full_build(demo, tmp_path / "fresh").items()
                                             if not k.startswith("pagefind/")}


def test_the_status_rule_follows_an_edit_of_a_source_the_sheet_cites(tmp_path: Path) -> None:
    """The live preview keeps each sheet's findings of the status rule, but not past an edit
    of any source: origins and kinds decide whether a claim may be confirmed."""
    root = write_project(tmp_path / "p", {
        "content/sources/src.yaml": BASE["content/sources/src.yaml"].replace("kind: news", "kind: official"),
        "content/sheets/s.yaml": BASE["content/sheets/s.yaml"].replace("status: reported", "status: confirmed"),
    })
    session = Session(root, tmp_path / "live")
    assert session.build().ok
    edit(root / "content" / "sources" / "src.yaml", "kind: official", "kind: news")
    failed = session.build(changed=frozenset({"content/sources/src.yaml"}))
    assert [str(p) for p in failed.problems] == [
        "content/sheets/s.yaml:10:17: claim 'c1' is confirmed, but its sources give 1 independent origin: "
        "confirmed needs two, or a party's own publication (a source of kind official or state-media); "
        "else it is reported"]
    edit(root / "content" / "sources" / "src.yaml", "kind: news", "kind: state-media")
    assert session.build(changed=frozenset({"content/sources/src.yaml"})).ok
