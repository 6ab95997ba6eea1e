#!/usr/bin/env python3
"""A plain static host without rewrite rules, standing for a bucket website (S3, GCS) or GitHub
Pages: it serves the files under ROOT as they are, index.html for a folder, and answers any
unknown path with status 404 and the 404.html of the deepest existing folder above it that has
one (nothing else: no directory listings, no fallback to index.html). Each request is logged on
stderr as `"GET /path HTTP/1.1" status`.

Usage: scripts/static-host.py ROOT [PORT]     (port 0, the default, picks a free port)
Prints `listening on http://127.0.0.1:PORT` once it is bound.
"""

import functools
import http.server
import os
import posixpath
import sys
import urllib.parse


class StaticHost(http.server.SimpleHTTPRequestHandler):
    def list_directory(self, path):
        self.send_error(404)  # a folder without index.html is not a page

    def send_error(self, code, message=None, explain=None):
        page = self.error_page() if code == 404 else None
        if page is None:
            return super().send_error(code, message, explain)
        with open(page, "rb") as f:
            body = f.read()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def error_page(self):
        """The 404.html of the deepest existing folder on the request's path, if any."""
        path = posixpath.normpath(urllib.parse.unquote(urllib.parse.urlsplit(self.path).path))
        parts = [p for p in path.split("/") if p and p not in (".", "..")]
        for depth in range(len(parts), -1, -1):
            folder = os.path.join(self.directory, *parts[:depth])
            page = os.path.join(folder, "404.html")
            if os.path.isdir(folder) and os.path.isfile(page):
                return page
        return None


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: scripts/static-host.py ROOT [PORT]")
    root = os.path.abspath(sys.argv[1])
    port = int(sys.argv[2]) if len(sys.argv) == 3 else 0
    handler = functools.partial(StaticHost, directory=root)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
