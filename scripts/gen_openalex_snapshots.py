#!/usr/bin/env python3
"""Generates the example's OpenAlex snapshots (illustrative sample data).

    python3 scripts/gen_openalex_snapshots.py [indicators]

Writes CONFIG/snapshots/openalex/ID/page-N.json for KMU: the /works API's
response to the query of sources/openalex.json (years, per_page), page by
page along the cursors, in the API's exact format (compact JSON; meta with
count, per_page and next_cursor; results with id, publication_year and
authorships[].countries / institutions[].{id, display_name, country_code,
lineage}); and the bodies intlkpi keeps for the example's openalex-group
sources (one document per unit, every page's groups merged: the
"institutions" form when peers are asked for), computed from the same
works, so that the sources agree:

  openalex-group/YEAR.json           KMU's works by co-author country
  openalex-institutions/YEAR.json    KMU's works by co-author institution (lineage)
  openalex-works-per-year.json       works per year of KMU and each peer
  openalex-intl-per-year.json        the same, internationally co-authored only
  openalex-unlinked.json             works naming KMU, not linked to its id

The numbers are invented (fixed seed, so the files are the same on every
run), chosen to be plausible for KMU against the targets of the research
KPIs. The partner institutions are those of data/partnerships.csv (their
openalex_id as written there, unverified placeholders but for Tongji and
Beihang) and fictional ones; a few authorships lack an institution or a
country, more in the last year, so that the coverage of the open data
shows. Nothing here is OpenAlex data: README.md in that directory says so.
"""
import base64
import csv
import json
import os
import random
import shutil
import sys

SEED = 20240613

# works and internationally co-authored works per year, and the number of
# partner countries (KMU: consistent with the research KPIs' targets)
PLAN = {
    "I4210102424": {"works": [312, 347, 398, 431, 468], "intl": [63, 77, 96, 112, 129],
                    "countries": [18, 20, 23, 26, 28]},
}
# peers: (works in the first year, yearly growth, international share first..last)
PEERS = {
    "KZ-ENU": (380, 0.06, 0.17, 0.22),
    "KZ-NARXOZ": (50, 0.07, 0.14, 0.19),
    "KZ-UIB": (35, 0.05, 0.10, 0.14),
    "CN-BEIHANG": (420, 0.05, 0.21, 0.25),
    "CN-TONGJI": (450, 0.05, 0.23, 0.27),
    "FR-UPVD": (330, 0.02, 0.55, 0.60),
}
PEER_PLANS = ["KZ-ENU", "KZ-NARXOZ", "KZ-UIB", "CN-BEIHANG", "CN-TONGJI", "FR-UPVD"]

# partner countries, most frequent first (KMU's usual co-authors)
COUNTRIES = ["RU", "TR", "DE", "US", "GB", "IT", "CN", "IN", "LT", "PL", "UZ", "KG", "KR",
             "SE", "FI", "JP", "FR", "ES", "NL", "CH", "AT", "CZ", "IR", "PK", "SA", "AE",
             "EG", "BY", "UA", "AZ", "GE", "AM", "MN", "CA", "AU", "BR", "IL", "HU", "BE", "DK"]
NAMES = {"KZ": "Kazakhstan", "CN": "China", "FR": "France"}
# KMU's works per year with an authorship lacking an institution (and, for
# most, a country): the coverage of the open data (a second seed, so the
# works themselves are those of the first)
INCOMPLETE = {2019: 0.04, 2020: 0.05, 2021: 0.06, 2022: 0.08, 2023: 0.14}
# works whose affiliation strings name KMU without being linked to its id
UNLINKED = {2019: 5, 2020: 6, 2021: 8, 2022: 9, 2023: 21}
CAPTURED = "2026-12-02"


def oa(i):
    return "https://openalex.org/" + i


