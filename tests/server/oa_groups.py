#!/usr/bin/env python3
"""Serves a configuration's openalex-group snapshots as the OpenAlex API would.

    python3 tests/server/oa_groups.py CONFIG DOCROOT

For every openalex-group source of CONFIG/sources/ with a snapshot, writes
the answer to each query intlkpi makes (one per unit and institution) as
DOCROOT/openalex-groupby/KEY.json, KEY being the query's filter and
group_by (server.py's group_key): {"meta": {"count"}, "group_by": [...]},
every group in one file; server.py pages it by cursor. The queries are
built here as config/group.c builds them, so a test fails when the
program asks for something else. A snapshot is the body intlkpi keeps for
a unit (every page merged; {"institutions": [...]} when peers are asked
for), split back into one answer per institution.
"""
import hashlib
import json
import os
import re
import sys


def group_key(flt, group_by):
    full = flt + "@" + group_by
    return re.sub(r"[^A-Za-z0-9._-]", "_", full)[:120] + "-" + hashlib.sha256(full.encode()).hexdigest()[:12]


def short(i):
    return i.rsplit("/", 1)[-1] if i else None


def main():
    cfg, docroot = sys.argv[1:3]
    profile = json.load(open(os.path.join(cfg, "profile.json")))
    names = [n for n in [profile["name"]] + profile.get("aliases", [])
             if len(n) >= 6 and not set(n) & set(',|"')]
    out = os.path.join(docroot, "openalex-groupby")
    os.makedirs(out, exist_ok=True)
    for f in sorted(os.listdir(os.path.join(cfg, "sources"))):
        s = json.load(open(os.path.join(cfg, "sources", f)))
        if s.get("kind") != "openalex-group" or not s.get("snapshot"):
            continue
        y0, y1 = s.get("years", [profile["period"]["from"], profile["period"]["to"]])
        us = any(m.get("of") != "peers" for m in s["metrics"])
        peers = any(m.get("of") == "peers" for m in s["metrics"])
        insts = ([short(profile["openalex_id"])] if us else []) + \
            ([short(p["openalex_id"]) for p in profile.get("peers", []) if p.get("openalex_id")] if peers else [])
        period = s.get("per") == "period"
        for y in ([None] if period else range(y0, y1 + 1)):
            snap = os.path.join(cfg, s["snapshot"].replace("{year}", str(y)))
            doc = json.load(open(snap))
            answers = {a["id"]: a for a in doc["institutions"]} if "institutions" in doc else {insts[0]: doc}
            for i in insts:
                if s.get("unlinked"):
                    flt = "raw_affiliation_strings.search:%s,authorships.institutions.lineage:!%s" % ("|".join(names), i)
                else:
                    flt = "authorships.institutions.lineage:%s" % i
                flt += ",publication_year:%d-%d" % (y0, y1) if period else ",publication_year:%d" % y
                if s.get("filter"):
                    flt += "," + s["filter"]
                a = answers[i]
                with open(os.path.join(out, group_key(flt, s["group_by"]) + ".json"), "w") as w:
                    json.dump({"meta": {"count": a["meta"]["count"]}, "group_by": a["group_by"]}, w,
                              ensure_ascii=False)


if __name__ == "__main__":
    main()
