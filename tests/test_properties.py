"""Properties over random content trees (Hypothesis): build or report, never crash.

Valid trees build, and every link (each citation to its passage, each claim anchor)
resolves. Trees broken in a way that must be refused exit 1 with well-formed
`path:line:column: message` lines that blame the broken file, and keep the previous
site. Trees with random bytes changed do one or the other. Nothing raises.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from badinputs import Run, run_build
from conftest import tree_bytes
from contentgen import q
from htmlcheck import parse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_links import broken_links

from explainer.site import urls

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROBLEM_LINE = re.compile(r"^([\w./-]+):\d+:\d+: \S")
BASE_URL = "https://example.org/p/"

# Any character a file can hold; Markdown fields leave out "[", which makes links
# whose targets are the editor's business, not the generator's.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20).filter(str.strip)
MARKDOWN = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="["), min_size=1,
                   max_size=40).filter(str.strip)
PAGE_BODY = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="[\x00"), max_size=60)
ARCHIVE_WORDS = st.lists(st.sampled_from(["Le", "traité", "prévoit", "une", "« aide »", "l’attaque", "“déjà”",
                                          "11\u00a0000", "soldats.", "Moscou", "dément", "\n\n", "e\u0301té"]),
                         min_size=3, max_size=30).filter(lambda words: any(word.strip() for word in words))
ID = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True).filter(
    lambda i: i not in urls.RESERVED and _plain_id(i))


def _plain_id(text: str) -> bool:
    """Whether YAML reads `text`, unquoted, as text or a number: "no", "on" or "null" are
    not ids but booleans and nothing, which the build rightly refuses."""
    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))
    return tag.rsplit(":", 1)[1] in ("str", "int")


def date_text(day: bool) -> st.SearchStrategy[str]:
    dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
    return dates.map(lambda d: f"{d.year:04d}-{d.month:02d}" + (f"-{d.day:02d}" if day else ""))


@dataclass(frozen=True)
class Tree:
    """A generated project: its files and, per sheet, the ids of its claims."""

    files: dict[str, str | bytes]
    claims: dict[str, list[str]]


@st.composite
def trees(draw: st.DrawFn) -> Tree:
    """A valid project of a few sources, sheets and pages, with every field drawn."""
    n_sources, n_sheets, n_pages = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(0, 2))
    n_claims = [draw(st.integers(1, 3)) for _ in range(n_sheets)]
    ids = draw(st.lists(ID, min_size=n_sources + n_sheets + n_pages + sum(n_claims),
                        max_size=n_sources + n_sheets + n_pages + sum(n_claims), unique=True))
    sources, sheets, pages, claim_ids = (ids[:n_sources], ids[n_sources:n_sources + n_sheets],
                                         ids[n_sources + n_sheets:n_sources + n_sheets + n_pages],
                                         iter(ids[n_sources + n_sheets + n_pages:]))
    files: dict[str, str | bytes] = {
        "site.yaml": f"title: {q(draw(TEXT))}\ndescription: {q(draw(TEXT))}\nlanguage: fr\nbase_url: {BASE_URL}\n"
                     f"nav: [{', '.join(draw(st.permutations(sheets)))}]\n"
                     f"archive: {{publish: {draw(st.booleans())}}}\n"
                     f"figures:\n  a: {{label: {q(draw(TEXT))}, counts: {q(draw(TEXT))}, unit: {q(draw(TEXT))}}}\n"
                     f"  b: {{label: {q(draw(TEXT))}, counts: {q(draw(TEXT))}, unit: {q(draw(TEXT))}}}\n",
    }
    archives: dict[str, list[str]] = {}
    for source_id in sources:
        lines = [f"outlet: {q(draw(TEXT))}", f"title: {q(draw(TEXT))}",
                 f"published: {draw(date_text(draw(st.booleans())))}", "language: fr", "kind: news",
                 f"author: {q(draw(TEXT))}", f"notes: {q(draw(MARKDOWN))}", f"url: https://example.org/{source_id}"]
        if draw(st.booleans()):
            archives[source_id] = draw(ARCHIVE_WORDS)
            files[f"content/sources/{source_id}.txt"] = " ".join(archives[source_id])
            lines.append(f"archive: {source_id}.txt")
        files[f"content/sources/{source_id}.yaml"] = "\n".join(lines) + "\n"
    claims: dict[str, list[str]] = {}
    for sheet_id, count in zip(sheets, n_claims, strict=True):
        claims[sheet_id] = [next(claim_ids) for _ in range(count)]
        files[f"content/sheets/{sheet_id}.yaml"] = draw(sheet_text(claims[sheet_id], sources, archives))
    for page_id in pages:
        order = f"order: {draw(st.integers(-5, 5))}\n" if draw(st.booleans()) else ""
        files[f"content/pages/{page_id}.md"] = f"---\ntitle: {q(draw(TEXT))}\n{order}---\n{draw(PAGE_BODY)}\n"
    return Tree(files, claims)


@st.composite
def sheet_text(draw: st.DrawFn, claim_ids: list[str], sources: list[str], archives: dict[str, list[str]]) -> str:
    lines = [f"title: {q(draw(TEXT))}", f"summary: {q(draw(MARKDOWN))}", f"updated: {draw(date_text(True))}",
             "sections:", "  - id: partie", f"    heading: {q(draw(TEXT))}", f"    intro: {q(draw(MARKDOWN))}",
             "    claims:"]
    for claim_id in claim_ids:
        status = draw(st.sampled_from(["confirmed", "reported", "disputed", "denied"]))
        lines += [f"      - id: {claim_id}", f"        text: {q(draw(MARKDOWN))}", f"        status: {status}"]
        status_line = len(lines) - 1
        if draw(st.booleans()):
            lines.append(f"        date: {draw(date_text(draw(st.booleans())))}")
        if draw(st.booleans()):
            lines.append(f"        actor: {q(draw(TEXT))}")
        if draw(st.booleans()):
            value = draw(st.integers(-(10**18) + 1, 10**18 - 1))
            lines.append(f"        figure: {{key: {draw(st.sampled_from(['a', 'b']))}, value: {value}, "
                         f"qualifier: about, by: {q(draw(TEXT))}}}")
        others = [c for c in claim_ids if c != claim_id]
        if others and draw(st.booleans()):
            lines.append(f"        conflicts_with: [{draw(st.sampled_from(others))}]")
        lines.append("        sources:")
        cited = draw(st.lists(st.sampled_from(sources), min_size=1, max_size=2))
        if status == "confirmed" and len(set(cited)) < 2:  # confirmed needs two independent origins
            lines[status_line] = "        status: reported"
        for source_id in cited:
            lines.append(f"          - source: {source_id}")
            if source_id in archives:
                words = archives[source_id]
                start = draw(st.integers(0, len(words) - 1))
                end = draw(st.integers(start + 1, len(words)))
                if " ".join(words[start:end]).strip():
                    lines.append(f"            quote: {q(' '.join(words[start:end]))}")
                else:  # a run of paragraph breaks only: quote the whole archive instead
                    lines.append(f"            quote: {q(' '.join(words))}")
            if draw(st.booleans()):
                lines.append(f"            note: {q(draw(TEXT))}")
    return "\n".join(lines) + "\n"


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def assert_reported(run: Run, files: dict[str, str | bytes]) -> list[str]:
    """Exit 1 with only well-formed problem lines about the project's files; their paths."""
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    *problems, summary = run.err.splitlines()
    assert summary.startswith("build failed: "), run.err
    blamed = []
    for line in problems:
        match = PROBLEM_LINE.match(line)
        assert match, line
        blamed.append(match.group(1))
    assert set(blamed) <= set(files) | {"content/sheets"}, run.err
    return blamed


