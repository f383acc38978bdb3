"""Synthetic corpora for the benchmarks, generated once into bench/.corpora/ (git-ignored)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
GENERATOR = HERE / "gen_corpus.py"  # the team's corpus generator, which defines the benchmark corpora
CACHE = HERE / ".corpora"
FIGURE_KEY = re.compile(r"^\s+key: \"?([a-z0-9][a-z0-9-]*)\"?\s*$", re.MULTILINE)


def corpus(sheets: int) -> Path:
    """The corpus of `sheets` sheets, generating it on first use."""
    folder = CACHE / str(sheets)
    if not (folder / "site.yaml").is_file():
        if not GENERATOR.is_file():
            sys.exit(f"cannot find the corpus generator at {GENERATOR}")
        print(f"generating the {sheets}-sheet corpus…", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(GENERATOR), "--sheets", str(sheets), "--out", str(folder)],
                       check=True, stdout=subprocess.DEVNULL)
    if "\nfigures:" not in (folder / "site.yaml").read_text(encoding="utf-8"):  # also corpora made before
        declare_figures(folder)
    if not (folder / STATUSES_CHECKED).exists():  # also corpora made before
        print(f"applying the status rule to the {sheets}-sheet corpus…", flush=True)
        apply_status_rule(folder)
        (folder / STATUSES_CHECKED).touch()
    return folder


STATUSES_CHECKED = ".statuses-checked"  # a marker: the corpus went through `apply_status_rule`


def apply_status_rule(folder: Path) -> int:
    """Make `reported` each generated claim that `confirmed` does not fit.

    The generator predates the rule that `confirmed` needs two independent origins or a
    party's own publication (a source of kind official or state-media): about one claim in
    ten it marks confirmed cites a single source of another kind, which the build refuses.
    The engine's own check finds them; their status line is rewritten here, after it ran.
    """
    sys.path.insert(0, str(PROJECT))
    from explainer.api import check

    lines_by_file: dict[str, list[int]] = {}
    for problem in check(folder).problems:
        if "is confirmed, but its sources give" in problem.message:
            lines_by_file.setdefault(problem.location.path, []).append(problem.location.line)
    for name, numbers in lines_by_file.items():
        path = folder / name
        lines = path.read_text(encoding="utf-8").split("\n")
        for number in numbers:
            lines[number - 1] = lines[number - 1].replace("status: confirmed", "status: reported")
        path.write_text("\n".join(lines), encoding="utf-8")
    return sum(len(numbers) for numbers in lines_by_file.values())


def declare_figures(folder: Path) -> None:
    """Declare the generated sheets' figure keys under `figures:` in site.yaml.

    The generator predates the declaration (it writes keys `figure-0` … `figure-N` that
    site.yaml does not declare, which the build now refuses) and cannot be changed: the
    keys its sheets use are declared here, after it ran.
    """
    keys = sorted({match.group(1) for path in (folder / "content" / "sheets").glob("*.yaml")
                   for match in FIGURE_KEY.finditer(path.read_text(encoding="utf-8"))},
                  key=lambda key: (len(key), key))
    if not keys:
        return
    lines = ["figures:"]
    for key in keys:
        lines += [f"  {key}:", f'    label: "Chiffre {key.removeprefix("figure-")}"',
                  '    counts: "Un chiffre synthétique du corpus de mesure."', "    unit: unités"]
    with (folder / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("\n".join(lines) + "\n")


def working_copy(source: Path, target: Path) -> Path:
    """A fresh copy of a project (benchmarks edit files), without its output folder."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("_site", ".venv", ".git", "node_modules", "bench",
                                                                  "tests", ".*"))
    return target


def with_english_edition(source: Path, target: Path) -> Path:
    """A copy of a project with an English edition of every sheet, page and figure (texts
    marked, fingerprints current): the same site in two editions, for the benchmarks."""
    sys.path.insert(0, str(PROJECT))
    from explainer.api import check
    from explainer.content.fingerprints import of_claim, of_correction, of_page, of_sheet

    root = working_copy(source, target)
    site = check(root).site
    assert site is not None, "the corpus does not load"
    with (root / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write('translations:\n  en:\n    title: "The synthetic corpus"\n'
                       '    description: "A synthetic corpus in two editions."\n')
    folder = root / "content" / "translations" / "en"
    (folder / "sheets").mkdir(parents=True)
    (folder / "pages").mkdir()

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    for sheet in site.sheets:
        lines = [f"title: {q('EN ' + sheet.title)}", f"of: {q(of_sheet(sheet))}",
                 f"summary: {q('EN ' + sheet.summary)}", "sections:"]
        for section in sheet.sections:
            lines += [f"  {section.id}:", f"    heading: {q('EN ' + section.heading)}"]
            if section.intro is not None:
                lines.append(f"    intro: {q('EN ' + section.intro)}")
        lines.append("claims:")
        for claim in sheet.claims():
            quotes = ", ".join(q("EN " + (citation.quote or "")) for citation in claim.citations)
            lines += [f"  {claim.id}:", f"    text: {q('EN ' + claim.text)}", f"    of: {q(of_claim(claim))}",
                      f"    quotes: [{quotes}]"]
        if sheet.corrections:
            lines.append("corrections:")
            lines += [f"  - of: {q(of_correction(c))}\n    text: {q('EN ' + c.text)}" for c in sheet.corrections]
        (folder / "sheets" / f"{sheet.id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for page in site.pages:
        (folder / "pages" / f"{page.id}.md").write_text(
            f"---\ntitle: {q('EN ' + page.title)}\nof: {q(of_page(page))}\n---\nEN {page.body}", encoding="utf-8")
    figures = "".join(f"  {kind.key}:\n    label: {q('EN ' + kind.label)}\n    counts: {q('EN ' + kind.counts)}\n"
                      f"    unit: units\n" for kind in site.settings.figures)
    (folder / "site.yaml").write_text(f"figures:\n{figures}" if figures else "", encoding="utf-8")
    return root
