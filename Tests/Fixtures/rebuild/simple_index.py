"""A tiny PEP 691 / PEP 503 simple index over a folder of distribution files, for envlock's tests.

    python3 simple_index.py FOLDER [--html-only] [--no-hashes]

Listens on 127.0.0.1 on a free port, prints the port on the first line of stdout, and serves:
  /simple/<project>/   JSON (application/vnd.pypi.simple.v1+json) when the Accept header asks for it,
                       otherwise HTML; 404 for unknown projects
  /files/<filename>    the files themselves
It stops when its standard input is closed (the test closes it, or the test process exits).
"""
import hashlib, html, http.server, json, os, re, sys, threading

folder = sys.argv[1]
html_only = "--html-only" in sys.argv
no_hashes = "--no-hashes" in sys.argv


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def project_of(filename):
    if filename.endswith(".whl"):
        return normalize(filename.split("-")[0])
    for ext in (".tar.gz", ".zip"):
        if filename.endswith(ext):
            return normalize(filename[: -len(ext)].rsplit("-", 1)[0])
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parts = [p for p in self.path.split("?")[0].split("/") if p]
        if len(parts) == 2 and parts[0] == "files":
            path = os.path.join(folder, os.path.basename(parts[1]))
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    return self.send(200, f.read(), "application/octet-stream")
        if len(parts) == 2 and parts[0] == "simple":
            project = normalize(parts[1])
            files = sorted(f for f in os.listdir(folder) if project_of(f) == project)
            if not files:
                return self.send(404, b"not found", "text/plain")
            entries = []
            for f in files:
                with open(os.path.join(folder, f), "rb") as fh:
                    digest = hashlib.sha256(fh.read()).hexdigest()
                entries.append((f, "../../files/" + f, digest))
            if not html_only and "application/vnd.pypi.simple.v1+json" in self.headers.get("Accept", ""):
                page = {
                    "meta": {"api-version": "1.0"},
                    "name": project,
                    "files": [
                        {"filename": f, "url": u, "hashes": {} if no_hashes else {"sha256": d}}
                        for f, u, d in entries
                    ],
                }
                return self.send(200, json.dumps(page).encode(), "application/vnd.pypi.simple.v1+json")
            links = "".join(
                '<a href="%s%s">%s</a><br/>\n'
                % (html.escape(u), "" if no_hashes else "#sha256=" + d, html.escape(f))
                for f, u, d in entries
            )
            body = "<!DOCTYPE html><html><body>\n%s</body></html>\n" % links
            return self.send(200, body.encode(), "text/html")
        self.send(404, b"not found", "text/plain")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
server.shutdown()
