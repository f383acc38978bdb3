"""Hostile text in every field ends up inert: shown as text, never as markup or script.

Checked by parsing the output (HTML with the standard library's parser, the sitemap as
XML), against a twin project with harmless text in the same fields: the hostile build
may contain no element, attribute or URL scheme the harmless one does not.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

from badinputs import run_build
from conftest import PROJECT
from contentgen import q
from htmlcheck import Page, html_files, parse

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "'><iframe src=javascript:alert(4)></iframe>",
    "</textarea><script>alert(5)</script>",
    "</title><script>alert(6)</script>",
    "</style><script>alert(7)</script>",
    "<!-- <script>alert(8)</script> -->",
    '<a href="javascript:alert(9)">raw link</a>',
    "[md](javascript:alert(10))",
    "[md](JaVaScRiPt:alert(11))",
    "[md](java\tscript:alert(12))",
    "[md](java&#9;script:alert(23)) [md](jav&#x61;script:alert(24)) [md](java&#10;script:alert(25))",
    "[md](javascript&colon;alert(26)) [md]( javascript:alert(27)) [md](<javascript:alert(28)>)",
    '<http://example.org/"onmouseover="alert(29)>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMyk8L3NjcmlwdD4=)",
    "![img](javascript:alert(14))",
    "![img](data:image/svg+xml,<svg onload=alert(15)>)",
    "<javascript:alert(16)>",
    "[ref][r]\n\n[r]: javascript:alert(17)",
    '<div onclick="alert(18)">raw block</div>',
    "&lt;script&gt;alert(19)&lt;/script&gt;",
    "<meta http-equiv=refresh content=0;url=https://evil.example/>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<base href=//evil.example/>",
    "]]><script>alert(20)</script>",
    "{{ 7 * 7 }} {% raw %}",
]
HOSTILE = "\n\n".join(PAYLOADS)
HARMLESS = "Un texte *simple* avec [un lien](https://example.org/) et un `code`."
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "background", "cite",
                  "xlink:href", "ping"}


def project_with(root: Path, text: str, base_url: str) -> Path:
    """A project whose every free-text field (Markdown or not) holds `text`."""
    t = q(text)
    files = {
        "site.yaml": f"title: {t}\ndescription: {t}\nlanguage: fr\nbase_url: {q(base_url)}\n"
                     f"archive:\n  publish: true\nfigures:\n  k:\n    label: {t}\n    counts: {t}\n    unit: {t}\n",
        "content/sources/src.yaml": f"outlet: {t}\ntitle: {t}\npublished: 2024-11-06\nlanguage: fr\nauthor: {t}\n"
                                    f"kind: news\narchive: src.txt\nnotes: {t}\norigin: {{wire: {t}}}\n"
                                    f"url: {q('https://example.org/?q=' + chr(34) + '><script>alert(21)</script>')}\n",
        "content/sources/src.txt": f"Début. {text}\n\nFin.\n",
        "content/sheets/s.yaml": (
            f"title: {t}\nsummary: {t}\nupdated: 2024-11-07\nsections:\n  - id: a\n    heading: {t}\n"
            f"    intro: {t}\n    claims:\n      - id: c1\n        text: {t}\n        status: inexact\n"
            f"        actor: {t}\n        date: 2024-11-06\n        conflicts_with: [c2]\n        corrected_by: [c2]\n"
            f"        figure: {{key: k, value: 1, qualifier: exact, by: {t}}}\n"
            f"        sources:\n          - source: src\n            quote: {t}\n            note: {t}\n"
            f"      - id: c2\n        text: {t}\n        status: denied\n        actor: {t}\n"
            f"        figure: {{key: k, value: 2, qualifier: about, by: {t}}}\n"
            f"        sources:\n          - source: src\n            quote: {q('Fin.')}\n"
            f"corrections:\n  - date: 2024-11-08\n    text: {t}\n    claims: [c1]\n"
        ),
        "content/pages/p.md": f"---\ntitle: {t}\n---\n{text}\n",
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(content, encoding="utf-8")
    return root


class ScriptPage(Page):
    """A page that also keeps the text inside <script> and <style> elements."""

    def __init__(self, html: str) -> None:
        self.script_text: list[str] = []
        super().__init__(html)

    def handle_data(self, data: str) -> None:
        if self.lasttag in ("script", "style") and self.cdata_elem:
            self.script_text.append(data)
        super().handle_data(data)


def build_site(tmp_path: Path, name: str, text: str, base_url: str) -> Path:
    out = tmp_path / f"{name}-site"
    run = run_build(project_with(tmp_path / name, text, base_url), out)
    assert run.code == 0, run.err
    return out


def markup_of(site: Path) -> set[tuple[str, str]]:
    """Every (element, attribute) pair of a site's pages, with (element, '') for each element."""
    pairs = set()
    for path in html_files(site):
        for tag, attrs in parse(path).tags:
            pairs |= {(tag, "")} | {(tag, name) for name in attrs}
    return pairs


