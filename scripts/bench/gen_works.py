#!/usr/bin/env python3
"""Writes realistic OpenAlex works as JSON Lines, for `make bench`.

Each line is a work shaped like the OpenAlex snapshot (ids, primary_location
with its source, open_access, authorships with author, institutions with
ror, country_code and lineage, countries, raw affiliation strings, topics,
concepts, referenced_works, related_works, abstract_inverted_index,
counts_by_year, ...), a few KB long. Institutions follow a skewed (Zipf-like)
distribution over a fixed universe, countries too; some authorships lack
countries (the country_code fallback), some institutions lack a country,
some strings carry \\u escapes or raw UTF-8. The same seed gives the same
bytes.

usage: gen_works.py --bytes SIZE [--seed N] [--institutions-out FILE]
                    [--pick N] [--records-out FILE] OUT
--institutions-out lists N institutions (--pick, default 50): the N/2
largest and N/2 drawn from the tail.
SIZE takes K, M, G suffixes (powers of 1024). OUT '-' is standard output.
--records-out writes the universe's institutions as OpenAlex's institutions
entity file (JSON Lines: id, ror, display_name, country_code, type, geo
with latitude and longitude near a centre per country, lineage, ...);
coordinates come from their own random stream, so the works stay the same.
"""
import argparse
import bisect
import itertools
import json
import random
import sys

COUNTRIES = ("US CN GB DE JP FR IN IT CA AU ES KR BR NL RU CH SE PL TR IR "
             "BE DK AT NO IL FI PT MX CZ ZA SG GR NZ IE HU EG SA MY PK TH "
             "AR CL CO NG KZ UA RO VN ID HK MO TW").split()
WORDS = ("analysis study effect model patients data cells results method "
         "clinical network learning protein health risk treatment system "
         "response evidence cohort survey review gene expression therapy "
         "disease human social policy energy material structure dynamics "
         "climate water soil urban education students teachers children "
         "étude análisis Bewertung 研究 разработка çalışma").split()
NAMES = ("Maria José Ahmed Wei Li Anna Olga Yuki Kenji Fatima Ivan Sara "
         "Tomás Zoë Øystein Łukasz Ангелина Мухтар Nurlan Aigerim Chen "
         "Priya Ravi Giulia Lars Ngozi").split()
SURNAMES = ("Smith Müller García Wang Zhang Ivanov Kowalski Rossi Nakamura "
            "Kim Silva Öztürk Nowak Dubois Jensen Kumar Sato Abenov "
            "Omarova Nguyen O'Brien Van der Berg").split()


def parse_size(s):
    mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if s[-1].upper() in mult:
        return int(float(s[:-1]) * mult[s[-1].upper()])
    return int(s)


class Universe:
    """Institutions, sources and topics, with skewed draws."""

    def __init__(self, rnd, n_inst=20000):
        self.rnd = rnd
        cw = [1.0 / (i + 1) ** 0.9 for i in range(len(COUNTRIES))]
        self.inst = []
        for i in range(n_inst):
            iid = 4200000000 + i * 7919 if i % 3 else 10000 + i * 131
            cc = rnd.choices(COUNTRIES, cw)[0]
            name = "%s %s of %s" % (rnd.choice(["University", "Institute",
                                                "Hospital", "Academy",
                                                "College"]),
                                    rnd.choice(WORDS).title(),
                                    rnd.choice(SURNAMES))
            ror = "0%s" % "".join(rnd.choice("0123456789abcdefghjkmnpqrstvwxyz")
                                  for _ in range(8))
            self.inst.append({"id": "https://openalex.org/I%d" % iid,
                              "display_name": name,
                              "ror": "https://ror.org/" + ror,
                              "country_code": None if i % 97 == 5 else cc,
                              "type": rnd.choice(["education", "healthcare",
                                                  "facility", "company"]),
                              "lineage": []})
        for i, d in enumerate(self.inst):
            d["lineage"] = [d["id"]]
            if i > 50 and i % 10 == 3:
                d["lineage"].append(self.inst[i % 50]["id"])
        weights = [1.0 / (i + 1) ** 1.1 for i in range(n_inst)]
        self.cum = list(itertools.accumulate(weights))
        self.sources = [{"id": "https://openalex.org/S%d" % (100000 + i * 37),
                         "display_name": "Journal of %s %s" % (
                             rnd.choice(WORDS).title(), rnd.choice(WORDS).title()),
                         "issn_l": "%04d-%04d" % (rnd.randrange(10000), rnd.randrange(10000)),
                         "issn": ["%04d-%04d" % (rnd.randrange(10000), rnd.randrange(10000))],
                         "is_oa": rnd.random() < 0.3, "is_in_doaj": rnd.random() < 0.2,
                         "is_core": True,
                         "host_organization": "https://openalex.org/P%d" % (4310000000 + i),
                         "host_organization_name": "%s Press" % rnd.choice(SURNAMES),
                         "host_organization_lineage": ["https://openalex.org/P%d" % (4310000000 + i)],
                         "type": "journal"} for i in range(2000)]

    def institution(self):
        r = self.rnd.random() * self.cum[-1]
        return self.inst[bisect.bisect_left(self.cum, r)]


