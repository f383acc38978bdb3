"""The interface in one language: words from gettext catalogs, dates and numbers from CLDR.

Templates and code say their words in English (the msgids, `_("Updated:")`, `N_(...)` in
format.py); a catalog per language gives them in that language:
`locale/<lang>/LC_MESSAGES/messages.po`, the engine's beside its templates, and a project's
own in `ROOT/locale/`, whose messages win over the engine's (layout.locale_dirs). A
language tag looks for its full form's catalog, then its primary language's (`fr-CH`:
`fr_CH`, then `fr`). Catalogs are read as .po files with Babel and compiled in memory:
there are no .mo files to keep in step.

A language with no catalog anywhere has the English words (`has_catalog` is False: the
pipeline warns once) and still its own dates, numbers and plural rules, from CLDR.
"""

from __future__ import annotations

import gettext
import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from ..content.model import PartialDate, Settings
from ..content.problems import Location, Report, shown_path
from . import format as fmt
from .layout import DEFAULTS, locale_dirs

CATALOG = Path("LC_MESSAGES") / "messages.po"


class CatalogError(Exception):
    """A catalog that cannot be read, at its line."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


def catalog_names(language: str) -> list[str]:
    """The catalogs' folder names for a language tag, most specific first: `pt-BR` → pt_BR, pt."""
    parts = language.split("-")
    parts = [parts[0].lower()] + [p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p for p in parts[1:]]
    return list(dict.fromkeys(["_".join(parts), parts[0]]))


def catalog_paths(language: str, dirs: list[Path]) -> list[Path]:
    """The catalogs a language reads, the first one's messages winning: the project's (for
    the full tag, then the primary language) before the engine's."""
    return [path for folder in dirs for name in catalog_names(language)
            if (path := folder / name / CATALOG).is_file()]


def compiled(path: Path, data: bytes) -> gettext.GNUTranslations:
    """A .po file (`path`, read as `data`) as gettext translations, compiled in memory."""
    try:
        catalog = read_po(io.BytesIO(data), locale=_catalog_locale(path.parent.parent.name), abort_invalid=True)
    except PoFileError as exc:
        message = str(exc).rsplit(" on ", 1)[0]  # Babel ends it with " on <line>", 0-based
        raise CatalogError(path, exc.lineno + 1, f"catalog error: {message}") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise CatalogError(path, 1, f"catalog error: {exc}") from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # without fuzzy or untranslated messages: those keep the next catalog's
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _catalog_locale(name: str) -> Locale | None:
    """The locale a catalog folder names (its plural rule when the .po gives none)."""
    try:
        return Locale.parse(name)
    except (ValueError, UnknownLocaleError):
        return None


def chained(catalogs: tuple[tuple[Path, bytes], ...]) -> gettext.NullTranslations:
    """The catalogs (path, bytes) as one: each message from the first that has it, else its English msgid."""
    found: gettext.NullTranslations = gettext.NullTranslations()
    for n, (path, data) in enumerate(catalogs):
        catalog = compiled(path, data)
        if n == 0:
            found = catalog
        else:
            found.add_fallback(catalog)
    return found


def cldr_locale(language: str) -> Locale:
    """The CLDR locale of a language tag: the tag's own, else its primary language's, else English.

    A bare `en` is CLDR's `en_001`, international English (`6 November 2024`), as a bare
    `fr` is France's French; `en-US` gives American dates."""
    for tag in ("en-001" if language.lower() == "en" else language, language.partition("-")[0], "en-001"):
        try:
            return Locale.parse(tag, sep="-")
        except (ValueError, UnknownLocaleError):
            continue
    raise AssertionError("CLDR has en-001")  # pragma: no cover


