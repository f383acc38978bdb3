"""Add a source from a saved web page: content/sources/<id>.txt (its article) and <id>.yaml (metadata).

The page is read by savedpage.py; this module chooses the id, writes the metadata as YAML
(each field the page does not give as a commented placeholder, so that the build reports
the required ones until an editor fills them) and writes both files, or neither.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..content import schema
from ..content.fieldtypes import is_id
from .savedpage import Page, PageError, read_page

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../explainer/schemas/source.schema.json"
FIELDS = ("outlet", "title", "published", "language", "author", "url", "kind")
_PLACEHOLDERS = {
    "outlet": '"OUTLET"', "title": '"TITLE"', "published": "YYYY-MM-DD", "language": "fr",
    "author": '"AUTHOR"', "url": '"https://…"', "kind": "KIND",
}
_REQUIRED = {spec.name: spec.required for spec in schema.SOURCE.fields}
# Line breaks and runs of spaces in metadata become one space; no-break spaces stay.
_LOOSE_SPACE = re.compile(r"[\t\n\r\f\v\x85\u2028\u2029]+| {2,}")


@dataclass(frozen=True, slots=True)
class InputProblem:
    """Why nothing was written, reported as `path: message`."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class AddedSource:
    """What `add_source` did: the files written, the metadata found and missing, or the problems."""

    source_id: str | None
    written: tuple[str, ...] = ()  # paths relative to the project's root
    found: tuple[tuple[str, str], ...] = ()  # (field, value) in the order of the file
    missing: tuple[str, ...] = ()  # fields left as commented placeholders
    paragraphs: int = 0
    problems: tuple[InputProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def missing_required(self) -> tuple[str, ...]:
        return tuple(name for name in self.missing if _REQUIRED[name])


def add_source(root: Path, html_path: Path, source_id: str | None = None, url: str | None = None) -> AddedSource:
    """Make content/sources/<id>.txt and <id>.yaml under `root` from the saved page `html_path`.

    The id defaults to `<outlet-slug>-<yyyy-mm-dd>`; `url` overrides the page's own. Nothing
    is written when anything is wrong, and an existing file is never replaced.
    """
    root = Path(root)
    problems = _option_problems(source_id, url)
    if problems:
        return AddedSource(source_id, problems=tuple(problems))
    try:
        page = read_page(Path(html_path))
    except PageError as error:
        return AddedSource(source_id, problems=(InputProblem(str(html_path), str(error)),))
    values = _metadata(page, url)
    if source_id is None:
        source_id, problem = default_id(values, str(html_path))
        if problem:
            return AddedSource(None, problems=(problem,))
    assert source_id is not None
    taken = [name for name in (f"{source_id}.yaml", f"{source_id}.txt") if _exists(root / "content" / "sources" / name)]
    if taken:
        return AddedSource(source_id, problems=tuple(
            InputProblem(f"content/sources/{name}", "already exists: choose another id with --id "
                                                    "(an existing source or archive is never replaced)")
            for name in taken))
    archive = "\n\n".join(page.paragraphs) + "\n"
    files = {f"content/sources/{source_id}.txt": archive,
             f"content/sources/{source_id}.yaml": source_yaml(values, f"{source_id}.txt")}
    problem = _write_all(root, files)
    if problem:
        return AddedSource(source_id, problems=(problem,))
    return AddedSource(
        source_id, written=tuple(files),
        found=tuple((name, values[name]) for name in FIELDS if name in values),
        missing=tuple(name for name in FIELDS if name not in values),
        paragraphs=len(page.paragraphs))


def _option_problems(source_id: str | None, url: str | None) -> list[InputProblem]:
    problems = []
    if source_id is not None and not is_id(source_id):
        problems.append(InputProblem("--id", f"'{source_id}' is not a valid id: lowercase ASCII letters, "
                                             "digits and hyphens, starting with a letter or a digit"))
    if url is not None and not re.fullmatch(r"https?://[^\s/]+\S*", url):
        problems.append(InputProblem("--url", f"'{url}' is not an http(s) URL"))
    return problems


def _metadata(page: Page, url: str | None) -> dict[str, str]:
    """The fields the page gives, cleaned up and valid for the schema (others are left out)."""
    values = {"outlet": page.outlet, "title": page.title, "published": page.published, "language": page.language,
              "author": page.author, "url": url or page.url, "kind": page.kind}
    cleaned = {name: _LOOSE_SPACE.sub(" ", value).strip() for name, value in values.items() if value}
    if "published" in cleaned and not _is_date(cleaned["published"]):
        del cleaned["published"]
    if cleaned.get("kind") not in schema.SOURCE_KINDS:
        cleaned.pop("kind", None)
    return {name: value for name, value in cleaned.items() if value}


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text))


def slug(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: `L'Écho des Combes` → `l-echo-des-combes`."""
    bare = "".join(char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")


def default_id(values: dict[str, str], page_path: str) -> tuple[str | None, InputProblem | None]:
    """`<outlet-slug>-<yyyy-mm-dd>`, or a problem asking for --id when the page lacks either."""
    outlet = slug(values.get("outlet", ""))
    lacking = [what for what, value in (("publication date", values.get("published")), ("outlet name", outlet))
               if not value]
    if lacking:
        return None, InputProblem(page_path, f"the page gives no {' and no '.join(lacking)} to make the default id "
                                             "(OUTLET-YYYY-MM-DD) from: choose an id with --id")
    return f"{outlet}-{values['published']}", None


def source_yaml(values: dict[str, str], archive: str) -> str:
    """The source's YAML: the schema comment, then each field, or a commented placeholder for it."""
    lines = [SCHEMA_COMMENT]
    for name in FIELDS:
        if name in values:
            lines.append(f"{name}: {_yaml_value(name, values[name])}")
            continue
        todo = "fill in" if _REQUIRED[name] else "fill in, or delete this line"
        if name == "kind":
            todo = "fill in one of " + ", ".join(schema.SOURCE_KINDS)
        lines.append(f"# {name}: {_PLACEHOLDERS[name]}  # not found in the page: {todo}")
    lines.append(f"archive: {archive}")
    return "\n".join(lines) + "\n"


def _yaml_value(name: str, value: str) -> str:
    if name in ("published", "language", "kind"):  # checked above: a date, a language tag, a kind
        return value
    # A JSON string is a YAML double-quoted scalar: titles may hold colons, quotes, « » or #.
    return json.dumps(value, ensure_ascii=False)


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _write_all(root: Path, files: dict[str, str]) -> InputProblem | None:
    """Create every file (never replacing one), or none: a failure removes those already made."""
    made: list[Path] = []
    try:
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as file:
                made.append(path)
                file.write(text)
    except OSError as error:
        for path in made:
            path.unlink(missing_ok=True)
        where = Path(error.filename) if error.filename else root / "content" / "sources"
        shown = where.relative_to(root).as_posix() if where.is_relative_to(root) else str(where)
        return InputProblem(shown, f"cannot write: {error.strerror or error}")
    return None
