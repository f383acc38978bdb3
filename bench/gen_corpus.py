#!/usr/bin/env python3
"""Deterministic synthetic corpus in the content format of docs/content-format.md.

    python3 gen_corpus.py --sheets 1000 --out /tmp/corpus-1000

Writes OUT/site.yaml, OUT/content/sources/<id>.yaml + <id>.txt (about 5 KB of
French-like filler with typographic apostrophes and « guillemets »),
OUT/content/sheets/<id>.yaml and OUT/content/pages/about.md.
Standard library only; the YAML is written by hand (double-quoted scalars use
JSON escaping, which is valid YAML) so the output does not depend on PyYAML.
Same arguments => byte-identical tree.
"""
import argparse
import json
import re
import os
import random
import shutil
import unicodedata

NBSP = "\u00a0"
WORDS = (
    "accord traité défense mutuelle armée troupes frontière ministre gouvernement "
    "déclaration ratification parlement assemblée article assistance militaire "
    "immédiate agression territoire souveraineté coopération stratégique sommet "
    "président délégation ambassade communiqué conférence presse sanctions région "
    "sécurité renseignement satellite munitions obus missiles déploiement soldats "
    "officiers formation manœuvres exercice province régiment bataillon commandement "
    "analyse experts sources rapport témoignage images vidéo agence porte-parole "
    "autorités négociations signature document texte clause engagement partenaire "
    "voisin alliance pacte menace riposte frappe offensive contre-offensive ligne "
    "front zone poste village ville capitale port route ferroviaire convoi navire "
    "semaine mois année jour matin soir hier demain récemment depuis toujours encore "
    "selon après avant pendant contre pour avec sans sous entre vers chez parmi "
    "important nouveau premier dernier grand petit officiel public secret direct "
    "possible probable confirmé démenti rapporté contesté annoncé publié diffusé"
).split()
ELIDED = ["l’", "d’", "qu’", "n’", "s’", "c’", "j’", "jusqu’"]
ELIDE_TO = ("armée accord article assistance agression assemblée ambassade analyse "
            "agence autorités alliance engagement exercice experts images offensive "
            "officiers obus annoncé").split()
VERBS = ("a déclaré|a confirmé|a démenti|aurait envoyé|a signé|a ratifié|a annoncé|"
         "rapporte|affirme|estime|indique|précise|souligne|a reconnu").split("|")
SUBJECTS = ("Le ministre|La porte-parole|Le président|Le parlement|L’agence|Le commandement|"
            "Un responsable|Les autorités|La délégation|Un analyste|Le gouvernement|"
            "Le renseignement").split("|")
OUTLETS = ["Euronews", "Le Monde", "AFP", "Reuters", "RFI", "France 24", "Libération",
           "Le Figaro", "TASS", "KCNA", "Yonhap", "Kyiv Independent", "BBC", "Le Temps",
           "Meduza", "NK News", "Ouest-France", "La Croix", "Mediapart", "Le Point"]
KINDS = ["news", "agency", "blog", "state-media", "official", "analysis"]
ACTORS = ["Corée du Sud", "Corée du Nord", "Russie", "Ukraine", "États-Unis", "Chine",
          "Japon", "OTAN", "Union européenne", "ONU", "Kremlin", "Pyongyang", "Séoul",
          "Kyiv", "Pentagone", "NIS", "GUR", "Washington", "Tokyo", "Pékin"]
STATUSES = ["confirmed"] * 40 + ["reported"] * 35 + ["disputed"] * 15 + ["denied"] * 10
HEADINGS = [("text", "Ce que dit le texte"), ("context", "Le contexte"),
            ("facts", "Les faits rapportés"), ("reactions", "Les réactions")]
QUALIFIERS = ["exact", "about", "at-least", "up-to"]


