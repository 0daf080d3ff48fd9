#!/usr/bin/env python3
"""Loopback HTTP server for the end-to-end web tests (tests/e2e/web.sh).

    python3 tests/server/server.py DOCROOT PORTFILE LOGFILE

Listens on 127.0.0.1 on a free port, writes the port to PORTFILE once it
accepts connections, and appends one line per request to LOGFILE:
"GET /path inm=<If-None-Match or -> ims=<If-Modified-Since or ->".
Files under DOCROOT are served with an ETag (a hash of the content) and
Last-Modified; a matching If-None-Match gets 304. Fault modes are chosen
by the path, /fault/MODE/REST serving the file REST when it serves one:

  500-then-200/REST   500 on the first request to this path, then the file
  503/REST            503, always
  429/N/REST          429 with "Retry-After: N" on the first request, then the file
  429-date/REST       the same with Retry-After as an HTTP date two seconds ahead
  429-forever/N/REST  429 with "Retry-After: N", always
  slow/REST           the headers and 10 bytes, then nothing for 10 s
  short/REST          a Content-Length 100 bytes longer than the body sent
  big/REST            a chunked body of 2 MB (no Content-Length)
  big-cl/REST         a 2 MB body with its Content-Length
  redirect-file/REST  302 to file:///etc/passwd
  loop/REST           302 to itself
  html/REST           an HTML page with 200 (where JSON is expected)
  badjson/REST        the first half of the file (invalid JSON), 200
  empty/REST          200 with an empty body
  404/REST            404
  redirect/REST       302 to /REST (followed)
  delay/MS/REST       the file after MS milliseconds; the log line gives the
                      number of delay requests in flight ("inflight=N")
  503-html/REST       503 with an HTML page, always
  429-spent/REST      429 with "Retry-After: 3600" and "X-RateLimit-Remaining: 0"
  spent/REST          REST served with "X-RateLimit-Remaining: 0" (the quota is spent)
  fail-page/N/REST    REST, but a 500 with an HTML page for page N of an API query

A query string is ignored when serving a file, unless DOCROOT/PATH/QUERY
exists (QUERY with every byte but [A-Za-z0-9._-] made '_'): then that file
is served (the ARWU API's rank?version=YEAR).

Hosts (tests/e2e/live.sh): a path may start with the real host it stands
for, /api.openalex.org/works?..., /www.topuniversities.com/..., which the
configuration copy under test points at instead of https://HOST/.

Institution registries: /api.openalex.org/institutions?search=S and
/api.openalex.org/institutions/ID answer from DOCROOT/institutions/openalex.json
(a list of OpenAlex institution records; a search matches any record whose
JSON contains S, case-insensitively), /api.ror.org/organizations?query=S
and /api.ror.org/organizations/ID from DOCROOT/institutions/ror.json.

The QS rankings endpoint: REST ".../rankings/endpoint?nid=NID&page=P&
items_per_page=N" serves page P (from 0) of DOCROOT/qs-endpoint/NID.json
(its "score_nodes" in pages of min(N, $QS_PAGE_SIZE) with "total_record").

The OpenAlex /works API: REST "openalex/works?filter=authorships.institutions.
lineage:ID,...&cursor=C&..." serves DOCROOT/openalex/ID/page-N.json: page 1
for cursor "*", else the page after the one whose meta.next_cursor is C.
A group_by query (filter=F&group_by=G) serves
DOCROOT/openalex-groupby/KEY.json (KEY: F@G with every byte but
[A-Za-z0-9._-] made '_', cut at 120, and a hash of F@G;
tests/server/oa_groups.py writes them from a
configuration's snapshots): with a cursor, every group sorted by key in
pages of $OA_GROUP_PAGE_SIZE (at most 200) along meta.next_cursor "p1",
"p2", ... (null on the last); without one, the 200 largest. With OA_EXPECT_KEY in the environment, a request whose api_key is not that
key gets 403. Responses carry X-RateLimit-Limit and X-RateLimit-Remaining.
In the log, the api_key value is replaced by <ok> or <bad>.
"""
import email.utils
import hashlib
import os
import sys
import json
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DOCROOT, PORTFILE, LOGFILE = sys.argv[1], sys.argv[2], sys.argv[3]
EXPECT_KEY = os.environ.get("OA_EXPECT_KEY")
seen = {}
inflight = [0]
lock = threading.Lock()