def registry(cfg):
    """The international partners of data/partnerships.csv with an openalex_id, per country."""
    out = {}
    with open(os.path.join(cfg, "data", "partnerships.csv"), encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for r in rows:
            if r["scope"] != "international" or not r.get("openalex_id"):
                continue
            lst = out.setdefault(r["country"], [])
            if all(r["partner"] != n for _, n in lst):
                lst.append((r["openalex_id"], r["partner"]))
    return out


class Gen:
    def __init__(self, known=None):
        self.rnd = random.Random(SEED)
        self.work_no = 4300000000
        self.partners = {}
        self.known = known or {}

    def partner(self, cc, k):
        """The k-th partner institution of country cc: the registry's first, then fictional."""
        key = (cc, k)
        if key not in self.partners:
            reg = self.known.get(cc, [])
            if k < len(reg):
                iid, name = reg[k]
            else:
                iid, name = "I%d" % (9100000 + len(self.partners)), \
                    "Illustrative partner university %s-%d" % (cc, k + 1)
            self.partners[key] = {"id": oa(iid), "display_name": name,
                                  "country_code": cc, "lineage": [oa(iid)]}
        return self.partners[key]

    def authorship(self, inst, blank_countries=False):
        return {"countries": [] if blank_countries else [inst["country_code"]],
                "institutions": [inst]}

    def work(self, year, own, partner_ccs):
        """One work: 1-3 authorships of the institution (own), one per partner country."""
        self.work_no += self.rnd.randint(1, 9000)
        auths = [self.authorship(self.rnd.choice(own))
                 for _ in range(self.rnd.choice((1, 1, 2, 2, 3)))]
        for cc in partner_ccs:
            # an authorship now and then without countries: its institution's
            # country_code counts instead (OpenAlex's rule)
            auths.append(self.authorship(self.partner(cc, self.rnd.randrange(3)),
                                         blank_countries=self.rnd.random() < 0.03))
        self.rnd.shuffle(auths)
        return {"id": oa("W%d" % self.work_no), "publication_year": year, "authorships": auths}

    def works_of(self, years, own, home, totals, intls, ncountries):
        out = []
        for y, total, intl, nc in zip(years, totals, intls, ncountries):
            pool = [c for c in COUNTRIES if c != home][:nc]
            for i in range(total):
                if i < intl:
                    # every partner country of the year at least once
                    first = pool[i % len(pool)] if i < len(pool) else None
                    k = 1 + (self.rnd.random() < 0.25) + (self.rnd.random() < 0.08)
                    weights = [1 / (j + 1) for j in range(len(pool))]
                    ccs = {first} if first else set()
                    while len(ccs) < k:
                        ccs.add(self.rnd.choices(pool, weights)[0])
                    out.append(self.work(y, own, sorted(ccs)))
                else:
                    out.append(self.work(y, own, []))
        out.sort(key=lambda w: int(w["id"].rsplit("W", 1)[1]))
        return out


def own_institutions(iid, name, cc, gen):
    """The institution and, for KMU, its clinic (with the university in its lineage)."""
    main = {"id": oa(iid), "display_name": name, "country_code": cc, "lineage": [oa(iid)]}
    if iid != "I4210102424":
        return [main]
    clinic = {"id": oa("I4210102425"), "display_name": "Karaganda Medical University Clinic",
              "country_code": "KZ", "lineage": [oa("I4210102425"), oa(iid)]}
    return [main, main, main, clinic]


def write_pages(outdir, iid, works, per_page):
    d = os.path.join(outdir, iid)
    os.makedirs(d)
    pages = [works[i:i + per_page] for i in range(0, len(works), per_page)] or [[]]
    for n, results in enumerate(pages, 1):
        nxt = None
        if n < len(pages):
            nxt = base64.b64encode(("[%s, %d, 'illustrative']" % (iid, n)).encode()).decode()
        doc = {"meta": {"count": len(works), "db_response_time_ms": 40 + n % 17, "page": None,
                        "per_page": per_page, "next_cursor": nxt, "groups_count": None},
               "results": results, "group_by": []}
        with open(os.path.join(d, "page-%d.json" % n), "w") as f:
            f.write(json.dumps(doc, separators=(",", ":"), ensure_ascii=True) + "\n")
    return len(pages)


def decorate(works, years):
    """Adds authorships without an institution (and mostly without a country) to a share of works."""
    rnd = random.Random(SEED + 1)
    for w in works:
        if rnd.random() < INCOMPLETE.get(w["publication_year"], 0):
            blank = {"countries": [] if rnd.random() < 0.7 else ["KZ"], "institutions": []}
            w["authorships"].insert(rnd.randrange(len(w["authorships"]) + 1), blank)


def countries_of(w):
    """The work's countries: each authorship's, or its institutions' (OpenAlex's rule)."""
    cc = set()
    for a in w["authorships"]:
        if a["countries"]:
            cc.update(a["countries"])
        else:
            cc.update(i["country_code"] for i in a["institutions"] if i.get("country_code"))
    return cc


def dump(path, doc):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n")


def sidecar(path, origin, note):
    with open(path + ".meta.json", "w") as f:
        json.dump({"captured": CAPTURED, "origin": origin, "illustrative": True, "note": note},
                  f, indent=2, ensure_ascii=False)
        f.write("\n")


def answer(groups, count):
    """One institution's answer as intlkpi keeps it: every page's groups, sorted by key (cursor order)."""
    groups = sorted(groups, key=lambda g: g["key"])
    return {"meta": {"count": count, "groups_count": len(groups), "pages": max(1, -(-len(groups) // 200))},
            "group_by": groups}


def by_year(counts):
    return [{"key": str(y), "key_display_name": str(y), "count": n} for y, n in sorted(counts.items()) if n]


def main():
    cfg = sys.argv[1] if len(sys.argv) > 1 else "indicators"
    profile = json.load(open(os.path.join(cfg, "profile.json")))
    source = json.load(open(os.path.join(cfg, "sources", "openalex.json")))
    y0, y1 = source.get("years", [profile["period"]["from"], profile["period"]["to"]])
    years = list(range(y0, y1 + 1))
    per_page = source.get("per_page", 100)
    outdir = os.path.join(cfg, source["snapshot"])
    snaps = os.path.dirname(outdir)
    notes = os.path.join(outdir, "README.md")
    keep = open(notes).read() if os.path.exists(notes) else None
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    if keep is not None:
        open(notes, "w").write(keep)
    gen = Gen(registry(cfg))
    kmu = PLAN[profile["openalex_id"].rsplit("/", 1)[-1]]
    iid = profile["openalex_id"].rsplit("/", 1)[-1]
    own = own_institutions(iid, profile["name"], profile["country"], gen)
    works = gen.works_of(years, own, profile["country"], kmu["works"], kmu["intl"], kmu["countries"])
    decorate(works, years)
    print("%s: %d works, %d pages" % (iid, len(works), write_pages(outdir, iid, works, per_page)))

    # KMU's group_by answers, from the works above
    origin = "illustrative: computed from snapshots/openalex/%s (the /works pages of the example), " \
             "in the shape of https://api.openalex.org/works?filter=%s&group_by=%s"
    for y in years:
        ws = [w for w in works if w["publication_year"] == y]
        cc, inst, names = {}, {}, {}
        for w in ws:
            for c in countries_of(w):
                cc[c] = cc.get(c, 0) + 1
            ids = set()
            for a in w["authorships"]:
                for i in a["institutions"]:
                    for l in i["lineage"]:
                        ids.add(l)
                    names[i["id"]] = i["display_name"]
            for l in ids:
                inst[l] = inst.get(l, 0) + 1
        groups = [{"key": "https://openalex.org/countries/" + c, "key_display_name": c, "count": n}
                  for c, n in sorted(cc.items(), key=lambda kv: (-kv[1], kv[0]))]
        path = os.path.join(snaps, "openalex-group", "%d.json" % y)
        dump(path, {"meta": {"count": len(ws), "db_response_time_ms": 31, "page": 1, "per_page": 200,
                             "groups_count": len(groups)}, "results": [], "group_by": groups})
        sidecar(path, origin % (iid, "authorships.institutions.lineage:ID,publication_year:YEAR",
                                "authorships.countries"),
                "Illustrative, not OpenAlex data: the counts are those of the example's illustrative "
                "/works snapshot, so the two sources agree (works per country, the university's own "
                "KZ included; \"partners\" leaves it out).")
        groups = [{"key": k, "key_display_name": names.get(k, k.rsplit("/", 1)[-1]), "count": n}
                  for k, n in inst.items()]
        path = os.path.join(snaps, "openalex-institutions", "%d.json" % y)
        dump(path, answer(groups, len(ws)))
        sidecar(path, origin % (iid, "authorships.institutions.lineage:ID,publication_year:YEAR",
                                "authorships.institutions.lineage"),
                "Illustrative, not OpenAlex data: the works of the example's illustrative /works "
                "snapshot per co-author institution (its lineage), as intlkpi keeps an answer: every "
                "page's groups in one document. The institutions of data/partnerships.csv carry its "
                "placeholder ids; the others are fictional.")

    # works per year, and internationally co-authored, of KMU and each peer
    peers = [p for p in profile.get("peers", []) if p.get("openalex_id")]
    total = {iid: dict(zip(years, kmu["works"]))}
    intl = {iid: dict(zip(years, kmu["intl"]))}
    for p, plan in zip(peers, PEER_PLANS):
        first, growth, s0, s1 = PEERS[plan]
        pid = p["openalex_id"].rsplit("/", 1)[-1]
        totals = [round(first * (1 + growth) ** i) for i in range(len(years))]
        shares = [s0 + (s1 - s0) * i / max(1, len(years) - 1) for i in range(len(years))]
        total[pid] = dict(zip(years, totals))
        intl[pid] = {y: round(t * s) for y, t, s in zip(years, totals, shares)}
    for name, counts, extra in (("openalex-works-per-year", total, ""),
                                ("openalex-intl-per-year", intl, ",countries_distinct_count:>1")):
        doc = {"institutions": [dict({"id": i}, **answer(by_year(c), sum(c.values())))
                                for i, c in counts.items()]}
        path = os.path.join(snaps, name + ".json")
        dump(path, doc)
        sidecar(path, "illustrative, in the shape of https://api.openalex.org/works?filter="
                "authorships.institutions.lineage:ID,publication_year:%d-%d%s&group_by=publication_year, "
                "one answer per institution" % (y0, y1, extra),
                "Illustrative, not OpenAlex data: KMU's counts are those of the example's /works "
                "snapshot, the peers' the example's plan (scripts/gen_openalex_snapshots.py); the "
                "peers' ids are unverified placeholders but for Tongji and Beihang.")
    path = os.path.join(snaps, "openalex-unlinked.json")
    dump(path, answer(by_year(UNLINKED), sum(UNLINKED.values())))
    sidecar(path, "illustrative, in the shape of https://api.openalex.org/works?filter="
            "raw_affiliation_strings.search:NAMES,authorships.institutions.lineage:!ID,"
            "publication_year:%d-%d&group_by=publication_year" % (y0, y1),
            "Illustrative, not OpenAlex data: invented counts of works whose affiliation strings name "
            "KMU but that OpenAlex has not linked to its id.")


if __name__ == "__main__":
    main()
