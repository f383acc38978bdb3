"""Page keys that hold across processes: which pages of the previous build can stay as they are.

A page's key is a digest of what decides its bytes: the engine's version, the templates,
the interface's catalogs, the site-wide chrome (settings, header and footer links), its template's name and its
`Job.inputs` (site/plan.py decides those). The live preview compares inputs as objects in
memory; a new process cannot, so here the inputs are pickled and hashed, with every sheet,
claim, source and page that came from a content file replaced by the digests of the files
its parse read (diskcache.py knows them): a one-claim edit changes the key of exactly the
pages that show something of the edited sheet.

Equal keys mean equal inputs (a token names one parse of given bytes by one engine); equal
inputs may give different keys only if the same values are shared differently in memory,
which costs a render, never a wrong page.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..content.model import Site
from ..site.plan import Job, chrome

Parse = tuple[tuple[str, bytes | None], ...]  # the files a parse read: (relative path, digest)


class _TokenPickler(pickle.Pickler):
    """Pickles a page's inputs, with content objects replaced by their tokens."""

    def __init__(self, file: io.BytesIO, tokens: dict[int, bytes]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.tokens = tokens

    def persistent_id(self, obj: Any) -> bytes | None:
        return self.tokens.get(id(obj))


class PageKeys:
    """The key of each page of one build, and whether the page already in the output has it."""

    def __init__(self, site: Site, parsed: dict[str, Parse], templates: bytes, engine: str,
                 previous: dict[str, str], language: str = "", words: str = "") -> None:
        """`parsed`: what the disk cache knows of this build's parses (content file -> the
        digests of the files its parse read); `templates`: the templates' digest
        (`templates_digest`); `previous`: output file -> key, of the pages the output holds
        as recorded. `language`: for another edition than the original's, its language (its
        sheets, sources and pages are made of their translation's file too). `words`: the
        interface's language and a digest of its catalogs (site/i18n.Formatter.tag)."""
        self.site = site  # the objects the tokens name stay alive while keys are made
        self.tokens = _tokens(site, parsed, language)
        self.previous = previous
        self.keys: dict[str, str] = {}  # output file -> key, of every page made or kept
        base = hashlib.blake2b(engine.encode(), digest_size=16)
        base.update(templates)
        base.update(words.encode())
        base.update(self.pickled(chrome(site)))
        self.base = base.digest()

    def pickled(self, value: Any) -> bytes:
        file = io.BytesIO()
        _TokenPickler(file, self.tokens).dump(value)
        return file.getvalue()

    def unchanged(self, name: str, job: Job) -> bool:
        """Whether the page `name` (an output file) already in the output was made from the
        same inputs; records its key either way."""
        key = hashlib.blake2b(self.base, digest_size=16)
        key.update(job.template.encode() + b"\0")
        try:
            key.update(self.pickled(job.inputs))
        except (pickle.PicklingError, TypeError, AttributeError):
            return False  # inputs that cannot be pickled have no key: always rendered
        self.keys[name] = found = key.hexdigest()
        return self.previous.get(name) == found

    def entry_key(self, claim: Any, depth: int, fixes: Any) -> bytes | None:
        """The key of a claim's entry in a view across processes (site/fragments.py): the
        claim's token, the depth of the page and the right versions shown beside it, on top
        of what every page's key holds; None: the claim has no token."""
        if (token := self.tokens.get(id(claim))) is None:
            return None
        digest = hashlib.blake2b(self.base, digest_size=16)
        digest.update(b"claim_ref\0" + token + depth.to_bytes(4, "little"))
        digest.update(self.pickled(fixes))
        return digest.digest()

    def forget(self, names: Iterable[str]) -> None:
        """Files that are not the pages' own (a static file took their place): no key kept."""
        for name in names:
            self.keys.pop(name, None)


def _tokens(site: Site, parsed: dict[str, Parse], language: str = "") -> dict[int, bytes]:
    """id(object) -> token, for each sheet, claim, source and page whose file's parse is known
    (in another edition: and its translation's file's, known or absent)."""
    tokens: dict[int, bytes] = {}
    translated = {"content/sheets/": "sheets/", "content/sources/": "sources/", "content/pages/": "pages/"}

    def token(path: str) -> bytes | None:
        inputs = parsed.get(path)
        if inputs is None:
            return None
        made = repr(inputs)
        if language:
            folder = next(folder for prefix, folder in translated.items() if path.startswith(prefix))
            name = path.rsplit("/", 1)[1]
            made += f" {language} " + repr(parsed.get(f"content/translations/{language}/{folder}{name}"))
        return hashlib.blake2b(made.encode(), digest_size=16).digest()

    for sheet in site.sheets:
        found = token(sheet.location.path)
        if found is not None:
            tokens[id(sheet)] = found
            for n, claim in enumerate(sheet.claims()):
                tokens[id(claim)] = found + n.to_bytes(4, "little")
    for source in site.sources.values():
        if (found := token(source.location.path)) is not None:
            tokens[id(source)] = found
    for page in site.pages:
        if (found := token(page.location.path)) is not None:
            tokens[id(page)] = found
    return tokens


def templates_digest(template_dirs: list[Path]) -> bytes:
    """One digest of every template file (name and bytes), in lookup order."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in template_dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()