def words(rnd, n):
    return " ".join(rnd.choice(WORDS) for _ in range(n))


def person(rnd):
    return "%s %s" % (rnd.choice(NAMES), rnd.choice(SURNAMES))


def work(rnd, u, n):
    year = rnd.choices(range(2012, 2025), range(1, 14))[0]
    wid = "https://openalex.org/W%d" % (2000000000 + n * 13)
    nauth = min(int(rnd.paretovariate(1.6)) + rnd.randrange(3), 60)
    team = [u.institution() for _ in range(1 + rnd.randrange(3))]
    auths = []
    for k in range(nauth):
        insts = [rnd.choice(team)] if rnd.random() < 0.93 else []
        if insts and rnd.random() < 0.1:
            insts.append(u.institution())
        ccs = sorted({i["country_code"] for i in insts if i["country_code"]})
        if rnd.random() < 0.05:
            ccs = []        # the fallback to institutions' country_code
        name = person(rnd)
        auths.append({
            "author_position": "first" if k == 0 else ("last" if k == nauth - 1 else "middle"),
            "author": {"id": "https://openalex.org/A%d" % (5000000000 + rnd.randrange(10 ** 8)),
                       "display_name": name,
                       "orcid": None if rnd.random() < 0.6 else
                       "https://orcid.org/0000-000%d-%04d-%04d" % (rnd.randrange(10), rnd.randrange(10000), rnd.randrange(10000))},
            "institutions": [{"id": i["id"], "display_name": i["display_name"],
                              "ror": i["ror"], "country_code": i["country_code"],
                              "type": i["type"], "lineage": i["lineage"]} for i in insts],
            "countries": ccs,
            "is_corresponding": k == 0,
            "raw_author_name": name,
            "raw_affiliation_strings": ["%s, %s" % (i["display_name"], i["country_code"]) for i in insts],
            "affiliations": [{"raw_affiliation_string": "%s, %s" % (i["display_name"], i["country_code"]),
                              "institution_ids": [i["id"]]} for i in insts],
        })
    countries = sorted({c for a in auths for c in a["countries"]})
    title = words(rnd, 6 + rnd.randrange(10)).capitalize()
    src = rnd.choice(u.sources)
    abstract = None
    if rnd.random() < 0.75:
        abstract = {}
        for pos in range(80 + rnd.randrange(200)):
            abstract.setdefault(rnd.choice(WORDS), []).append(pos)
    doi = "https://doi.org/10.%d/%s.%d" % (1000 + rnd.randrange(9000), rnd.choice(WORDS), n)
    topic = {"id": "https://openalex.org/T%d" % (10000 + rnd.randrange(4000)),
             "display_name": words(rnd, 4).title(), "score": round(rnd.random(), 4),
             "subfield": {"id": "https://openalex.org/subfields/%d" % rnd.randrange(2700),
                          "display_name": words(rnd, 2).title()},
             "field": {"id": "https://openalex.org/fields/%d" % rnd.randrange(30),
                       "display_name": words(rnd, 2).title()},
             "domain": {"id": "https://openalex.org/domains/%d" % rnd.randrange(4),
                        "display_name": words(rnd, 2).title()}}
    return {
        "id": wid, "doi": doi, "title": title, "display_name": title,
        "publication_year": year,
        "publication_date": "%d-%02d-%02d" % (year, 1 + rnd.randrange(12), 1 + rnd.randrange(28)),
        "ids": {"openalex": wid, "doi": doi, "mag": str(rnd.randrange(10 ** 10)),
                "pmid": "https://pubmed.ncbi.nlm.nih.gov/%d" % rnd.randrange(10 ** 8)},
        "language": rnd.choice(["en", "en", "en", "zh", "ru", "es", "de"]),
        "primary_location": {"is_oa": src["is_oa"], "landing_page_url": doi, "pdf_url": None,
                             "source": src, "license": None, "license_id": None,
                             "version": "publishedVersion", "is_accepted": True,
                             "is_published": True},
        "type": "article", "type_crossref": "journal-article", "indexed_in": ["crossref", "pubmed"],
        "open_access": {"is_oa": src["is_oa"], "oa_status": "gold" if src["is_oa"] else "closed",
                        "oa_url": None, "any_repository_has_fulltext": False},
        "authorships": auths,
        "institution_assertions": [],
        "countries_distinct_count": len(countries),
        "institutions_distinct_count": len({i["id"] for a in auths for i in a["institutions"]}),
        "corresponding_author_ids": [auths[0]["author"]["id"]] if auths else [],
        "corresponding_institution_ids": [i["id"] for i in auths[0]["institutions"]] if auths else [],
        "apc_list": None, "apc_paid": None,
        "fwci": round(rnd.random() * 4, 3), "has_fulltext": rnd.random() < 0.5,
        "fulltext_origin": "ngrams", "cited_by_count": int(rnd.paretovariate(1.2)) - 1,
        "citation_normalized_percentile": {"value": round(rnd.random(), 6),
                                           "is_in_top_1_percent": False,
                                           "is_in_top_10_percent": rnd.random() < 0.1},
        "cited_by_percentile_year": {"min": 70, "max": 75},
        "biblio": {"volume": str(rnd.randrange(1, 300)), "issue": str(rnd.randrange(1, 12)),
                   "first_page": str(rnd.randrange(1, 900)), "last_page": None},
        "is_retracted": False, "is_paratext": False,
        "primary_topic": topic, "topics": [topic, topic],
        "keywords": [{"id": "https://openalex.org/keywords/%s" % w, "display_name": w,
                      "score": round(rnd.random(), 6)} for w in rnd.sample(WORDS, 3)],
        "concepts": [{"id": "https://openalex.org/C%d" % rnd.randrange(10 ** 9),
                      "wikidata": "https://www.wikidata.org/wiki/Q%d" % rnd.randrange(10 ** 7),
                      "display_name": w.title(), "level": rnd.randrange(4),
                      "score": round(rnd.random(), 7)} for w in rnd.sample(WORDS, 5)],
        "mesh": [], "locations_count": 1, "locations": [],
        "best_oa_location": None,
        "sustainable_development_goals": [{"id": "https://metadata.un.org/sdg/3",
                                           "display_name": "Good health and well-being",
                                           "score": 0.61}] if rnd.random() < 0.3 else [],
        "grants": [], "datasets": [], "versions": [],
        "referenced_works_count": 0,
        "referenced_works": ["https://openalex.org/W%d" % rnd.randrange(10 ** 10)
                             for _ in range(int(rnd.paretovariate(1.5) * 8))][:200],
        "related_works": ["https://openalex.org/W%d" % rnd.randrange(10 ** 10) for _ in range(10)],
        "abstract_inverted_index": abstract,
        "abstract_inverted_index_v3": None,
        "cited_by_api_url": "https://api.openalex.org/works?filter=cites:W%d" % (2000000000 + n * 13),
        "counts_by_year": [{"year": y, "cited_by_count": rnd.randrange(20)}
                           for y in range(2024, year - 1, -1)][:8],
        "updated_date": "2024-11-%02dT05:%02d:11.123456" % (1 + rnd.randrange(28), rnd.randrange(60)),
        "created_date": "%d-%02d-01" % (year, 1 + rnd.randrange(12)),
    }


