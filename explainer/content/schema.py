"""The one table of content fields: types, required flags and help.

Validation (`Record.check`), the editors' documentation (`docs_markdown`) and the JSON
Schema for editor autocompletion (`json_schemas`) are all read from the records below, so
a field is declared exactly once. The field types themselves are in fieldtypes.py.
"""

from __future__ import annotations

from .fieldtypes import (
    Boolean,
    Date,
    Enum,
    FieldSpec,
    Id,
    Integer,
    LanguageTag,
    ListOf,
    MappingOf,
    Record,
    Text,
    Url,
    type_label,
)


def docs_markdown() -> str:
    """The editors' field reference, generated from the table below (docs/content-format.md ends with it)."""
    lines = []
    for record in (SITE, ARCHIVE_SETTINGS, FIGURE_KIND, EDITION, SOURCE, ORIGIN, SHEET, CORRECTION, SECTION, CLAIM,
                   CITATION, FIGURE, PAGE, SITE_TRANSLATION, FIGURE_TRANSLATION, SHEET_TRANSLATION,
                   SECTION_TRANSLATION, CLAIM_TRANSLATION, FIGURE_BY_TRANSLATION, CORRECTION_TRANSLATION,
                   PAGE_TRANSLATION, SOURCE_TRANSLATION):
        lines += [f"### {record.title}", "", "| key | required | type | meaning |", "| --- | --- | --- | --- |"]
        for spec in record.fields:
            required = "yes" if spec.required else "no"
            lines.append(f"| `{spec.name}` | {required} | {type_label(spec.type)} | {spec.help} |")
        lines.append("")
    return "\n".join(lines)


# --- The table -------------------------------------------------------------------------

STATUSES = ("confirmed", "reported", "disputed", "denied", "inexact")
SOURCE_KINDS = ("news", "agency", "blog", "state-media", "official", "analysis")
QUALIFIERS = ("exact", "about", "at-least", "up-to")

ARCHIVE_SETTINGS = Record("archive", (
    FieldSpec("publish", Boolean(), False,
              "Publish the full archived text of sources (default false: source pages show "
              "metadata and cited excerpts in context)."),
))

FIGURE_KIND = Record("declared figure", (
    FieldSpec("label", Text(), True, "The heading readers see, e.g. Soldats nord-coréens envoyés en Russie."),
    FieldSpec("counts", Text(), True, "What exactly is counted, one sentence."),
    FieldSpec("unit", Text(), True, "The unit of the values, e.g. soldats."),
))

EDITION = Record("edition", (
    FieldSpec("title", Text(), True, "The site's title in that language."),
    FieldSpec("description", Text(), True, "One sentence describing the site, in that language."),
))

SITE = Record("site.yaml", (
    FieldSpec("title", Text(), True, "The site's title."),
    FieldSpec("description", Text(), True, "One sentence describing the site."),
    FieldSpec("language", LanguageTag(), True, "BCP 47 language tag of the site; also the html lang."),
    FieldSpec("base_url", Url(base=True), True, "Absolute URL where the site is published, ending with /."),
    FieldSpec("nav", ListOf(Id(), located=True), False, "Sheet ids in the order of the home page and navigation."),
    FieldSpec("archive", ARCHIVE_SETTINGS, False, "Settings for archived source texts."),
    FieldSpec("figures", MappingOf(FIGURE_KIND), False,
              "Every figure key used by a claim, declared once: its label, what it counts, its unit."),
    FieldSpec("translations", MappingOf(EDITION, languages=True, located=True), False,
              "Editions in other languages, by BCP 47 tag: each is published under <base_url><lang>/ from "
              "content/translations/<lang>/."),
))

ORIGIN = Record("origin", (
    FieldSpec("wire", Text(), False, "A news agency whose dispatch the source runs or rewrites, e.g. AFP."),
    FieldSpec("source", Id(), False, "Another source of this site that it copies or translates."),
), one_of=("wire", "source"))

