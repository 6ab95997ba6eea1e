"""Sets the forced faults of a reference server in test fault mode for the console's browser
tests. The server takes them as `PUT /__test/faults`, which its CORS rules (GET, POST and DELETE
only) do not let a page of another origin send; this relay takes the same body as
`POST /__test/faults` from the test runner's page, with CORS headers, and sends it on as the PUT.
Everything else about fault mode (`GET`/`DELETE /__test/requests`) the page asks the server itself.

Usage: python3 scripts/faults-relay.py http://127.0.0.1:PORT  (prints "port N" once listening)"""
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPSTREAM = sys.argv[1].rstrip("/")


class Handler(BaseHTTPRequestHandler):
    def cors(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "content-type")
        # The test runner's page is cross-origin isolated (COEP require-corp).
        self.send_header("Cross-Origin-Resource-Policy", "cross-origin")

    def do_OPTIONS(self):
        self.send_response(204)
        self.cors()
        self.end_headers()

    def do_POST(self):
        if self.path != "/__test/faults":
            self.send_response(404)
            self.cors()
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        request = urllib.request.Request(
            f"{UPSTREAM}/__test/faults",
            data=body,
            method="PUT",
            headers={"content-type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request) as answer:
                status, text = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        self.send_response(status)
        self.cors()
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"port {server.server_address[1]}", flush=True)
server.serve_forever()
