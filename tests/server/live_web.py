#!/usr/bin/env python3
"""Lays out the bundled example's web as its publishers serve it.

    python3 tests/server/live_web.py DOCROOT SNAPSHOTS BASE

From the example's snapshots (indicators/snapshots), writes under DOCROOT
what tests/server/server.py serves at BASE (http://127.0.0.1:PORT) for the
example's https://HOST/ URLs: THE's edition pages linking their data
files, QS's ranking pages with their nid and the rankings endpoint's
files, the ARWU API by edition, the national ranking, the news page and
the OpenAlex /works pages. Used by tests/e2e/live.sh and nights.sh; the
group_by answers are tests/server/oa_groups.py's.
"""
import hashlib, json, os, shutil, sys
w, snap, base = sys.argv[1:4]
def put(path, data):
    p = os.path.join(w, path)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "wb").write(data if isinstance(data, bytes) else data.encode())
for y in range(2019, 2027):
    # THE: the page links its data file in Drupal's settings, slashes escaped
    data = open(os.path.join(snap, "the-wur-%d.json" % y), "rb").read()
    name = "world_university_rankings_%d_0__%s.json" % (y, hashlib.md5(data).hexdigest())
    put("www.timeshighereducation.com/sites/default/files/the_data_rankings/" + name, data)
    link = json.dumps(base + "/www.timeshighereducation.com/sites/default/files/the_data_rankings/" + name)
    put("www.timeshighereducation.com/world-university-rankings/%d/world-ranking" % y,
        '<!DOCTYPE html><html><head><script>jQuery.extend(Drupal.settings, {"the_data_rankings":{"url":%s}});'
        '</script></head><body><table id="datatable-1" class="rankings-table"></table></body></html>\n'
        % link.replace("/", "\\/"))
for y in range(2019, 2027):
    for kind, path, nid in (("qs-wur", "world-university-rankings/%d", 3900000 + y),
                            ("qs-eeca", "university-rankings/eeca-rankings/%d", 3800000 + y)):
        if kind == "qs-eeca" and y > 2023:
            continue
        put("www.topuniversities.com/" + path % y,
            '<html><head><script>jQuery.extend(Drupal.settings, {"qs_rankings_rest_api":{"nid":"%d","items_per_page":25}});'
            '</script></head><body><div id="ranking-data-load"></div></body></html>\n' % nid)
        shutil.copy(os.path.join(snap, "%s-%d.json" % (kind, y)), os.path.join(w, "qs-endpoint-%d.json" % nid))
        os.makedirs(os.path.join(w, "qs-endpoint"), exist_ok=True)
        os.rename(os.path.join(w, "qs-endpoint-%d.json" % nid), os.path.join(w, "qs-endpoint", "%d.json" % nid))
    if y > 2023:
        continue
    put("www.shanghairanking.com/api/pub/v1/arwu/rank/version_%d" % y,
        open(os.path.join(snap, "arwu-%d.json" % y), "rb").read())
put("iaar.agency/en/rankings/medical-universities.json", open(os.path.join(snap, "national-ranking.json"), "rb").read())
put("qmu.edu.kz/en/news", open(os.path.join(snap, "kmu-news.html"), "rb").read())
shutil.copytree(os.path.join(snap, "openalex"), os.path.join(w, "openalex"))