def assert_site_complete(out: Path, tree: Tree) -> None:
    assert broken_links(out, "/p/") == []
    for sheet_id, claim_ids in tree.claims.items():
        assert set(claim_ids) <= parse(out / sheet_id / "index.html").ids


@SETTINGS
@given(trees())
def test_valid_content_builds_and_every_link_resolves(tree: Tree) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root, out = write(Path(tmp) / "p", tree.files), Path(tmp) / "out"
        run = run_build(root, out)
        assert run.code == 0, run.err
        assert_site_complete(out, tree)


# Each breaks a chosen file in a way the build must refuse, and says which files may be blamed.
Breaker = Callable[[dict[str, str | bytes], str], tuple[dict[str, str | bytes], set[str]]]


def _append(text: str) -> Breaker:
    return lambda files, name: ({**files, name: str(files[name]) + text}, {name})


def _replace_line(prefix: str, new: str) -> Breaker:
    def apply(files: dict[str, str | bytes], name: str) -> tuple[dict[str, str | bytes], set[str]]:
        lines = str(files[name]).split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith(prefix))
        lines[at:at + 1] = [new] if new else []
        return {**files, name: "\n".join(lines)}, {name}
    return apply


def _bytes(data: bytes) -> Breaker:
    return lambda files, name: ({**files, name: str(files[name]).encode("utf-8") + data}, {name})


