#!/usr/bin/env python3
"""Turn a content tree (docs/content-format.md) into a Hugo project.

    python3 to_hugo.py CORPUS_DIR WORK_DIR

WORK_DIR is recreated: a copy of hugo_site/ (layouts, content adapters, config)
plus the corpus as Hugo input, copied unchanged:
  site.yaml                    -> data/site.yaml
  content/sheets/<id>.yaml     -> data/sheets/<id>.yaml     (pages made by content/sheets/_content.gotmpl)
  content/sources/<id>.yaml    -> data/sources/<id>.yaml    (pages made by content/sources/_content.gotmpl)
  content/sources/<id>.txt     -> assets/archives/<id>.txt  (read by resources.Get for quote checks)
  content/pages/<id>.md        -> content/<id>.md           (same YAML front matter)
Standard library only.
"""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    corpus, work = sys.argv[1], sys.argv[2]
    if os.path.exists(work):
        shutil.rmtree(work)
    shutil.copytree(os.path.join(HERE, "hugo_site"), work)
    for d in ("data/sheets", "data/sources", "assets/archives"):
        os.makedirs(os.path.join(work, d), exist_ok=True)
    shutil.copy(os.path.join(corpus, "site.yaml"), os.path.join(work, "data/site.yaml"))
    c = os.path.join(corpus, "content")
    for name in os.listdir(os.path.join(c, "sheets")):
        shutil.copy(os.path.join(c, "sheets", name), os.path.join(work, "data/sheets", name))
    for name in os.listdir(os.path.join(c, "sources")):
        dst = "data/sources" if name.endswith(".yaml") else "assets/archives"
        shutil.copy(os.path.join(c, "sources", name), os.path.join(work, dst, name))
    pages = os.path.join(c, "pages")
    for name in os.listdir(pages) if os.path.isdir(pages) else ():
        shutil.copy(os.path.join(pages, name), os.path.join(work, "content", name))


if __name__ == "__main__":
    main()