# rough centres (latitude, longitude) of the generator's countries
CENTRES = {
    "US": (39, -98), "CN": (35, 105), "GB": (53, -2), "DE": (51, 10), "JP": (36, 138),
    "FR": (46, 2), "IN": (21, 78), "IT": (43, 12), "CA": (56, -106), "AU": (-25, 134),
    "ES": (40, -4), "KR": (36, 128), "BR": (-10, -52), "NL": (52, 5), "RU": (56, 38),
    "CH": (47, 8), "SE": (60, 15), "PL": (52, 19), "TR": (39, 35), "IR": (32, 53),
    "BE": (50, 4), "DK": (56, 10), "AT": (47, 14), "NO": (61, 9), "IL": (31, 35),
    "FI": (62, 26), "PT": (39, -8), "MX": (23, -102), "CZ": (50, 15), "ZA": (-29, 24),
    "SG": (1, 104), "GR": (39, 22), "NZ": (-41, 174), "IE": (53, -8), "HU": (47, 19),
    "EG": (27, 30), "SA": (24, 45), "MY": (4, 102), "PK": (30, 70), "TH": (15, 101),
    "AR": (-34, -64), "CL": (-33, -71), "CO": (4, -74), "NG": (9, 8), "KZ": (48, 68),
    "UA": (49, 32), "RO": (46, 25), "VN": (16, 107), "ID": (-2, 118), "HK": (22, 114),
    "MO": (22, 114), "TW": (24, 121),
}