SOURCE = Record("source", (
    FieldSpec("outlet", Text(), True, "The publication, e.g. Euronews."),
    FieldSpec("title", Text(), True, "The article's own headline."),
    FieldSpec("published", Date(), True, "Publication date: YYYY-MM-DD, or YYYY-MM when only the month is known."),
    FieldSpec("language", LanguageTag(), True, "Language of the article."),
    FieldSpec("author", Text(), False, "The author, when given."),
    FieldSpec("url", Url(), False, "Where the article was published (http or https)."),
    FieldSpec("kind", Enum(SOURCE_KINDS), True, "What kind of source this is."),
    FieldSpec("archive", Text(), False, "Archived plain-text copy, relative to content/sources/."),
    FieldSpec("notes", Text(markdown=True), False, "Markdown: known errors or caveats of this source."),
    FieldSpec("origin", ORIGIN, False,
              "Where the text comes from, when not its own reporting: `wire`, `source` or both (at least one)."),
))

FIGURE = Record("figure", (
    FieldSpec("key", Id(), True,
              "Declared under `figures:` in site.yaml; claims sharing a key are compared side by side."),
    FieldSpec("value", Integer(), True, "The number, as an integer."),
    FieldSpec("qualifier", Enum(QUALIFIERS), True, "How exact the number is."),
    FieldSpec("by", Text(), True, "Who gives the figure."),
    FieldSpec("as_of", Date(), False, "The date the figure refers to."),
))

CITATION = Record("citation", (
    FieldSpec("source", Id(), True, "An existing source id."),
    FieldSpec("quote", Text(), False,
              "Verbatim excerpt of the source's archive (required when the source has one); "
              "fragments may be joined by ' […] ', in order."),
    FieldSpec("note", Text(), False, "A remark on this citation."),
))

CLAIM = Record("claim", (
    FieldSpec("id", Id(), True, "Unique across the whole site; the claim's anchor."),
    FieldSpec("text", Text(markdown=True), True, "Markdown: one claim in the site's own words."),
    FieldSpec("status", Enum(STATUSES), True, "confirmed | reported | disputed | denied | inexact."),
    FieldSpec("sources", ListOf(CITATION, min_items=1), True, "At least one citation."),
    FieldSpec("date", Date(), False, "The claim goes on the timeline."),
    FieldSpec("actor", Text(), False, "Who acts or speaks: the claim goes on the reactions view."),
    FieldSpec("figure", FIGURE, False, "A number that sources may disagree on."),
    FieldSpec("conflicts_with", ListOf(Id(), located=True), False, "Ids of claims this one contradicts."),
    FieldSpec("corrected_by", ListOf(Id(), located=True), False,
              "Required with status inexact (and only then): ids of the claims that give the right version."),
))

SECTION = Record("section", (
    FieldSpec("id", Id(), True, "Unique within the sheet."),
    FieldSpec("heading", Text(), True, "The section's heading."),
    FieldSpec("intro", Text(markdown=True), False, "Markdown introduction."),
    FieldSpec("claims", ListOf(CLAIM, min_items=1), True, "At least one claim."),
))

CORRECTION = Record("correction", (
    FieldSpec("date", Date(partial=False), True, "When the correction was published (YYYY-MM-DD)."),
    FieldSpec("text", Text(markdown=True), True, "Markdown: what was wrong and what changed."),
    FieldSpec("claims", ListOf(Id(), located=True), False, "Ids of the claims concerned, all of this sheet."),
))

SHEET = Record("sheet", (
    FieldSpec("title", Text(), True, "The sheet's title."),
    FieldSpec("summary", Text(markdown=True), True, "Markdown, one to three sentences."),
    FieldSpec("updated", Date(partial=False), True, "Date of the last editorial update (YYYY-MM-DD)."),
    FieldSpec("sections", ListOf(SECTION, min_items=1), True, "At least one section."),
    FieldSpec("corrections", ListOf(CORRECTION), False, "The sheet's public corrections log."),
))

PAGE = Record("page front matter", (
    FieldSpec("title", Text(), True, "The page's title."),
    FieldSpec("order", Integer(), False, "Position in the footer navigation."),
))