def group_key(flt, group_by):
    """The file of a group_by query (tests/server/oa_groups.py writes them)."""
    full = flt + "@" + group_by
    return re.sub(r"[^A-Za-z0-9._-]", "_", full)[:120] + "-" + hashlib.sha256(full.encode()).hexdigest()[:12]


def first_time(path):
    with lock:
        n = seen.get(path, 0)
        seen[path] = n + 1
        return n == 0


class Handler(BaseHTTPRequestHandler):
    server_version = "intlkpi-test"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=(), length=None):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def api_page(self, rest):
        """The page number and file an OpenAlex query asks for, or an error."""
        q = urllib.parse.parse_qs(urllib.parse.urlsplit("/" + rest).query)
        m = re.match(r"authorships\.institutions\.lineage:(I[0-9]+),publication_year:\d{4}-\d{4}$",
                     q.get("filter", [""])[0])
        if not m:
            return 400, None
        d = os.path.join(DOCROOT, "openalex", m.group(1))
        cursor = q.get("cursor", [""])[0]
        n = 1
        if cursor != "*":
            n = 0
            k = 1
            while os.path.isfile(os.path.join(d, "page-%d.json" % k)):
                meta = json.load(open(os.path.join(d, "page-%d.json" % k)))["meta"]
                if meta.get("next_cursor") == cursor:
                    n = k + 1
                    break
                k += 1
        path = os.path.join(d, "page-%d.json" % n)
        return (200, path) if n and os.path.isfile(path) else (404, None)

    def serve_api(self, rest, remaining="99990", fail_page=0):
        q = urllib.parse.parse_qs(urllib.parse.urlsplit("/" + rest).query)
        if EXPECT_KEY is not None and q.get("api_key", [None])[0] != EXPECT_KEY:
            return self.send(403, b'{"error":"Forbidden","message":"invalid or missing api_key"}',
                             [("Content-Type", "application/json")])
        if "group_by" in q:
            return self.serve_group(q, remaining, fail_page)
        status, path = self.api_page(rest)
        if status != 200:
            return self.send(status, b'{"error":"Bad request","message":"no such page"}',
                             [("Content-Type", "application/json")])
        if fail_page and path.endswith("/page-%d.json" % fail_page):
            return self.send(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                             [("Content-Type", "text/html")])
        data = open(path, "rb").read()
        self.send(200, data, [("Content-Type", "application/json"),
                              ("X-RateLimit-Limit", "100000"),
                              ("X-RateLimit-Remaining", remaining)])

    def serve_group(self, q, remaining, fail_page=0):
        """A group_by query: DOCROOT/openalex-groupby/KEY.json (oa_groups.py), paged by cursor."""
        flt, group_by = q.get("filter", [""])[0], q.get("group_by", [""])[0]
        path = os.path.join(DOCROOT, "openalex-groupby", group_key(flt, group_by) + ".json")
        if not os.path.isfile(path):
            return self.send(400, b'{"error":"Bad request","message":"no such group_by"}',
                             [("Content-Type", "application/json")])
        doc = json.load(open(path))
        groups = doc["group_by"]
        meta = {"count": doc["meta"]["count"], "db_response_time_ms": 12, "page": None, "per_page": 200}
        if "cursor" in q:
            # cursor paging: every group, sorted by key, in pages
            size = min(200, int(os.environ.get("OA_GROUP_PAGE_SIZE", "200")))
            cursor = q["cursor"][0]
            n = 0 if cursor == "*" else int(cursor[1:]) if re.match(r"p[0-9]+$", cursor) else -1
            if n < 0:
                return self.send(400, b'{"error":"Bad request","message":"invalid cursor"}',
                                 [("Content-Type", "application/json")])
            if fail_page and n + 1 == fail_page:
                return self.send(500, b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                                 [("Content-Type", "text/html")])
            groups = sorted(groups, key=lambda g: g["key"])
            part = groups[n * size:(n + 1) * size]
            meta["next_cursor"] = "p%d" % (n + 1) if part and (n + 1) * size < len(groups) else None
        else:
            part = sorted(groups, key=lambda g: -g["count"])[:200]
        meta["groups_count"] = len(part)
        body = json.dumps({"meta": meta, "results": [], "group_by": part}, ensure_ascii=False).encode()
        self.send(200, body, [("Content-Type", "application/json"),
                              ("X-RateLimit-Limit", "100000"),
                              ("X-RateLimit-Remaining", remaining)])

    def serve_registry(self, rest, name, list_key, query_key, id_of):
        """OpenAlex /institutions and ROR /organizations over DOCROOT/institutions/NAME.json."""
        recs = json.load(open(os.path.join(DOCROOT, "institutions", name + ".json")))
        u = urllib.parse.urlsplit("/" + rest)
        parts = u.path.strip("/").split("/")
        if len(parts) == 3:
            hit = [r for r in recs if id_of(r) == parts[2]]
            if not hit:
                return self.send(404, b'{"error":"not found"}', [("Content-Type", "application/json")])
            return self.send(200, json.dumps(hit[0]).encode(), [("Content-Type", "application/json")])
        q = urllib.parse.parse_qs(u.query).get(query_key, [""])[0].lower()
        hit = [r for r in recs if q and q in json.dumps(r, ensure_ascii=False).lower()]
        body = {list_key: hit, "meta": {"count": len(hit)}} if list_key == "results" else \
            {"number_of_results": len(hit), list_key: hit}
        self.send(200, json.dumps(body).encode(), [("Content-Type", "application/json"),
                                                   ("X-RateLimit-Remaining", "99990")])

    def serve_qs(self, rest):
        q = urllib.parse.parse_qs(urllib.parse.urlsplit("/" + rest).query)
        nid, page = q.get("nid", [""])[0], q.get("page", ["0"])[0]
        path = os.path.join(DOCROOT, "qs-endpoint", nid + ".json")
        if not re.match(r"[0-9]+$", nid) or not re.match(r"[0-9]+$", page) or not os.path.isfile(path):
            return self.send(404, b'{"message":"no such ranking"}', [("Content-Type", "application/json")])
        size = min(int(q.get("items_per_page", ["25"])[0]), int(os.environ.get("QS_PAGE_SIZE", "500")))
        nodes = json.load(open(path))["score_nodes"]
        part = nodes[int(page) * size:(int(page) + 1) * size]
        body = json.dumps({"score_nodes": part, "total_record": len(nodes)}).encode()
        self.send(200, body, [("Content-Type", "application/json")])

    def serve_file(self, rest):
        if rest.startswith("openalex/"):
            return self.serve_api(rest)
        if rest.startswith("api.openalex.org/works"):
            return self.serve_api("openalex/" + rest[len("api.openalex.org/"):])
        if "/rankings/endpoint?" in rest:
            return self.serve_qs(rest)
        if rest.startswith("api.openalex.org/institutions"):
            return self.serve_registry(rest, "openalex", "results", "search",
                                       lambda r: r["id"].rsplit("/", 1)[-1])
        if rest.startswith("api.ror.org/organizations"):
            return self.serve_registry(rest, "ror", "items", "query",
                                       lambda r: r["id"].rsplit("/", 1)[-1])
        if "?" in rest:
            base, query = rest.split("?", 1)
            alt = os.path.join(DOCROOT, base, re.sub(r"[^A-Za-z0-9._-]", "_", query))
            if ".." not in base.split("/") and os.path.isfile(alt):
                rest = base + "/" + re.sub(r"[^A-Za-z0-9._-]", "_", query)
        rest = rest.split("?")[0]
        path = os.path.join(DOCROOT, rest)
        if ".." in rest.split("/") or not os.path.isfile(path):
            return self.send(404, b"not found\n")
        data = open(path, "rb").read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        mtime = email.utils.formatdate(os.path.getmtime(path), usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, headers=[("ETag", etag)], length=0)
        ctype = "application/json" if rest.endswith(".json") else "text/html; charset=utf-8"
        self.send(200, data, [("Content-Type", ctype), ("ETag", etag), ("Last-Modified", mtime)])

    def do_GET(self):
        parts = self.path.lstrip("/").split("/")
        delayed = len(parts) > 3 and parts[0] == "fault" and parts[1] == "delay"
        with lock:
            inflight[0] += delayed
            shown = re.sub(r"api_key=[^&]*", lambda m: "api_key=<%s>" % (
                "ok" if EXPECT_KEY is not None and m.group(0) == "api_key=" +
                urllib.parse.quote(EXPECT_KEY, safe="-._~*") else "bad"), self.path)
            with open(LOGFILE, "a") as log:
                log.write("GET %s inm=%s ims=%s inflight=%d\n" % (shown,
                          self.headers.get("If-None-Match", "-"),
                          self.headers.get("If-Modified-Since", "-"), inflight[0]))
        if delayed:
            time.sleep(int(parts[2]) / 1000)
            with lock:
                inflight[0] -= 1
            return self.serve_file("/".join(parts[3:]))
        if parts[0] != "fault":
            if parts[0] == "redirect":
                return self.send(302, headers=[("Location", "/" + "/".join(parts[1:]))])
            return self.serve_file("/".join(parts))
        mode, rest = parts[1], "/".join(parts[2:])
        if mode == "500-then-200":
            if first_time(self.path):
                return self.send(500, b"internal error\n")
            return self.serve_file(rest)
        if mode == "503":
            return self.send(503, b"unavailable\n")
        if mode in ("429", "429-forever"):
            after, rest = parts[2], "/".join(parts[3:])
            if mode == "429-forever" or first_time(self.path):
                return self.send(429, b"slow down\n", [("Retry-After", after)])
            return self.serve_file(rest)
        if mode == "429-date":
            if first_time(self.path):
                when = email.utils.formatdate(time.time() + 2, usegmt=True)
                return self.send(429, b"slow down\n", [("Retry-After", when)])
            return self.serve_file(rest)
        if mode == "slow":
            self.send_response(200)
            self.send_header("Content-Length", "4096")
            self.end_headers()
            self.wfile.write(b"<html><bo")
            self.wfile.flush()
            time.sleep(10)
            return
        if mode == "short":
            data = open(os.path.join(DOCROOT, rest), "rb").read()
            return self.send(200, data, length=len(data) + 100)
        if mode == "big":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<!-- " + b"x" * 65526 + b" -->"
            for _ in range(32):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
            return
        if mode == "big-cl":
            return self.send(200, b" " * (2 << 20))
        if mode == "redirect-file":
            return self.send(302, headers=[("Location", "file:///etc/passwd")])
        if mode == "loop":
            return self.send(302, headers=[("Location", self.path)])
        if mode == "html":
            return self.send(200, b"<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>\n",
                             [("Content-Type", "text/html")])
        if mode == "badjson":
            data = open(os.path.join(DOCROOT, rest), "rb").read()
            return self.send(200, data[: len(data) // 2], [("Content-Type", "application/json")])
        if mode == "empty":
            return self.send(200, b"")
        if mode == "503-html":
            return self.send(503, b"<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>\n",
                             [("Content-Type", "text/html")])
        if mode == "429-spent":
            return self.send(429, b"<html><body>Too Many Requests</body></html>\n",
                             [("Retry-After", "3600"), ("X-RateLimit-Remaining", "0")])
        if mode == "spent":
            return self.serve_api(rest, remaining="0")
        if mode == "fail-page":
            return self.serve_api("/".join(parts[3:]), fail_page=int(parts[2]))
        return self.send(404, b"no such fault\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that gives up (a timeout, a size limit) is expected


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    tmp = PORTFILE + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, PORTFILE)
    srv.serve_forever()


if __name__ == "__main__":
    main()
