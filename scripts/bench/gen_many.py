#!/usr/bin/env python3
"""Writes small OpenAlex works over many institutions, for the scale tests.

usage: gen_many.py --institutions N --works M [--seed S] OUT
Each work has 1-3 institutions drawn uniformly from I0..I(N-1) (countries
from a short list by institution number), a year 2015-2024 and nothing
else, so the file is small and every institution appears. Prints the
number of distinct institutions seen on stdout.
"""
import argparse
import random

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("--institutions", type=int, required=True)
ap.add_argument("--works", type=int, required=True)
ap.add_argument("--seed", type=int, default=7)
ap.add_argument("out")
a = ap.parse_args()
rnd = random.Random(a.seed)
cc = ["US", "KZ", "DE", "CN", "FR", "BR"]
seen = set()
with open(a.out, "w") as out:
    for w in range(a.works):
        ids = rnd.sample(range(a.institutions), 1 + rnd.randrange(3))
        seen.update(ids)
        au = ",".join('{"countries":["%s"],"institutions":[{"id":"https://openalex.org/I%d",'
                      '"country_code":"%s"}]}' % (cc[i % 6], i, cc[i % 6]) for i in ids)
        out.write('{"id":"https://openalex.org/W%d","publication_year":%d,"authorships":[%s]}\n'
                  % (w, 2015 + w % 10, au))
print(len(seen))