class Formatter:
    """The words, dates and numbers of one language, for the templates' filters and the site's code."""

    def __init__(self, language: str, words: gettext.NullTranslations | None = None,
                 has_catalog: bool = False, tag: str | None = None) -> None:
        self.language = language
        # What a template compiled with these words depends on (its words are translated at
        # compile time): the language, and its catalogs' bytes (Catalogs.formatter).
        self.tag = tag or language
        self.locale = cldr_locale(language)
        self.words = words if words is not None else gettext.NullTranslations()
        self.has_catalog = has_catalog
        # Each date and number written once: a large site writes the same few hundred dates
        # tens of thousands of times, and CLDR's formatting costs some 15 µs each.
        self._dates: dict[tuple[int, int, int | None], str] = {}  # by fields: a dataclass hashes in Python
        self._numbers: dict[int, str] = {}
        self._sourcing: dict[tuple[int, int], str] = {}
        # This language's typography, called without the generic `fmt.typo`'s test (the filter runs per text).
        self._own_typo: Callable[[str], str] = fmt.typo_fr if fmt.is_french(language) else str
        self.status_labels = {status: self.gettext(label) for status, label in fmt.STATUS_LABELS.items()}
        self.status_help = {status: self.gettext(text) for status, text in fmt.STATUS_HELP.items()}

    @property
    def cldr_tag(self) -> str:
        """The CLDR locale's tag, as BCP 47 writes it (`de`, `pt-BR`)."""
        return str(self.locale).replace("_", "-")

    def gettext(self, message: str) -> str:
        return self.words.gettext(message) if message else ""  # "" would give the catalog's header

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.words.ngettext(singular, plural, count)

    def date(self, value: PartialDate) -> str:
        key = (value.year, value.month, value.day)
        found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = fmt.date(value, self.locale)
        return found

    def as_of(self, value: PartialDate) -> str:
        """`as of 6 November 2024`, or `in October 2024` for a month."""
        if value.day is None:
            return self.gettext("in %(month)s") % {"month": self.date(value)}
        return self.gettext("as of %(date)s") % {"date": self.date(value)}

    def number(self, value: int) -> str:
        found = self._numbers.get(value)
        if found is None:
            found = self._numbers[value] = fmt.number(value, self.locale)
        return found

    def status_label(self, status: str) -> str:
        return self.status_labels[status]

    def qualifier(self, qualifier: str) -> str:
        return self.gettext(fmt.QUALIFIERS[qualifier])

    def kind(self, kind: str) -> str:
        return self.gettext(fmt.SOURCE_KINDS[kind])

    def sourcing(self, sources: int, origins: int) -> str:
        """`3 sources, 2 independent origins`, each count with its language's plural."""
        found = self._sourcing.get((sources, origins))
        if found is None:
            found = self._sourcing[sources, origins] = self._sourcing_text(sources, origins)
        return found

    def _sourcing_text(self, sources: int, origins: int) -> str:
        cited = self.ngettext("%(count)s source", "%(count)s sources", sources) % {"count": self.number(sources)}
        independent = self.ngettext("%(count)s independent origin", "%(count)s independent origins", origins) \
            % {"count": self.number(origins)}
        # TRANSLATORS: how well a claim is sourced: "3 sources" and "2 independent origins".
        return self.gettext("%(sources)s, %(origins)s") % {"sources": cited, "origins": independent}

    def typo(self, html: str, language: str | None = None) -> str:
        """The typography of `language` (default: this interface's) on HTML text (format.typo)."""
        return self._own_typo(html) if language is None else fmt.typo(html, language)

    def plurals(self, singular: str, plural: str) -> dict[str, str]:
        """A message with a count, by CLDR plural category (`one`, `few`, `other`…, what
        JavaScript's Intl.PluralRules gives): each category's form, as the catalog has it.
        (`make messages` extracts its calls as ngettext's.)"""
        forms = {}
        for category in sorted(self.locale.plural_form.tags | {"other"}):
            sample = next((n for n in range(1000) if self.locale.plural_form(n) == category), None)
            if sample is not None:
                forms[category] = self.ngettext(singular, plural, sample)
        return forms

    def script_text(self) -> dict[str, Any]:
        """What static/site.js says to readers, in this language (base.html gives it as JSON)."""
        return {
            "copyLink": self.gettext("Copy the link"),
            "linkCopied": self.gettext("Link copied"),
            "claimLinkCopied": self.gettext("Link to the claim copied"),
            "copyFailed": self.gettext("The link could not be copied"),
            "readPassage": self.gettext("Read the passage in the source"),
            # TRANSLATORS: a quote, in the language's quotation marks.
            "quoted": self.gettext("“%(quote)s”"),
            "searching": self.gettext("Searching…"),
            "noResults": self.gettext("No results for “%(query)s”."),
            "results": self.plurals("%(count)s result for “%(query)s”.", "%(count)s results for “%(query)s”."),
            "searchFailed": self.gettext("The search could not be loaded."),
            # TRANSLATORS: before the site's own translation of a quote shown in its original language.
            "ourTranslation": self.gettext("Our translation:"),
        }


class Catalogs:
    """The project's catalogs, and the formatter of each language read from them; the same
    formatter while its catalogs' bytes are the same (a live preview reads them at each build)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dirs = locale_dirs(root)
        self._formatters: dict[str, tuple[tuple[tuple[Path, bytes], ...], Formatter]] = {}

    def formatter(self, language: str) -> Formatter:
        """Raises CatalogError for a catalog that cannot be read."""
        try:
            found = tuple((path, path.read_bytes()) for path in catalog_paths(language, self.dirs))
        except OSError as exc:
            raise CatalogError(Path(exc.filename or self.root), 1, f"catalog error: {exc.strerror}") from None
        kept = self._formatters.get(language)
        if kept is not None and kept[0] == found:
            return kept[1]
        catalog = hashlib.blake2b(repr(found).encode(), digest_size=6).hexdigest()
        made = Formatter(language, chained(found), bool(found), f"{language}-{catalog}" if found else language)
        self._formatters[language] = (found, made)
        return made


def engine_formatter(language: str) -> Formatter:
    """The formatter of a language from the engine's catalogs alone (a project's are not read)."""
    return Catalogs(DEFAULTS).formatter(language)


def check_languages(settings: Settings, catalogs: Catalogs, report: Report) -> None:
    """The site's language and each edition's: a catalog that cannot be read is an error, a
    language with no catalog a warning at where site.yaml names it (its interface is then
    in English)."""
    languages = [(settings.language, settings.language_location or Location("site.yaml"))]
    languages += [(edition.language, edition.location) for edition in settings.editions]
    for language, location in languages:
        try:
            formatter = catalogs.formatter(language)
        except CatalogError as exc:
            report.error(Location(shown_path(exc.path, catalogs.root), exc.line), exc.message)
            continue
        if not formatter.has_catalog:
            report.warn(location, f"no interface catalog for '{language}': the interface is in English "
                                  f"(dates and numbers in {formatter.cldr_tag})")
