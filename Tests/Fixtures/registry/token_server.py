"""A docker token service for envlock's tests (the distribution spec's token flow): answers
GET /token?service=...&scope=repository:NAME:ACTIONS with a JWT (RS256, the signing certificate in
the `x5c` header) granting the requested actions, if the request carries basic auth USER:PASSWORD.
The registry trusts the certificate (`auth.token.rootcertbundle`). Signs with `openssl dgst`.
Listens on 127.0.0.1 only and writes its port to PORT_FILE once ready.

usage: token_server.py KEY_PEM CERT_PEM ISSUER USER PASSWORD PORT_FILE
"""

import base64
import http.server
import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse

signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
KEY, CERT, ISSUER, USER, PASSWORD, PORT_FILE = sys.argv[1:7]
with open(CERT) as f:
    pem = f.read()
der = base64.b64decode("".join(line for line in pem.splitlines() if "-----" not in line))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(service, scopes):
    access = []
    for scope in scopes:
        kind, name, actions = scope.split(":")
        access.append({"type": kind, "name": name, "actions": actions.split(",")})
    now = int(time.time())
    header = {"typ": "JWT", "alg": "RS256", "x5c": [base64.b64encode(der).decode()]}
    claims = {"iss": ISSUER, "sub": USER, "aud": service, "exp": now + 300, "nbf": now - 10, "iat": now,
              "jti": str(now) + os.urandom(4).hex(), "access": access}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", KEY], input=signing_input.encode(),
                               capture_output=True, check=True).stdout
    return signing_input + "." + b64url(signature)


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if url.path != "/token" or self.headers.get("Authorization") != expected:
            body = b'{"details":"authentication required"}'
            self.send_response(401)
        else:
            jwt = token(query.get("service", [""])[0], query.get("scope", []))
            body = json.dumps({"token": jwt, "access_token": jwt, "expires_in": 300}).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