def scheme(url: str) -> str:
    """The scheme a browser sees: it drops tabs and line breaks anywhere ("java\tscript:"),
    and control characters and spaces at both ends."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else ""


def test_hostile_text_in_every_field_is_inert(tmp_path: Path) -> None:
    harmless = build_site(tmp_path, "harmless", HARMLESS, "https://example.org/t/")
    hostile = build_site(tmp_path, "hostile", HOSTILE, 'https://example.org/t/?"><script>alert(22)</script>/')
    pages = html_files(hostile)
    assert len(pages) == len(html_files(harmless)) >= 9

    assert markup_of(hostile) <= markup_of(harmless), markup_of(hostile) - markup_of(harmless)
    for path in pages:
        page = ScriptPage(path.read_text(encoding="utf-8"))
        where = path.relative_to(hostile).as_posix()
        # The only scripts: our own file, and data blocks, JSON-LD and the interface's text for
        # site.js (never run, and unable to end their element: tojson writes "<" as \u003c).
        scripts = page.find("script")
        ours = [s for s in scripts if set(s) == {"src", "data-root", "defer"}
                and urlsplit(s["src"] or "").path.endswith("site.js")
                and not any(scheme(s[name] or "") or urlsplit(s[name] or "").netloc for name in ("src", "data-root"))]
        data_blocks = [s for s in scripts if s in ({"type": "application/ld+json"},
                                                   {"type": "application/json", "id": "interface-text"})]
        assert len(ours) == 1 and len(ours) + len(data_blocks) == len(scripts), f"{where}: {scripts}"
        assert len(page.script_text) == len(data_blocks), where
        for text in page.script_text:
            assert "<" not in text and json.loads(text), where
        assert not [name for _, attrs in page.tags for name in attrs if name.startswith("on")], where
        for tag, attrs in page.tags:
            for name, value in attrs.items():
                if name in URL_ATTRIBUTES and value is not None:
                    assert scheme(value) in ("", "http", "https", "mailto"), f"{where}: <{tag} {name}={value!r}>"
                    if tag != "a" and attrs.get("rel") != "canonical":  # resources load from the site only
                        assert not urlsplit(value).netloc, f"{where}: <{tag} {name}={value!r}>"
        assert [a.get("content") for a in page.find("meta") if a.get("http-equiv")] == [CSP], where

    sheet = parse(hostile / "s/index.html").text
    for shown in ("<script>alert(1)</script>", '<div onclick="alert(18)">raw block</div>', "{{ 7 * 7 }}"):
        assert shown in sheet  # shown as text, not dropped

    sitemap = ElementTree.parse(hostile / "sitemap.xml").getroot()  # well-formed despite ]]> and quotes
    assert sitemap.tag.endswith("urlset") and not [e for e in sitemap.iter() if e.tag.endswith("script")]


def test_every_page_carries_the_content_security_policy(built_demo: Path) -> None:
    for path in html_files(built_demo):
        page = parse(path)
        policies = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
        assert [p["content"] for p in policies] == [CSP], path
        assert "'unsafe-inline'" not in CSP and "'unsafe-eval'" not in CSP


def test_no_template_turns_escaping_off() -> None:
    for template in sorted((PROJECT / "templates").iterdir()):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b", text), f"{template.name} uses |safe"
        assert not re.search(r"autoescape\s+false", text), f"{template.name} turns autoescape off"
