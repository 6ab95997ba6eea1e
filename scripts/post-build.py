#!/usr/bin/env python3
"""Trunk post_build hook (see Trunk.toml): finishes index.html in trunk's staging directory.

1. Inserts a Content-Security-Policy <meta> before the first <script> of the page. Its script-src
   allows 'self', 'wasm-unsafe-eval' and a sha256 hash of each inline script as built (the base
   script of index.html and trunk's loader, which changes with every build): no 'unsafe-inline',
   no 'unsafe-eval'.
2. Writes 404.html, identical to index.html, for static hosts without rewrite rules that answer
   unknown paths with 404.html (GitHub Pages, Netlify, Cloudflare Pages, S3/GCS websites).
3. Then, so that they match the final files, writes a brotli (`.br`, quality 11) and a gzip
   (`.gz`, level 9) copy beside every asset (wasm, js, css, html, json, svg, ...), for servers
   that send precompressed files by Accept-Encoding (the reference server, nginx's
   brotli_static/gzip_static, Caddy's `precompressed`). Brotli comes from the `brotli` command
   (Debian's package, installed by scripts/install.sh), or from Python's `brotli` module.

Usage: run by trunk with TRUNK_STAGING_DIR set, or by hand: scripts/post-build.py DIR
"""

import base64
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys

# Everything but script-src; connect-src admits any Admin API origin the user types.
POLICY = [
    "default-src 'self'",
    None,  # script-src, from the page
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self' http: https:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
]

CSP_META = re.compile(r'[ \t]*<meta http-equiv="Content-Security-Policy"[^>]*>\n?', re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
CHARSET = re.compile(r"<meta\s+charset=[^>]*>\n?", re.I)


def fail(message):
    sys.exit(f"post-build: {message}")


def finish(html):
    html = CSP_META.sub("", html)  # idempotent: a second run replaces the policy
    hashes = []
    for script in SCRIPT.finditer(html):
        if re.search(r"\bsrc\s*=", script.group(1), re.I):
            continue  # an external script is covered by 'self'
        text = script.group(2).replace("\r\n", "\n").replace("\r", "\n")  # as the parser sees it
        digest = hashlib.sha256(text.encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    script_src = " ".join(["script-src 'self' 'wasm-unsafe-eval'", *hashes])
    policy = "; ".join(script_src if part is None else part for part in POLICY)

    # Right after <meta charset> (which must stay within the first 1024 bytes), else after <head>.
    head = re.search(r"<head\b[^>]*>\n?", html, re.I)
    if not head:
        fail("index.html has no <head>")
    at = head.end()
    indent = re.match(r"\s*", html[at:]).group(0)
    charset = CHARSET.match(html, at + len(indent))
    if charset:
        at = charset.end()
    indent = re.match(r"[ \t]*", html[at:]).group(0)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />\n'
    html = html[:at] + indent + meta + html[at:]

    first_script = html.lower().find("<script")
    if first_script != -1 and first_script < html.find(meta):
        fail("the Content-Security-Policy would come after a <script>")
    return html, len(hashes)


# Files worth a compressed copy: text and wasm. Images other than svg are compressed already.
COMPRESSIBLE = {
    ".wasm", ".js", ".mjs", ".css", ".html", ".json", ".svg", ".ico", ".txt", ".map", ".xml",
    ".webmanifest",
}


def run(command, data):
    return subprocess.run(command, input=data, stdout=subprocess.PIPE, check=True).stdout


def gzip_compressor():
    """A function from bytes to gzip -9 bytes with no name or time in them (the same input always
    gives the same bytes): GNU gzip, as scripts/build-console.sh measured before, else Python's."""
    cli = shutil.which("gzip")
    if cli:
        return lambda data: run([cli, "-9", "-n", "-c"], data)
    return lambda data: gzip.compress(data, compresslevel=9, mtime=0)


def brotli_compressor():
    """A function from bytes to brotli bytes at quality 11: the brotli CLI, else the module."""
    cli = shutil.which("brotli")
    if cli:
        return lambda data: run([cli, "--quality=11", "--stdout", "-"], data)
    try:
        import brotli  # PyPI's brotli (or Debian's python3-brotli)
    except ImportError:
        fail("no brotli: install Debian's `brotli` package (scripts/install.sh does)")
    return lambda data: brotli.compress(data, quality=11)


def compress_all(staging):
    """Writes NAME.br and NAME.gz beside every compressible file; returns how many files."""
    to_gzip, to_brotli = gzip_compressor(), brotli_compressor()
    count = 0
    for folder, _, names in os.walk(staging):
        for name in sorted(names):
            if os.path.splitext(name)[1].lower() not in COMPRESSIBLE:
                continue  # also skips the .br and .gz copies of an earlier run
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                data = f.read()
            with open(path + ".gz", "wb") as f:
                f.write(to_gzip(data))
            with open(path + ".br", "wb") as f:
                f.write(to_brotli(data))
            count += 1
    return count


def main():
    staging = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        fail("no directory: set TRUNK_STAGING_DIR or pass one")
    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8", newline="") as f:
        html, scripts = finish(f.read())
    for name in ("index.html", "404.html"):
        with open(os.path.join(staging, name), "w", encoding="utf-8", newline="") as f:
            f.write(html)
    compressed = compress_all(staging)
    print(
        f"post-build: CSP with {scripts} inline script hash(es); 404.html = index.html;"
        f" .br and .gz beside {compressed} files"
    )


if __name__ == "__main__":
    main()