def _copy_as(new_name: str) -> Breaker:
    """A second copy of a sheet: every claim id is used twice."""
    return lambda files, name: ({**files, new_name: files[name]}, {name, new_name})


YAML_BREAKERS: dict[str, Breaker] = {
    "unknown key": _append("zzz-unknown: 1\n"),
    "duplicate key": _append("title: encore\n"),
    "missing key": _replace_line("title: ", ""),
    "unclosed quote": _append('zzz: "pas fini\n'),
    "tab indentation": _append("zzz:\n\t- 1\n"),
    "deep nesting": _append("zzz: " + "[" * 40 + "]" * 40 + "\n"),
    "anchor": _append("zzz: &ancre 1\n"),
    "python tag": _append("zzz: !!python/object/apply:os.system [ls]\n"),
    "invalid UTF-8": _bytes(b"zzz: caf\xe9\n"),
    "NUL byte": _bytes(b"\x00"),
    "control character": _append("zzz: a\x07b\n"),
    "empty": lambda files, name: ({**files, name: ""}, {name}),
    "binary": lambda files, name: ({**files, name: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, {name}),
}
SHEET_BREAKERS: dict[str, Breaker] = {
    "impossible date": _replace_line("updated: ", "updated: 2023-02-29"),
    "text for date": _replace_line("updated: ", "updated: hier"),
    "unknown source": _replace_line("          - source: ", "          - source: source-inconnue"),
    "number for text": _replace_line("title: ", "title: 1984"),
    "list for mapping": _replace_line("    claims:", "    claims: [1, 2]"),
    "bad claim id": _replace_line("      - id: ", "      - id: Pas_Valide"),
    "claim ids twice": _copy_as("content/sheets/zz-copie.yaml"),
}


@SETTINGS
@given(trees(), st.data())
def test_broken_content_is_reported_and_the_previous_site_kept(tree: Tree, data: st.DataObject) -> None:
    yaml_files = sorted(name for name in tree.files if name.endswith(".yaml"))
    sheets = [name for name in yaml_files if name.startswith("content/sheets/")]
    kind = data.draw(st.sampled_from(sorted(YAML_BREAKERS) + sorted(SHEET_BREAKERS)), label="breaker")
    breaker = YAML_BREAKERS.get(kind) or SHEET_BREAKERS[kind]
    name = data.draw(st.sampled_from(yaml_files if kind in YAML_BREAKERS else sheets), label="file")
    broken, blamable = breaker(tree.files, name)
    with tempfile.TemporaryDirectory() as tmp:
        root, out = write(Path(tmp) / "p", tree.files), Path(tmp) / "out"
        assert run_build(root, out).code == 0
        before = tree_bytes(out)
        write(root, broken)
        blamed = assert_reported(run_build(root, out), broken)
        assert blamable & set(blamed), f"{kind} in {name}: blamed {blamed}"
        assert tree_bytes(out) == before
        assert sorted(p.name for p in Path(tmp).iterdir()) == ["out", "p"]


def base_path(root: Path) -> str:
    """The path of the base URL that the project's site.yaml gives now."""
    settings = yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8"))
    return urlsplit(str(settings["base_url"])).path


@SETTINGS
@given(trees(), st.data())
def test_random_damage_is_built_or_reported_never_a_crash(tree: Tree, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(tree.files)), label="file")
    content = tree.files[name]
    original = content if isinstance(content, bytes) else content.encode("utf-8")
    start = data.draw(st.integers(0, len(original)), label="start")
    end = data.draw(st.integers(start, min(len(original), start + 8)), label="end")
    damaged = original[:start] + data.draw(st.binary(max_size=8), label="bytes") + original[end:]
    with tempfile.TemporaryDirectory() as tmp:
        root, out = write(Path(tmp) / "p", tree.files), Path(tmp) / "out"
        assert run_build(root, out).code == 0
        before = tree_bytes(out)
        write(root, {name: damaged})
        run = run_build(root, out)
        event("built" if run.code == 0 else "reported")
        if run.code == 0:  # damage may have changed the base URL and still be valid
            assert broken_links(out, base_path(root)) == []
        else:
            assert_reported(run, tree.files)
            assert tree_bytes(out) == before