# --- Editions in other languages: content/translations/<lang>/ --------------------------

OF = "The fingerprint of the original it translates (`build.py translations LANG` lists them)."

FIGURE_TRANSLATION = Record("figure translation", (
    FieldSpec("label", Text(), True, "The heading readers see, in that language."),
    FieldSpec("counts", Text(), True, "What exactly is counted, one sentence, in that language."),
    FieldSpec("unit", Text(), True, "The unit of the values, in that language."),
))

SITE_TRANSLATION = Record("translated site.yaml", (
    FieldSpec("figures", MappingOf(FIGURE_TRANSLATION, located=True), False,
              "Each declared figure key's label, counts and unit in that language."),
))

SECTION_TRANSLATION = Record("section translation", (
    FieldSpec("heading", Text(), True, "The section's heading in that language."),
    FieldSpec("intro", Text(markdown=True), False, "Markdown introduction (required when the original has one)."),
))

FIGURE_BY_TRANSLATION = Record("figure translation (claim)", (
    FieldSpec("by", Text(), True, "Who gives the figure, in that language."),
))

CLAIM_TRANSLATION = Record("claim translation", (
    FieldSpec("text", Text(markdown=True), True, "Markdown: the claim in that language."),
    FieldSpec("of", Text(), True, OF),
    FieldSpec("quotes", ListOf(Text(), located=True), False,
              "A translation of each quote, in the order of the claim's sources (the quote itself is "
              "always shown in its source's language)."),
    FieldSpec("notes", ListOf(Text(empty=True), located=True), False,
              "A translation of each citation's note, in the order of the claim's sources (\"\" where a "
              "citation has none)."),
    FieldSpec("actor", Text(), False, "Who acts or speaks, in that language (the reactions view groups by it)."),
    FieldSpec("figure", FIGURE_BY_TRANSLATION, False, "The figure's `by`, in that language."),
))

CORRECTION_TRANSLATION = Record("correction translation", (
    FieldSpec("of", Text(), True, OF),
    FieldSpec("text", Text(markdown=True), True, "Markdown: the correction in that language."),
))

SHEET_TRANSLATION = Record("sheet translation", (
    FieldSpec("title", Text(), True, "The sheet's title in that language."),
    FieldSpec("summary", Text(markdown=True), True, "Markdown, one to three sentences."),
    FieldSpec("of", Text(), False,
              "The fingerprint of the sheet's own text (title, summary, headings, intros) it translates."),
    FieldSpec("sections", MappingOf(SECTION_TRANSLATION, located=True), False, "The sections, by section id."),
    FieldSpec("claims", MappingOf(CLAIM_TRANSLATION, located=True), False, "The claims, by claim id."),
    FieldSpec("corrections", ListOf(CORRECTION_TRANSLATION), False,
              "The sheet's corrections in that language, in the order of the original's."),
))

PAGE_TRANSLATION = Record("page translation front matter", (
    FieldSpec("title", Text(), True, "The page's title in that language."),
    FieldSpec("of", Text(), True, OF),
))

SOURCE_TRANSLATION = Record("source translation", (
    FieldSpec("notes", Text(markdown=True), False, "The source's notes in that language (Markdown)."),
    FieldSpec("outlet", Text(), False,
              "The outlet, in that language, where the original names it in words of the site's "
              "(an unidentified site described); a publication's own name stays as it is."),
    FieldSpec("of", Text(), False, OF),
), one_of=("notes", "outlet"))

SCHEMA_FILES = {"site.schema.json": SITE, "source.schema.json": SOURCE, "sheet.schema.json": SHEET,
                "site-translation.schema.json": SITE_TRANSLATION, "sheet-translation.schema.json": SHEET_TRANSLATION,
                "source-translation.schema.json": SOURCE_TRANSLATION}


def json_schemas() -> dict[str, str]:
    """The JSON Schemas for editors' autocompletion, by file name, as stable JSON text."""
    import json

    texts = {}
    for name, record in SCHEMA_FILES.items():
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **record.json_schema()}
        texts[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return texts
