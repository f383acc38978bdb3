#!/usr/bin/env python3
"""Command line of the explainer: build, check or serve the site of a project folder."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import explainer  # noqa: E402 - imported once sys.path holds the project
from explainer.api import Result  # noqa: E402 - imported once sys.path holds the project
from explainer.content.problems import counted  # noqa: E402 - imported once sys.path holds the project


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build the explainer site from YAML fact sheets, verifying every quote.",
        epilog="Exit status: 0 success, 1 content errors, 2 usage errors.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    root_help = "project folder with site.yaml and content/ (default: the folder of build.py)"

    build = commands.add_parser("build", help="load, verify, render and write the site",
                                description="Load, verify and render the site, then swap it into the output folder.")
    build.add_argument("--root", type=Path, default=HERE, help=root_help)
    build.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/_site)")
    build.add_argument("--no-cache", action="store_true",
                       help="build in full even if nothing changed since the last build, without "
                            "reusing (or keeping) the files parsed by earlier builds")
    build.add_argument("--no-search", action="store_true", help="skip the search index (Pagefind)")

    check = commands.add_parser("check", help="load and verify only; write nothing",
                                description="Load and verify the content and report every problem; writes nothing.")
    check.add_argument("--root", type=Path, default=HERE, help=root_help)

    serve = commands.add_parser("serve", help="live preview: build, serve, rebuild and reload on every change",
                                description="Build the site and serve it with live reload: every saved change "
                                            "to content/, templates/, static/ or site.yaml rebuilds what it "
                                            "affects and reloads the browser; problems show in the page.")
    serve.add_argument("--root", type=Path, default=HERE, help=root_help)
    serve.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/_site)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    quote = commands.add_parser("quote", help="find passages of a source to quote, ready to paste",
                                description="Find the passages of a source's archive that best match WORDS "
                                            "(any order, case and accents ignored) and print each as a citation "
                                            "to paste into a sheet.")
    quote.add_argument("source", metavar="SOURCE", help="source id, e.g. ats-2024-11-06")
    quote.add_argument("words", metavar="WORDS", nargs="+", help="words of the passage you are looking for")
    quote.add_argument("--root", type=Path, default=HERE, help=root_help)
    quote.add_argument("-n", "--count", type=int, default=3, help="how many passages to print (default: 3)")

    add = commands.add_parser("add-source", help="add a source from a web page saved from the browser",
                              description="Extract the article's text and metadata from a page saved with the "
                                          "browser (Save page as…, HTML only; or the outlet's AMP or print view) "
                                          "and write content/sources/ID.txt and ID.yaml. Fields the page does "
                                          "not give are left as commented placeholders to fill in. Never "
                                          "replaces an existing file.")
    add.add_argument("page", metavar="FILE.html", type=Path, help="the saved page (at most 10 MiB)")
    add.add_argument("--id", dest="source_id", metavar="ID", default=None,
                     help="the new source's id (default: OUTLET-YYYY-MM-DD from the page's outlet and date; "
                          "required when the page gives neither)")
    add.add_argument("--url", default=None,
                     help="where the article was published, when the saved page does not say (or says wrong)")
    add.add_argument("--root", type=Path, default=HERE, help=root_help)

    translations = commands.add_parser(
        "translations", help="list what an edition lacks: missing, stale and orphaned translations",
        description="List the texts of the edition LANG that are missing (not translated yet), stale (their "
                    "original changed since: `of` is not its fingerprint) or orphaned (an id the original "
                    "lacks), each with where it is and the original's current fingerprint to copy into `of`. "
                    "Exits 0 whatever it lists; 1 if the project cannot be loaded.")
    translations.add_argument("language", metavar="LANG", help="an edition declared under translations: in site.yaml")
    translations.add_argument("--root", type=Path, default=HERE, help=root_help)

    new = commands.add_parser("new", help="start a new explainer: a small project that builds",
                              description="Make a small project in DIR (a new or empty folder): site settings, "
                                          "one source with its archived text, one sheet with a verified claim, "
                                          "the about and method pages, in LANG where the engine has its texts "
                                          "(fr, en; others get the English texts to translate).")
    new.add_argument("folder", metavar="DIR", type=Path, help="the new project's folder (new, or empty)")
    new.add_argument("--language", default="en", metavar="LANG", help="BCP 47 tag of its language (default: en)")

    publish = commands.add_parser(
        "publish", help="build, then commit the site to a git branch and push it (GitHub Pages)",
        description="Build the site (refusing, with nothing pushed, on any content error), then commit the "
                    "output as the whole content of a branch of the project's git repository, with "
                    ".nojekyll, one commit on top of the branch's history, and push it, as `mkdocs "
                    "gh-deploy` does. GitHub Pages serves the branch once Settings > Pages names it.")
    publish.add_argument("--root", type=Path, default=HERE, help=root_help)
    publish.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/_site)")
    publish.add_argument("--remote", default="origin", help="git remote to push to (default: origin)")
    publish.add_argument("--branch", default="gh-pages", help="branch to publish to (default: gh-pages)")
    publish.add_argument("--message", default=None,
                         help="the publish commit's message (default: names the commit the site was built from)")

    schema = commands.add_parser("schema", help="write the JSON Schemas used by editors for autocompletion",
                                 description="Write explainer/schemas/*.schema.json from the field table "
                                             "(content files point at them with a yaml-language-server comment).")
    schema.add_argument("--check", action="store_true", help="only check that the files are up to date")

    fields = commands.add_parser("fields", help="print the reference of every content field (Markdown)",
                                 description="Print the table of every site.yaml, source, sheet and page "
                                             "field, generated from the field table, as it ends "
                                             "docs/content-format.md.")
    fields.add_argument("--write", action="store_true",
                        help="replace the field reference at the end of docs/content-format.md")
    return parser


def print_problems(result: Result) -> None:
    for problem in result.problems:
        print(problem, file=sys.stderr)


# A build that takes longer also says how long each stage took.
SPLIT_AFTER_SECONDS = 5.0


def summary(result: Result, seconds: float) -> str:
    note = " (unchanged since the last build)" if result.unchanged else ""
    return (f"{counted(result.pages, 'page')}, {counted(result.claims, 'claim')}, "
            f"{counted(result.sources, 'source')}, {counted(len(result.warnings), 'warning')} in {seconds:.2f} s{note}")


def print_passages(root: Path, source_id: str, words: list[str], count: int) -> int:
    passages, problems = explainer.find_passages(root, source_id, words, count)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    if not passages:
        print(f"no passage of {source_id} contains any of: {' '.join(words)}", file=sys.stderr)
        return 1
    for passage in passages:
        print(f"# content/sources/{source_id}.txt:{passage.line}")
        print(f"          - source: {passage.source_id}")
        print(f"            quote: {json.dumps(passage.text, ensure_ascii=False)}")
    return 0


def add_source(root: Path, page: Path, source_id: str | None, url: str | None) -> int:
    added = explainer.add_source(root, page, source_id, url)
    for problem in added.problems:
        print(problem, file=sys.stderr)
    if not added.ok:
        print("nothing written", file=sys.stderr)
        return 1
    txt, yaml_file = added.written
    print(f"wrote {txt} ({added.paragraphs} paragraphs) and {yaml_file}")
    width = max(len(name) for name, _ in added.found) if added.found else 0
    for name, value in added.found:
        print(f"  {name + ':':<{width + 1}} {value}")
    if added.missing:
        required = set(added.missing_required)
        names = ", ".join(f"{name} (required)" if name in required else name for name in added.missing)
        print(f"not found in the page: {names}; fill in the commented lines of {yaml_file}"
              + (" (the build reports the required ones until then)" if required else ""))
    print(f"next: compare {txt} with the page, then find passages to quote: "
          f"python build.py quote {added.source_id} WORDS…")
    return 0


CONTENT_FORMAT = HERE / "docs" / "content-format.md"
FIELD_REFERENCE = "## Field reference\n"  # the generated reference ends the document, from this heading on


def print_fields() -> int:
    from explainer.content.schema import docs_markdown

    print(docs_markdown(), end="")
    return 0


def write_fields() -> int:
    from explainer.content.schema import docs_markdown

    text = CONTENT_FORMAT.read_text(encoding="utf-8")
    if FIELD_REFERENCE not in text:
        print(f"build.py: error: {CONTENT_FORMAT.relative_to(HERE)} has no '{FIELD_REFERENCE.strip()}' heading",
              file=sys.stderr)
        return 1
    head = text[:text.index(FIELD_REFERENCE) + len(FIELD_REFERENCE)]
    new = (f"{head}\nGenerated from the one schema table (`python build.py fields --write`); a test keeps "
           f"it in step.\n\n{docs_markdown()}")
    CONTENT_FORMAT.write_text(new, encoding="utf-8")
    state = "changed" if new != text else "unchanged"
    print(f"wrote the field reference of {CONTENT_FORMAT.relative_to(HERE)} ({state})")
    return 0


def write_schemas(check_only: bool) -> int:
    from explainer.content.schema import json_schemas

    folder = HERE / "explainer" / "schemas"
    stale = [name for name, text in json_schemas().items()
             if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]
    if check_only:
        for name in stale:
            print(f"explainer/schemas/{name} is out of date: run `python build.py schema`", file=sys.stderr)
        return 1 if stale else 0
    folder.mkdir(exist_ok=True)
    for name, text in json_schemas().items():
        (folder / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(json_schemas())} schemas to {folder} ({len(stale)} changed)")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "fields":
        return write_fields() if args.write else print_fields()
    if args.command == "schema":
        return write_schemas(args.check)
    if args.command == "new":
        return make_project(args.folder, args.language)
    root = args.root.resolve()
    if not root.is_dir():
        print(f"build.py: error: --root {args.root} is not a folder", file=sys.stderr)
        return 2
    if args.command == "quote":
        return print_passages(root, args.source, args.words, args.count)
    if args.command == "add-source":
        return add_source(root, args.page, args.source_id, args.url)
    if args.command == "translations":
        return print_translations(root, args.language)
    if args.command == "check":
        result = explainer.check(root)
        print_problems(result)
        if result.ok:
            claims = sum(1 for _ in result.site.claims()) if result.site else 0
            print(f"ok: {counted(claims, 'claim')} checked, {counted(len(result.warnings), 'warning')}")
        return 0 if result.ok else 1
    out = args.out.resolve() if args.out else root / "_site"
    if args.command == "serve":
        from explainer.tools.serve import serve  # imported only here: the server is not needed otherwise

        return serve(root, out, args.host, args.port, args.open)
    publishing = args.command == "publish"
    result = explainer.build(root, out, use_cache=not getattr(args, "no_cache", False),
                             search=not getattr(args, "no_search", False))
    print_problems(result)
    if not result.ok:
        untouched = "nothing was published" if publishing else "the previous output is untouched"
        print(f"build failed: {counted(len(result.errors), 'error')}; {untouched}", file=sys.stderr)
        return 1
    seconds = sum(result.timings.values())
    print(f"built {out}: {summary(result, seconds)}")
    if seconds >= SPLIT_AFTER_SECONDS:  # where a long build's time went
        print("stages: " + ", ".join(f"{stage} {spent:.2f} s" for stage, spent in result.timings.items()))
    return publish_site(root, out, args.remote, args.branch, args.message) if publishing else 0


def make_project(folder: Path, language: str) -> int:
    from explainer.tools.newproject import NewProjectError, new_project

    try:
        made = new_project(folder, language)
    except NewProjectError as exc:
        print(f"build.py new: {exc}; nothing written", file=sys.stderr)
        return 1
    texts = "" if made.texts == language.split("-")[0].lower() else \
        f" (its texts are in English: the engine has no {language} starter texts; translate them)"
    print(f"made {folder}: {counted(len(made.files), 'file')}, language {language}{texts}")
    for name in made.files:
        print(f"  {name}")
    here = Path(__file__).resolve()
    print(f"next: python {here} serve --root {folder}   (edit the files, the browser follows)")
    return 0


def print_translations(root: Path, language: str) -> int:
    from explainer.content.fingerprints import compare

    result = explainer.check(root)
    site = result.site
    if site is None:
        print_problems(result)
        print("cannot list the translations: the project does not load", file=sys.stderr)
        return 1
    editions = {translation.language: translation for translation in site.translations}
    if language not in editions:
        declared = ", ".join(sorted(editions)) or "none"
        print(f"build.py: error: no edition '{language}' (declared under translations: in site.yaml: {declared})",
              file=sys.stderr)
        return 2
    findings = compare(site, editions[language])
    counts = {kind: sum(1 for f in findings if f.kind == kind) for kind in ("missing", "stale", "orphaned")}
    if not findings:
        print(f"{language}: nothing missing, stale or orphaned")
    else:
        print(f"{language}: {counts['missing']} missing, {counts['stale']} stale, {counts['orphaned']} orphaned")
    for finding in findings:
        if finding.kind == "missing":
            detail = f"of: {finding.current}" if finding.current else "(no of: to give)"
        elif finding.kind == "stale":
            detail = f"of: {finding.current} (was {finding.declared})"
        else:
            detail = f"did you mean '{finding.hint}'?" if finding.hint else "not in the original"
        print(f"{finding.kind:<9} {finding.location}  {finding.item}  {detail}")
    others = [p for p in result.errors if p.location.path.startswith(f"content/translations/{language}/")
              and not any(p.location == f.location for f in findings)]
    if others:
        print(f"and {counted(len(others), 'other problem')} in the edition's files: run `build.py check`")
    return 0


def publish_site(root: Path, out: Path, remote: str, branch: str, message: str | None) -> int:
    from explainer.tools.publish import PublishError, publish

    try:
        done = publish(root, out, remote, branch, message)
    except PublishError as exc:
        print(f"publish failed: {exc}", file=sys.stderr)
        return 1
    history = f"on top of {counted(done.earlier, 'earlier publish', 'earlier publishes')}" if done.earlier else \
        "the branch's first"
    print(f"published {out} to {done.remote}/{done.branch}: commit {done.commit[:12]}, {history}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `build.py translations en | head`: the reader stopped reading, as it may
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        sys.exit(1)
