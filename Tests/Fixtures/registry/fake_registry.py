"""A registry that lies, for envlock's tests: it serves one .envlock archive as an OCI artifact
with envlock's media types (built here, independently of envlock's own code), and bends the
answers the way MODE says. Listens on 127.0.0.1 only; writes its port to PORT_FILE once ready and
one line per request to LOG_FILE (method, path, whether an Authorization header came).

usage: fake_registry.py MODE ARCHIVE PORT_FILE LOG_FILE [OTHER_PORT]

Modes:
  honest              serve the artifact as it is
  digest-mismatch     the blob's bytes differ from its digest (same length)
  missing-blob        the manifest names a blob the registry does not have (404)
  oversized           the manifest says the blob is 10 GiB (the blob is never meant to be fetched)
  longer-body         the blob is sent with 64 MiB of extra bytes and no Content-Length
  redirect-manifest   the manifest answers 307 to another host (127.0.0.1:OTHER_PORT)
  redirect-blob       the blob answers 307 to another host (127.0.0.1:OTHER_PORT), after basic auth
  unauthorized-loop   every request answers 401 with a Basic challenge
  bearer              Bearer challenge; /token gives a token for basic alice:s3cret!pw
  bearer-loop         Bearer challenge; /token gives tokens, the registry never accepts them
  malformed-manifest  the manifest is JSON of the wrong shape
  not-json-manifest   the manifest is not JSON at all
  other-artifact      the manifest's artifactType is another tool's
  basic               requires basic auth alice:s3cret!pw, serves honestly
"""

import base64
import hashlib
import http.server
import json
import os
import signal
import sys

# The test runner may start children with SIGTERM blocked; the test stops this server with it.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])

MODE, ARCHIVE, PORT_FILE, LOG_FILE = sys.argv[1:5]
OTHER_PORT = int(sys.argv[5]) if len(sys.argv) > 5 else 0
USER, PASSWORD = "alice", "s3cret!pw"
TOKEN = "test-token-" + "x" * 20
EMPTY = b"{}"

with open(ARCHIVE, "rb") as f:
    blob = f.read()


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


layer = {
    "mediaType": "application/vnd.envlock.archive.v1+zstd",
    "digest": digest(blob),
    "size": len(blob),
    "annotations": {"org.opencontainers.image.title": os.path.basename(ARCHIVE)},
}
manifest = {
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "artifactType": "application/vnd.envlock.snapshot.v1",
    "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": digest(EMPTY), "size": 2},
    "layers": [layer],
}
blobs = {digest(blob): blob, digest(EMPTY): EMPTY}
if MODE == "oversized":
    layer["size"] = 10 << 30
if MODE == "missing-blob":
    layer["digest"] = digest(b"not stored anywhere")
if MODE == "other-artifact":
    manifest["artifactType"] = "application/vnd.example.sbom.v1"
manifest_bytes = json.dumps(manifest, indent=2).encode()
if MODE == "malformed-manifest":
    manifest_bytes = json.dumps({"schemaVersion": 2, "config": {}, "layers": "none"}).encode()
if MODE == "not-json-manifest":
    manifest_bytes = b"<html>this is not a manifest</html>"


def log(line):
    with open(LOG_FILE, "a") as f:
        f.write(line + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def authorized(self):
        header = self.headers.get("Authorization", "")
        if MODE in ("basic", "redirect-blob"):
            expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            if header == expected:
                return True
            self.send(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                      [("WWW-Authenticate", 'Basic realm="fake"')])
            return False
        if MODE == "unauthorized-loop":
            self.send(401, b"", [("WWW-Authenticate", 'Basic realm="fake"')])
            return False
        if MODE in ("bearer", "bearer-loop"):
            if MODE == "bearer" and header == "Bearer " + TOKEN:
                return True
            port = self.server.server_address[1]
            self.send(401, b"", [("WWW-Authenticate",
                                  f'Bearer realm="http://127.0.0.1:{port}/token",service="fake",'
                                  f'scope="repository:team/env:pull"')])
            return False
        return True

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        log(f"{self.command} {self.path} auth={'yes' if self.headers.get('Authorization') else 'no'}")
        if self.path.startswith("/token"):
            expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                self.send(401, b'{"details":"bad credentials"}')
                return
            self.send(200, json.dumps({"token": TOKEN}).encode(), [("Content-Type", "application/json")])
            return
        if self.path == "/elsewhere/blob":
            self.send(200, blob)
            return
        if not self.authorized():
            return
        if self.path == "/v2/":
            self.send(200, b"{}")
        elif "/manifests/" in self.path:
            if MODE == "redirect-manifest":
                self.send(307, b"", [("Location", f"http://127.0.0.1:{OTHER_PORT}{self.path}")])
                return
            self.send(200, manifest_bytes, [("Content-Type", "application/vnd.oci.image.manifest.v1+json"),
                                            ("Docker-Content-Digest", digest(manifest_bytes))])
        elif "/blobs/" in self.path:
            name = self.path.rsplit("/", 1)[1]
            if MODE == "redirect-blob":
                self.send(307, b"", [("Location", f"http://127.0.0.1:{OTHER_PORT}/elsewhere/blob")])
                return
            if name not in blobs:
                self.send(404, b'{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}')
                return
            data = blobs[name]
            if MODE == "digest-mismatch" and name == digest(blob):
                data = bytes([data[0] ^ 0xFF]) + data[1:]
            if MODE == "longer-body" and name == digest(blob):
                self.send_response(200)
                self.send_header("Connection", "close")
                self.end_headers()
                sent = 0
                try:
                    self.wfile.write(data)
                    for _ in range(64):
                        self.wfile.write(b"\0" * (1 << 20))
                        sent += 1
                except OSError:
                    pass
                log(f"extra MiB sent: {sent}")
                self.close_connection = True
                return
            self.send(200, data, [("Content-Type", "application/octet-stream")])
        else:
            self.send(404, b"{}")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
