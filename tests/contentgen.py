"""Generated content trees for tests: a seeded, valid project of any size.

Scalars are written as JSON strings (valid YAML double-quoted scalars, with escapes where
YAML reads characters differently), so the files do not depend on a YAML writer. Quotes
are word-aligned excerpts of the archives and therefore always verify. The property tests
(test_properties.py) draw their trees with Hypothesis instead.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS = ["traité", "défense", "mutuelle", "armée", "troupes", "frontière", "ministre", "gouvernement", "déclaration",
         "ratification", "parlement", "assemblée", "article", "assistance", "militaire", "immédiate", "agression",
         "territoire", "coopération", "sommet", "président", "délégation", "ambassade", "communiqué", "sanctions",
         "région", "sécurité", "renseignement", "munitions", "déploiement", "soldats", "officiers", "manœuvres",
         "province", "commandement", "analyse", "experts", "rapport", "témoignage", "agence", "autorités", "clause"]
# Actors whose collation keys collide (case, accents) test that ordering stays total.
ACTORS = ["Russie", "Corée du Nord", "Élysée", "elysee", "ONU", "Onu", "Kremlin", "Séoul"]
STATUSES = ["confirmed", "reported", "disputed", "denied"]
QUALIFIERS = ["exact", "about", "at-least", "up-to"]
KINDS = ["news", "agency", "blog", "state-media", "official", "analysis"]


def q(text: str) -> str:
    """A YAML double-quoted scalar that reads back as `text`, whatever its characters."""
    return "".join(_escape(c) for c in json.dumps(text, ensure_ascii=False))


def _escape(char: str) -> str:
    # YAML refuses raw control characters and reads U+0085, U+2028 and U+2029 as line
    # breaks (folded away in a scalar): those are written as escapes.
    code = ord(char)
    printable = 0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code > 0xFFFF
    if not printable or code in (0x2028, 0x2029, 0xFEFF):
        return f"\\u{code:04x}"
    return char


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 14))
    if rng.random() < 0.3:
        at = rng.randrange(len(words))
        words[at] = f"« {words[at]} »"
    if rng.random() < 0.3:
        words[0] = "l’" + words[0]
    return " ".join(words).capitalize() + rng.choice([".", ".", " !", "…"])


def archive_text(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(" ".join(sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(paragraphs)) + "\n"


def excerpt(rng: random.Random, text: str) -> str:
    """A run of whole words of `text` (always found by the quote check)."""
    words = text.split()
    start = rng.randrange(max(1, len(words) - 12))
    return " ".join(words[start:start + rng.randint(3, 10)])


def date(rng: random.Random, day: bool = True) -> str:
    month = f"2024-{rng.randint(1, 12):02d}"
    return f"{month}-{rng.randint(1, 28):02d}" if day else month


def big_project(root: Path, sheets: int = 30, claims: int = 20, sources: int = 15, seed: int = 0,
                title: str = "Le site") -> Path:
    """Write a valid project of `sheets` sheets of `claims` claims each under `root`."""
    return write_files(root, project_files(sheets, claims, sources, seed, title))


def write_files(root: Path, files: dict[str, str], order: list[str] | None = None) -> Path:
    """Write `files` under `root`, creating them in `order` (default: as given)."""
    for name in order or list(files):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[name], encoding="utf-8")
    return root


def project_files(sheets: int, claims: int, sources: int, seed: int, title: str) -> dict[str, str]:
    """The files of a generated project, by path."""
    rng = random.Random(seed)
    files: dict[str, str] = {}
    archives: dict[str, str] = {}
    parties: set[str] = set()  # the sources of a party's own (official, state media): they confirm alone
    for n in range(sources):
        source_id = f"source-{n:03d}"
        archived = n != sources - 1  # one source has no archive: its citations are warnings
        lines = [f"outlet: {q(rng.choice(['Agence A', 'Journal B', 'Revue C']))}",
                 f"title: {q(sentence(rng))}", f"published: {date(rng, day=n % 3 != 0)}",
                 "language: fr", f"kind: {(kind := rng.choice(KINDS))}", f"url: https://example.org/{source_id}"]
        if kind in ("official", "state-media"):
            parties.add(source_id)
        if archived:
            archives[source_id] = archive_text(rng, rng.randint(4, 8))
            files[f"content/sources/{source_id}.txt"] = archives[source_id]
            lines.append(f"archive: {source_id}.txt")
        files[f"content/sources/{source_id}.yaml"] = "\n".join(lines) + "\n"
    source_ids = sorted(f"source-{n:03d}" for n in range(sources))
    sheet_ids = [f"fiche-{n:03d}" for n in range(sheets)]
    for sheet_id in sheet_ids:
        files[f"content/sheets/{sheet_id}.yaml"] = _sheet(rng, sheet_id, claims, source_ids, archives, parties)
    files["site.yaml"] = (f"title: {q(title)}\ndescription: {q(sentence(rng))}\nlanguage: fr\n"
                          f"base_url: https://example.org/site/\nnav: [{', '.join(reversed(sheet_ids[:5]))}]\n"
                          "archive:\n  publish: true\nfigures:\n"
                          + "".join(f"  chiffre-{k}:\n    label: {q(f'Chiffre {k}')}\n    counts: {q(sentence(rng))}\n"
                                    "    unit: soldats\n" for k in range(5)))
    files["content/pages/a-propos.md"] = f"---\ntitle: {q('À propos')}\norder: 2\n---\n{sentence(rng)}\n"
    files["content/pages/methode.md"] = f"---\ntitle: {q('Méthode')}\n---\n*{sentence(rng)}*\n"
    return files


def _sheet(rng: random.Random, sheet_id: str, claims: int, source_ids: list[str], archives: dict[str, str],
           parties: set[str]) -> str:
    lines = [f"title: {q(sentence(rng))}", f"summary: {q(sentence(rng))}", f"updated: {date(rng)}", "sections:"]
    claim_ids: list[str] = []
    for section in range(2):
        lines += [f"  - id: partie-{section}", f"    heading: {q(sentence(rng))}", "    claims:"]
        for _ in range(claims // 2):
            claim_id = f"{sheet_id}-c{len(claim_ids):03d}"
            lines += [f"      - id: {claim_id}", f"        text: {q(sentence(rng))}",
                      f"        status: {rng.choice(STATUSES)}"]
            status_line = len(lines) - 1
            if rng.random() < 0.4:
                lines.append(f"        date: {date(rng, day=rng.random() < 0.7)}")
            if rng.random() < 0.4:
                lines.append(f"        actor: {q(rng.choice(ACTORS))}")
            if rng.random() < 0.3:
                lines.append(f"        figure: {{key: chiffre-{rng.randint(0, 4)}, value: {rng.randint(0, 20000)}, "
                             f"qualifier: {rng.choice(QUALIFIERS)}, by: {q(rng.choice(ACTORS))}}}")
            if claim_ids and rng.random() < 0.2:
                lines.append(f"        conflicts_with: [{rng.choice(claim_ids)}]")
            lines.append("        sources:")
            cited = rng.sample(source_ids, rng.randint(1, 3))
            if lines[status_line].endswith("confirmed") and len(cited) < 2 and parties.isdisjoint(cited):
                lines[status_line] = "        status: reported"  # confirmed needs two origins, or a party
            for source_id in cited:
                lines.append(f"          - source: {source_id}")
                if source_id in archives:
                    lines.append(f"            quote: {q(excerpt(rng, archives[source_id]))}")
            claim_ids.append(claim_id)
    return "\n".join(lines) + "\n"
