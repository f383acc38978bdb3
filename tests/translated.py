"""The minimal project (conftest.BASE) with an English edition: its settings and the
translation of its sheet `s`, for the tests of editions and translations."""

from __future__ import annotations

from conftest import BASE

from explainer.content.fingerprints import fingerprint

SITE = BASE["site.yaml"] + "translations:\n  en:\n    title: T en\n    description: D en\n"


def of_claim(text: str, *quotes: str) -> str:
    """A claim's fingerprint (docs/content-format.md): its text, each citation's quote and note
    (none here), its actor and its figure's `by` (none here)."""
    return fingerprint("claim", text, *(part for quote in quotes for part in (quote, "")), "", "")


# The fingerprint of BASE's claim c1.
C1 = of_claim("Un fait.", 'une "aide immédiate"')
TRANSLATED = f'''title: S en
summary: Summary.
sections:
  a:
    heading: H en
claims:
  c1:
    text: A fact.
    of: "{C1}"
    quotes: ["an “immediate aid”"]
'''
