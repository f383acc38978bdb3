"""`build.py new DIR`: a small project to start a new explainer from, that builds with no warning.

It holds what every explainer has: site settings, one source with its archived text, one
sheet with a claim whose quote is found in that text, and the about and method pages, in
the language asked for where the engine has its starter texts (French and English; another
language gets the English texts, to translate, and `language:` set to it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..content.fieldtypes import is_language_tag
from ..site.layout import DEFAULTS

# The starter texts, by language: what each file says. `{language}` is the tag asked for.
_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "A new explainer",
        "description": "An explainer where every claim links to the passage of the article it rests on.",
        "outlet": "The Example Gazette",
        "headline": "The council approves the new bridge",
        "archive": "The council approves the new bridge\n\nOn Tuesday the town council approved the new bridge "
                   "over the river, by 21 votes to 4.\n\nWork should start in the spring, the mayor said.\n",
        "sheet_title": "The bridge",
        "summary": "What the council decided, and when.",
        "heading": "The vote",
        "claim": "According to the Example Gazette, the town council approved the new bridge by 21 votes to 4.",
        "quote": "the town council approved the new bridge over the river, by 21 votes to 4",
        "about_title": "About",
        "about": "This site explains a story claim by claim. Each claim links to the exact passage of the "
                 "article it rests on, and the build checks that the passage is there.\n",
        "method_title": "Method",
        "method": "Each claim carries a status: **confirmed** when at least two independent origins carry "
                  "it, or a party's own publication; **reported** when one or more sources report it, short "
                  "of that; **disputed** when sources disagree about the same fact; **denied** when a party "
                  "denies it; **source error** when a source states it and it is wrong.\n\nEvery quote is "
                  "checked against the archived text of its article before the site is published.\n",
    },
    "fr": {
        "title": "Un nouvel explicatif",
        "description": "Un explicatif où chaque fait renvoie au passage de l’article qui l’établit.",
        "outlet": "La Gazette d’exemple",
        "headline": "Le conseil approuve le nouveau pont",
        "archive": "Le conseil approuve le nouveau pont\n\nMardi, le conseil municipal a approuvé le nouveau "
                   "pont sur la rivière, par 21 voix contre 4.\n\nLes travaux devraient commencer au printemps, "
                   "a indiqué le maire.\n",
        "sheet_title": "Le pont",
        "summary": "Ce que le conseil a décidé, et quand.",
        "heading": "Le vote",
        "claim": "Selon la Gazette d’exemple, le conseil municipal a approuvé le nouveau pont par 21 voix contre 4.",
        "quote": "le conseil municipal a approuvé le nouveau pont sur la rivière, par 21 voix contre 4",
        "about_title": "À propos",
        "about": "Ce site explique une actualité fait par fait. Chaque fait renvoie au passage exact de "
                 "l’article qui l’établit, et la construction du site vérifie que ce passage s’y trouve.\n",
        "method_title": "Méthode",
        "method": "Chaque fait porte un statut : **confirmé** quand au moins deux origines indépendantes le "
                  "rapportent, ou une publication d’une des parties ; **rapporté** quand une ou plusieurs "
                  "sources le rapportent, sans atteindre ce seuil ; **contesté** quand des sources se "
                  "contredisent sur un même fait ; **démenti** quand une partie le dément ; **erreur de la "
                  "source** quand une source l’affirme et que c’est faux.\n\nChaque citation est vérifiée dans "
                  "la copie archivée de son article avant la publication du site.\n",
    },
}


class NewProjectError(Exception):
    """Why the project could not be made (nothing was written)."""


@dataclass(frozen=True, slots=True)
class NewProject:
    folder: Path
    language: str
    texts: str  # the language of the starter texts
    files: tuple[str, ...]


def new_project(folder: Path, language: str = "en") -> NewProject:
    """Write a small project into `folder` (new, or empty) in `language`."""
    if not is_language_tag(language):
        raise NewProjectError(f"'{language}' is not a BCP 47 language tag such as en, fr or pt-BR")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NewProjectError(f"{folder} exists and is not an empty folder: choose a new one")
    primary = language.split("-")[0].lower()
    texts = primary if primary in _TEXTS else "en"
    schemas = os.path.relpath(DEFAULTS / "explainer" / "schemas", folder.resolve() / "content" / "sheets")
    files = _files(_TEXTS[texts], language, Path(schemas).as_posix())
    try:
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "x", encoding="utf-8") as file:
                file.write(text)
    except OSError as exc:
        raise NewProjectError(f"cannot write {folder}: {exc.strerror or exc}") from exc
    return NewProject(folder, language, texts, tuple(files))


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _files(t: dict[str, str], language: str, schemas: str) -> dict[str, str]:
    """The project's files; `schemas`: the engine's JSON Schemas, from a content folder (for editors)."""
    return {
        "site.yaml": f"title: {_q(t['title'])}\ndescription: {_q(t['description'])}\nlanguage: {language}\n"
                     "base_url: https://example.org/\nnav: [sheet]\n",
        "content/sources/gazette-2025-03-04.yaml":
            f"# yaml-language-server: $schema={schemas}/source.schema.json\n"
            f"outlet: {_q(t['outlet'])}\ntitle: {_q(t['headline'])}\npublished: 2025-03-04\n"
            f"language: {language}\nkind: news\narchive: gazette-2025-03-04.txt\n",
        "content/sources/gazette-2025-03-04.txt": t["archive"],
        "content/sheets/sheet.yaml":
            f"# yaml-language-server: $schema={schemas}/sheet.schema.json\n"
            f"title: {_q(t['sheet_title'])}\nsummary: {_q(t['summary'])}\nupdated: 2025-03-05\nsections:\n"
            f"  - id: vote\n    heading: {_q(t['heading'])}\n    claims:\n      - id: council-vote\n"
            f"        text: {_q(t['claim'])}\n        status: reported\n        date: 2025-03-04\n"
            f"        sources:\n          - source: gazette-2025-03-04\n            quote: {_q(t['quote'])}\n",
        "content/pages/about.md": f"---\ntitle: {_q(t['about_title'])}\norder: 1\n---\n{t['about']}",
        "content/pages/methode.md": f"---\ntitle: {_q(t['method_title'])}\norder: 2\n---\n{t['method']}",
        ".gitignore": "_site/\n.cache/\n",
    }
