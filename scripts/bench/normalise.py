#!/usr/bin/env python3
"""normalise.py OUT.json: intlkpi works JSON as sorted lines
'R,subject,year,works,intl' and 'C,subject,year,country,works'."""
import json
import sys

d = json.load(open(sys.argv[1]))
lines = []
for inst in d["institutions"]:
    for y in inst["years"]:
        lines.append("R,%s,%d,%d,%d" % (inst["id"], y["year"], y["works"], y["works_intl"]))
        for c in y["partner_countries"]:
            lines.append("C,%s,%d,%s,%d" % (inst["id"], y["year"], c["country"], c["works"]))
print("\n".join(sorted(lines)))
