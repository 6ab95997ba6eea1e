"""A server that is up but sends no CORS headers, for the console's browser tests: the browser
refuses to let a page of another origin read its answers, as with an Admin API that does not
allow the console's origin. It answers every request with a 404 that carries
`Cross-Origin-Resource-Policy: cross-origin`, so that a `no-cors` probe may still see it from the
test runner's page, which is cross-origin isolated (COEP require-corp).

Usage: python3 scripts/no-cors-server.py  (prints "port N" once listening on 127.0.0.1)"""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def answer(self):
        self.send_response(404)
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_OPTIONS = do_DELETE = answer

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"port {server.server_address[1]}", flush=True)
server.serve_forever()