def q(s):
    """A YAML double-quoted scalar (JSON escaping is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def slug(s):
    s = unicodedata.normalize("NFKD", s.replace("œ", "oe")).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", s.lower()))


def rdate(rng, month_only=False):
    y = rng.choice([2023, 2024, 2024, 2024, 2025])
    m = rng.randint(1, 12)
    if month_only:
        return f"{y}-{m:02d}"
    return f"{y}-{m:02d}-{rng.randint(1, 28):02d}"


def word(rng):
    w = rng.choice(WORDS)
    if w in ELIDE_TO and rng.random() < 0.5:
        w = rng.choice(ELIDED[:2]) + w
    return w


def sentence(rng, lo=8, hi=22):
    n = rng.randint(lo, hi)
    toks = [word(rng) for _ in range(n)]
    toks[0] = toks[0][0].upper() + toks[0][1:]
    if rng.random() < 0.35:  # a quotation in guillemets, French style (NBSP inside)
        i = rng.randint(1, n - 3)
        j = min(n - 1, i + rng.randint(1, 5))
        toks[i] = "«" + NBSP + toks[i]
        toks[j] = toks[j] + NBSP + "»"
    if rng.random() < 0.3:
        toks.insert(rng.randint(1, len(toks) - 1), rng.choice(ELIDED[2:6]) + rng.choice(ELIDE_TO))
    if rng.random() < 0.3:
        k = rng.randint(2, len(toks) - 2)
        toks[k] += ","
    end = rng.choice([".", ".", ".", " ?", " !"]) if rng.random() < 0.2 else "."
    return " ".join(toks) + end


def archive_text(rng, target=5000):
    paras, size = [], 0
    while size < target:
        p = " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))
        paras.append(p)
        size += len(p.encode()) + 2
    return "\n\n".join(paras) + "\n"


def retype(frag, rng):
    """What an editor pastes: sometimes ASCII apostrophes or "" instead of « »."""
    if rng.random() < 0.5:
        frag = frag.replace("’", "'")
    if rng.random() < 0.3:
        frag = frag.replace("«" + NBSP, "\"").replace(NBSP + "»", "\"")
    elif rng.random() < 0.2:
        frag = frag.replace(NBSP, " ")
    return frag


def make_quote(rng, tokens):
    """A verbatim excerpt of 8-20 words; 10% are two fragments joined by ' […] '."""
    n = len(tokens)
    if n >= 40 and rng.random() < 0.1:
        a, b = rng.randint(4, 8), rng.randint(4, 8)
        s1 = rng.randint(0, n - (a + b + 10))
        s2 = rng.randint(s1 + a + 1, n - b)
        frags = [" ".join(tokens[s1:s1 + a]), " ".join(tokens[s2:s2 + b])]
    else:
        k = rng.randint(8, 20)
        s = rng.randint(0, n - k)
        frags = [" ".join(tokens[s:s + k])]
    return " […] ".join(retype(f, rng) for f in frags)


def claim_text(rng):
    parts = []
    for _ in range(rng.randint(1, 2)):
        s = sentence(rng, 6, 16)
        parts.append(f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {s[0].lower()}{s[1:]}")
    text = " ".join(parts)
    toks = text.split(" ")
    if rng.random() < 0.3 and len(toks) > 6:
        i = rng.randint(2, len(toks) - 4)
        if "«" not in toks[i] and "»" not in toks[i + 1]:
            toks[i] = "**" + toks[i]
            w = toks[i + 1].rstrip(",.?!")
            toks[i + 1] = w + "**" + toks[i + 1][len(w):]
    if rng.random() < 0.2 and len(toks) > 6:
        i = rng.randint(2, len(toks) - 3)
        if "*" not in toks[i] and "«" not in toks[i] and "»" not in toks[i]:
            w = toks[i].rstrip(",.")
            toks[i] = f"[{w}](https://example.org/{rng.randint(1, 9999)})" + toks[i][len(w):]
    return " ".join(toks)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sheets", type=int, default=100)
    ap.add_argument("--claims-per-sheet", type=int, default=20)
    ap.add_argument("--sources", type=int, default=None, help="default: sheets/2, at least 5")
    ap.add_argument("--seed", type=int, default=20241106)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    nsrc = a.sources if a.sources is not None else max(5, a.sheets // 2)
    rng = random.Random(a.seed)
    out = a.out
    if os.path.exists(out):
        shutil.rmtree(out)
    for d in ("content/sources", "content/sheets", "content/pages"):
        os.makedirs(os.path.join(out, d))

    # sources
    sources = []  # (id, tokens)
    for i in range(nsrc):
        outlet = rng.choice(OUTLETS)
        pub = rdate(rng, month_only=rng.random() < 0.05)
        sid = f"{slug(outlet)}-{pub}-{i}"
        text = archive_text(rng)
        with open(os.path.join(out, "content/sources", sid + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
        y = [f"outlet: {q(outlet)}", f"title: {q(sentence(rng, 6, 12).rstrip('.?! '))}",
             f"published: {pub}", "language: fr"]
        if rng.random() < 0.6:
            y.append(f"author: {q(rng.choice(['Marie', 'Jean', 'Sophie', 'Kim', 'Olga', 'Paul']) + ' ' + rng.choice(['Dupont', 'Martin', 'Lee', 'Petrova', 'Bernard']))}")
        if rng.random() < 0.8:
            y.append(f"url: https://example.org/{sid}")
        y.append(f"kind: {rng.choice(KINDS)}")
        y.append(f"archive: {sid}.txt")
        if rng.random() < 0.1:
            y.append(f"notes: {q('Erreur connue : ' + sentence(rng, 6, 12))}")
        with open(os.path.join(out, "content/sources", sid + ".yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(y) + "\n")
        # tokens: split on plain spaces within a paragraph (NBSP stays inside a token)
        sources.append((sid, [p.split(" ") for p in text.strip().split("\n\n")]))

    nfig_keys = max(3, a.sheets // 10)
    fig_keys = [f"figure-{k}" for k in range(nfig_keys)]
    used_keys = set()
    sheet_ids = [f"{slug(rng.choice(WORDS[:60]))}-{i:05d}" for i in range(a.sheets)]
    nsec = min(4, a.claims_per_sheet) or 1
    for si, shid in enumerate(sheet_ids):
        y = [f"title: {q(sentence(rng, 4, 9).rstrip('.?! '))}",
             f"summary: {q(' '.join(sentence(rng, 10, 20) for _ in range(rng.randint(1, 3))))}",
             f"updated: {rdate(rng)}", "sections:"]
        per = [a.claims_per_sheet // nsec + (1 if k < a.claims_per_sheet % nsec else 0) for k in range(nsec)]
        cn = 0
        ids_so_far = []
        for k in range(nsec):
            sec_id, heading = HEADINGS[k]
            y.append(f"  - id: {sec_id}")
            y.append(f"    heading: {q(heading)}")
            if rng.random() < 0.5:
                y.append(f"    intro: {q(sentence(rng, 8, 18))}")
            y.append("    claims:")
            for _ in range(per[k]):
                cn += 1
                cid = f"{shid}-c{cn:02d}"
                y.append(f"      - id: {cid}")
                y.append(f"        text: {q(claim_text(rng))}")
                y.append(f"        status: {rng.choice(STATUSES)}")
                y.append("        sources:")
                for sid, paras in rng.sample(sources, rng.randint(1, 3)):
                    para = max(rng.sample(paras, 2), key=len)
                    if len(para) < 30:
                        para = max(paras, key=len)
                    y.append(f"          - source: {sid}")
                    y.append(f"            quote: {q(make_quote(rng, para))}")
                    if rng.random() < 0.1:
                        y.append(f"            note: {q(sentence(rng, 5, 10))}")
                r = rng.random()
                if r < 0.30:
                    y.append(f"        date: {rdate(rng, month_only=rng.random() < 0.15)}")
                if rng.random() < 0.10:
                    y.append(f"        actor: {q(rng.choice(ACTORS))}")
                if rng.random() < 0.05:
                    y.append("        figure:")
                    key = rng.choice(fig_keys)
                    used_keys.add(key)
                    y.append(f"          key: {key}")
                    y.append(f"          value: {rng.choice([1, 5, 10, 12, 50, 100]) * rng.randint(100, 1200)}")
                    y.append(f"          qualifier: {rng.choice(QUALIFIERS)}")
                    if rng.random() < 0.5:
                        y.append(f"          as_of: {rdate(rng)}")
                    y.append(f"          by: {q(rng.choice(ACTORS))}")
                if ids_so_far and rng.random() < 0.02:
                    y.append(f"        conflicts_with: [{rng.choice(ids_so_far)}]")
                ids_so_far.append(cid)
        with open(os.path.join(out, "content/sheets", shid + ".yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(y) + "\n")

    with open(os.path.join(out, "site.yaml"), "w", encoding="utf-8") as f:
        f.write(f"title: {q('Le traité Russie–Corée du Nord, expliqué (corpus synthétique)')}\n"
                f"description: {q('Un corpus synthétique de ' + str(a.sheets) + ' fiches pour mesurer le générateur.')}\n"
                "language: fr\nbase_url: https://example.org/traite/\n"
                f"nav: [{', '.join(sheet_ids[:5])}]\n"
                "archive:\n  publish: false\n")
        # every figure key a claim uses is declared once (label, what it counts, unit)
        if used_keys:
            f.write("figures:\n")
            for key in sorted(used_keys, key=lambda k: (len(k), k)):
                f.write(f"  {key}:\n    label: \"Chiffre {key.removeprefix('figure-')}\"\n"
                        "    counts: \"Un chiffre synthétique du corpus de mesure.\"\n    unit: unités\n")
    with open(os.path.join(out, "content/pages/about.md"), "w", encoding="utf-8") as f:
        f.write("---\ntitle: \"À propos\"\norder: 10\n---\n"
                "Ce site explique le traité **pas à pas**. Chaque affirmation renvoie au passage exact "
                "de l’article qui la fonde ; voir [la méthode](https://example.org/methode).\n\n"
                + "\n\n".join(sentence(rng, 12, 24) for _ in range(4)) + "\n")


if __name__ == "__main__":
    main()
