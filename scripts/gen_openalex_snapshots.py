#!/usr/bin/env python3
"""Generates the example's OpenAlex snapshot (illustrative sample data).

    python3 scripts/gen_openalex_snapshots.py [indicators]

Writes CONFIG/snapshots/openalex/ID/page-N.json for KMU and each peer of
CONFIG/profile.json that has an openalex_id: the /works API's response to
the query of sources/openalex.json (years, per_page), page by page along
the cursors, in the API's exact format (compact JSON; meta with count,
per_page and next_cursor; results with id, publication_year and
authorships[].countries / institutions[].{id, display_name, country_code,
lineage}). The numbers are invented (fixed seed, so the files are the same
on every run), chosen to be plausible for KMU against the targets of the
research KPIs; the partner institutions are fictional. Nothing here is
OpenAlex data: README.md in that directory says so.
"""
import base64
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


def oa(i):
    return "https://openalex.org/" + i


class Gen:
    def __init__(self):
        self.rnd = random.Random(SEED)
        self.work_no = 4300000000
        self.partners = {}

    def partner(self, cc, k):
        key = (cc, k)
        if key not in self.partners:
            n = 9100000 + len(self.partners)
            self.partners[key] = {"id": oa("I%d" % n),
                                  "display_name": "Illustrative partner university %s-%d" % (cc, k + 1),
                                  "country_code": cc, "lineage": [oa("I%d" % n)]}
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


def main():
    cfg = sys.argv[1] if len(sys.argv) > 1 else "indicators"
    profile = json.load(open(os.path.join(cfg, "profile.json")))
    source = json.load(open(os.path.join(cfg, "sources", "openalex.json")))
    y0, y1 = source.get("years", [profile["period"]["from"], profile["period"]["to"]])
    years = list(range(y0, y1 + 1))
    per_page = source.get("per_page", 100)
    outdir = os.path.join(cfg, source["snapshot"])
    notes = os.path.join(outdir, "README.md")
    keep = open(notes).read() if os.path.exists(notes) else None
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    if keep is not None:
        open(notes, "w").write(keep)
    gen = Gen()
    kmu = PLAN[profile["openalex_id"].rsplit("/", 1)[-1]]
    iid = profile["openalex_id"].rsplit("/", 1)[-1]
    own = own_institutions(iid, profile["name"], profile["country"], gen)
    works = gen.works_of(years, own, profile["country"], kmu["works"], kmu["intl"], kmu["countries"])
    print("%s: %d works, %d pages" % (iid, len(works), write_pages(outdir, iid, works, per_page)))
    peers = [p for p in profile.get("peers", []) if p.get("openalex_id")]
    for p, plan in zip(peers, PEER_PLANS):
        first, growth, s0, s1 = PEERS[plan]
        pid = p["openalex_id"].rsplit("/", 1)[-1]
        totals = [round(first * (1 + growth) ** i) for i in range(len(years))]
        shares = [s0 + (s1 - s0) * i / max(1, len(years) - 1) for i in range(len(years))]
        intls = [round(t * s) for t, s in zip(totals, shares)]
        ncs = [min(len(COUNTRIES) - 1, 12 + t // 25) for t in intls]
        works = gen.works_of(years, own_institutions(pid, p["name"], p["country"], gen),
                             p["country"], totals, intls, ncs)
        print("%s: %d works, %d pages" % (pid, len(works), write_pages(outdir, pid, works, per_page)))


if __name__ == "__main__":
    main()