def write_records(u, path, seed):
    """The universe as OpenAlex institution records (one JSON object a line)."""
    geo = random.Random(seed + 3)
    with open(path, "w") as f:
        for i in u.inst:
            cc = i["country_code"]
            lat, lon = CENTRES.get(cc, (0, 0))
            rec = {"id": i["id"], "ror": i["ror"], "display_name": i["display_name"],
                   "country_code": cc, "type": i["type"],
                   "lineage": i["lineage"],
                   "geo": None if geo.random() < 0.02 else {
                       "city": "City %d" % geo.randrange(1000), "country_code": cc,
                       "latitude": round(lat + geo.uniform(-3, 3), 5),
                       "longitude": round(lon + geo.uniform(-3, 3), 5)},
                   "works_count": geo.randrange(100000),
                   "counts_by_year": [{"year": y, "works_count": geo.randrange(5000)}
                                      for y in range(2024, 2014, -1)],
                   "associated_institutions": []}
            f.write(json.dumps(rec) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bytes", required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--institutions-out")
    ap.add_argument("--records-out")
    ap.add_argument("--pick", type=int, default=50)
    ap.add_argument("out")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    u = Universe(rnd)
    if a.institutions_out:
        # the N/2 largest and N/2 drawn from the tail, as short ids
        h = a.pick // 2
        pick = u.inst[:h] + [u.inst[i] for i in
                             random.Random(a.seed + 1).sample(range(h, len(u.inst)), a.pick - h)]
        with open(a.institutions_out, "w") as f:
            f.write("# institutions for the benchmark (OpenAlex ids)\n")
            for i in pick:
                f.write(i["id"].rsplit("/", 1)[1] + "\n")
    if a.records_out:
        write_records(u, a.records_out, a.seed)
    target = parse_size(a.bytes)
    out = sys.stdout.buffer if a.out == "-" else open(a.out, "wb")
    written = 0
    n = 0
    esc = random.Random(a.seed + 2)
    while written < target:
        w = work(rnd, u, n)
        # the snapshot has raw UTF-8; a share of lines escapes like Python does
        line = json.dumps(w, ensure_ascii=esc.random() < 0.2) + "\n"
        b = line.encode("utf-8")
        out.write(b)
        written += len(b)
        n += 1
    out.flush()
    if out is not sys.stdout.buffer:
        out.close()
    print("gen_works: %d works, %d bytes" % (n, written), file=sys.stderr)


if __name__ == "__main__":
    main()
