// End-to-end tests of `envlock push` and `envlock pull`, and of `diff`, `check`, `show` and
// `rebuild` reading `oci://` references: against Debian's docker-registry started here on
// 127.0.0.1 (plain, with htpasswd basic auth, with Bearer tokens from a token service, with a
// self-signed TLS certificate), against the Python ORAS client both ways, and against a fake
// registry that lies (Tests/Fixtures/registry).

import EnvlockTestSupport
import Foundation
import Testing

/// A project with a venv, `envlock init`'s contract, a signing key, and a signed capture
/// `env.envlock`.
private func signedProject() throws -> ProjectRun {
  let p = try ProjectRun()
  let venv = try TestSupport.run("/usr/bin/python3", ["-m", "venv", p.path(".venv")])
  #expect(venv.status == 0, "\(venv.stderr)")
  try p.write("requirements.txt", "# nothing pinned yet\n")
  #expect(try p.envlock(["init"]).status == 0)
  #expect(try p.envlock(["keygen"]).status == 0)
  let capture = try p.envlock(["capture", "--python", p.path(".venv"), "-o", "env.envlock"])
  #expect(capture.status == 0, "\(capture.stderr)")
  return p
}

private func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

/// A docker config (`config.json`) whose `auths` entry for `host` holds `user:password`.
private func dockerConfig(host: String, user: String, password: String) -> String {
  let auth = Data("\(user):\(password)".utf8).base64EncodedString()
  return "{\n  \"auths\": {\n    \"\(host)\": {\n      \"auth\": \"\(auth)\"\n    }\n  }\n}\n"
}

@Suite(.serialized) struct RegistryCLITests {
  @Test func pushPullDiffCheckShowAndRebuildThroughAPlainRegistry() throws {
    let registry = try LocalRegistry()
    defer { registry.stop() }
    let p = try signedProject()
    let prod = registry.reference("team/envs:prod")
    let pub = p.path("xdg/envlock/envlock.pub")

    let push = try p.envlock(["push", "env.envlock", prod, "--plain-http"])
    #expect(push.status == 0, "\(push.stderr)")
    #expect(push.stdout.hasPrefix("pushed env.envlock to \(prod) ("), "\(push.stdout)")
    #expect(push.stdout.contains("signed by key"))
    let pinned = try #require(push.stdout.split(separator: "\n").last?.split(separator: " ").last).description
    #expect(pinned.hasPrefix(registry.reference("team/envs@sha256:")))
    // The same push again uploads nothing new and gives the same manifest digest.
    let again = try p.envlock(["push", "env.envlock", prod, "--plain-http"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stdout.hasSuffix("pinned: \(pinned)\n"))

    let pull = try p.envlock(["pull", prod, "-o", "pulled.envlock", "--key", pub, "--plain-http"])
    #expect(pull.status == 0, "\(pull.stderr)")
    #expect(pull.stdout.contains("integrity checked, signed by key"))
    #expect(bytes(p.path("pulled.envlock")) == bytes(p.path("env.envlock")))
    let byDigest = try p.envlock(["pull", pinned, "-o", "pinned.envlock", "--plain-http"])
    #expect(byDigest.status == 0, "\(byDigest.stderr)")
    #expect(bytes(p.path("pinned.envlock")) == bytes(p.path("env.envlock")))
    // An existing output is not replaced without --force.
    let exists = try p.envlock(["pull", prod, "-o", "pulled.envlock", "--plain-http"])
    #expect(exists.status == 2)
    #expect(exists.stderr.contains("already exists"))
    #expect(try p.envlock(["pull", prod, "-o", "pulled.envlock", "--plain-http", "--force"]).status == 0)

    let diff = try p.envlock(["diff", "env.envlock", prod, "--plain-http", "--key", pub])
    #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
    let check = try p.envlock(["check", prod, "--plain-http"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.contains("verdict: PASS"))
    let show = try p.envlock(["show", prod, "--plain-http", "--key", pub])
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stdout.contains("envlock.snapshot/1"))
    let rebuild = try p.envlock(["rebuild", prod, "--plain-http", "-o", "rebuilt"])
    #expect(rebuild.status == 0, "\(rebuild.stderr)")
    #expect(FileManager.default.fileExists(atPath: p.path("rebuilt/Dockerfile")))

    // https is the default: the plain registry does not speak TLS.
    let https = try p.envlock(["pull", prod, "-o", "https.envlock"])
    #expect(https.status == 2)
    #expect(https.stderr.contains("Cannot reach the registry of `\(prod)`"), "\(https.stderr)")
    #expect(!FileManager.default.fileExists(atPath: p.path("https.envlock")))
    // A tag that is not there.
    let missing = try p.envlock([
      "pull", registry.reference("team/envs:nope"), "-o", "x.envlock", "--plain-http",
    ])
    #expect(missing.status == 2)
    #expect(
      missing.stderr.contains("`\(registry.reference("team/envs:nope"))` does not exist in the registry"))
    let checkMissing = try p.envlock(["check", registry.reference("team/envs:nope"), "--plain-http"])
    #expect(checkMissing.status == 2)
  }

  @Test func basicAuthComesFromTheDockerConfigAndNeverShows() throws {
    let password = "pw-\(UUID().uuidString.prefix(8))"
    let registry = try LocalRegistry(user: ("alice", password))
    defer { registry.stop() }
    let p = try signedProject()
    let ref = registry.reference("team/envs:staging")
    var outputs: [String] = []

    let anonymous = try p.envlock(["push", "env.envlock", ref, "--plain-http"])
    outputs.append(anonymous.stdout + anonymous.stderr)
    #expect(anonymous.status == 2)
    #expect(
      anonymous.stderr.contains("no credentials for `\(registry.host)` were found"), "\(anonymous.stderr)")
    #expect(anonymous.stderr.contains("hint: log in with `docker login`"))

    try p.write("docker/config.json", dockerConfig(host: registry.host, user: "alice", password: password))
    let env = ["DOCKER_CONFIG": p.path("docker")]
    let push = try p.envlock(["push", "env.envlock", ref, "--plain-http"], environment: env)
    outputs.append(push.stdout + push.stderr)
    #expect(push.status == 0, "\(push.stderr)")
    let pull = try p.envlock(["pull", ref, "-o", "pulled.envlock", "--plain-http"], environment: env)
    outputs.append(pull.stdout + pull.stderr)
    #expect(pull.status == 0, "\(pull.stderr)")
    #expect(bytes(p.path("pulled.envlock")) == bytes(p.path("env.envlock")))
    let diff = try p.envlock(["diff", ref, "env.envlock", "--plain-http"], environment: env)
    outputs.append(diff.stdout + diff.stderr)
    #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")

    // REGISTRY_AUTH_FILE wins over DOCKER_CONFIG; a wrong password is refused and not echoed.
    let wrong = "wrong-\(password)"
    try p.write("auth.json", dockerConfig(host: registry.host, user: "alice", password: wrong))
    let refused = try p.envlock(
      ["pull", ref, "-o", "refused.envlock", "--plain-http"],
      environment: env.merging(["REGISTRY_AUTH_FILE": p.path("auth.json")]) { $1 })
    outputs.append(refused.stdout + refused.stderr)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("authentication with `\(registry.host)` failed"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: p.path("refused.envlock")))

    for output in outputs {
      #expect(!output.contains(password), "\(output)")
      #expect(!output.contains(Data("alice:\(password)".utf8).base64EncodedString()))
    }
    let archive = try #require(bytes(p.path("pulled.envlock")))
    #expect(archive.range(of: Data(password.utf8)) == nil)
  }

  @Test func bearerTokensFromTheRegistrysTokenService() throws {
    let password = "tok-\(UUID().uuidString.prefix(8))"
    let registry = try LocalRegistry(user: ("alice", password), tokens: true)
    defer { registry.stop() }
    let p = try signedProject()
    let ref = registry.reference("team/envs:prod")
    var outputs: [String] = []

    let anonymous = try p.envlock(["pull", ref, "-o", "anonymous.envlock", "--plain-http"])
    outputs.append(anonymous.stdout + anonymous.stderr)
    #expect(anonymous.status == 2)
    #expect(
      anonymous.stderr.contains("asks for Bearer authentication and no credentials"), "\(anonymous.stderr)")

    try p.write("docker/config.json", dockerConfig(host: registry.host, user: "alice", password: password))
    let env = ["DOCKER_CONFIG": p.path("docker")]
    let push = try p.envlock(["push", "env.envlock", ref, "--plain-http"], environment: env)
    outputs.append(push.stdout + push.stderr)
    #expect(push.status == 0, "\(push.stderr)")
    let pull = try p.envlock(["pull", ref, "-o", "pulled.envlock", "--plain-http"], environment: env)
    outputs.append(pull.stdout + pull.stderr)
    #expect(pull.status == 0, "\(pull.stderr)")
    #expect(bytes(p.path("pulled.envlock")) == bytes(p.path("env.envlock")))
    let check = try p.envlock(["check", ref, "--plain-http"], environment: env)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

    try p.write(
      "wrong/config.json", dockerConfig(host: registry.host, user: "alice", password: "x\(password)"))
    let wrong = try p.envlock(
      ["pull", ref, "-o", "wrong.envlock", "--plain-http"], environment: ["DOCKER_CONFIG": p.path("wrong")])
    outputs.append(wrong.stdout + wrong.stderr)
    #expect(wrong.status == 2)
    #expect(wrong.stderr.contains("the token service refused the credentials (HTTP 401)"), "\(wrong.stderr)")
    for output in outputs { #expect(!output.contains(password), "\(output)") }
  }

  @Test func tlsWithASelfSignedCertificateNeedsItsCA() throws {
    let registry = try LocalRegistry(user: ("alice", "tls-secret"), tls: true)
    defer { registry.stop() }
    let p = try signedProject()
    let ca = try #require(registry.caFile)
    let ref = registry.reference("team/envs:prod")
    try p.write(
      "docker/config.json", dockerConfig(host: registry.host, user: "alice", password: "tls-secret"))
    let env = ["DOCKER_CONFIG": p.path("docker")]

    let untrusted = try p.envlock(["push", "env.envlock", ref], environment: env)
    #expect(untrusted.status == 2)
    #expect(untrusted.stderr.contains("Cannot reach the registry of `\(ref)`"), "\(untrusted.stderr)")
    let push = try p.envlock(["push", "env.envlock", ref, "--ca-file", ca], environment: env)
    #expect(push.status == 0, "\(push.stderr)")
    let pull = try p.envlock(
      ["pull", ref, "-o", "pulled.envlock"], environment: env.merging(["SSL_CERT_FILE": ca]) { $1 })
    #expect(pull.status == 0, "\(pull.stderr)")
    #expect(bytes(p.path("pulled.envlock")) == bytes(p.path("env.envlock")))
    let check = try p.envlock(["check", ref, "--ca-file", ca], environment: env)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let diff = try p.envlock(["diff", ref, "env.envlock", "--ca-file", ca], environment: env)
    #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
    // Plain http against a TLS registry fails cleanly.
    let plain = try p.envlock(["pull", ref, "-o", "plain.envlock", "--plain-http"], environment: env)
    #expect(plain.status == 2)
    #expect(!FileManager.default.fileExists(atPath: p.path("plain.envlock")))
  }

  @Test func orasPullsWhatEnvlockPushesAndEnvlockPullsWhatOrasPushes() throws {
    let registry = try LocalRegistry()
    defer { registry.stop() }
    let p = try signedProject()
    let pub = p.path("xdg/envlock/envlock.pub")
    #expect(
      try p.envlock(["push", "env.envlock", registry.reference("team/envs:prod"), "--plain-http"]).status == 0
    )

    // oras (the Python ORAS client) pulls it under its title, byte for byte, and sees envlock's layout.
    let script = """
      import json, sys, oras.client
      host, out = sys.argv[1], sys.argv[2]
      client = oras.client.OrasClient(hostname=host, insecure=True)
      manifest = client.get_manifest(f"{host}/team/envs:prod")
      files = client.pull(target=f"{host}/team/envs:prod", outdir=out)
      print(json.dumps({"files": files, "manifest": manifest}))
      """
    let orasPull = try TestSupport.run(
      "python", ["-c", script, registry.host, p.path("oras-out")], in: p.root)
    #expect(orasPull.status == 0, "\(orasPull.stderr)")
    let answer = try #require(
      try JSONSerialization.jsonObject(with: Data(orasPull.stdout.utf8)) as? [String: Any])
    #expect(answer["files"] as? [String] == [p.path("oras-out/env.envlock")])
    #expect(bytes(p.path("oras-out/env.envlock")) == bytes(p.path("env.envlock")))
    let manifest = try #require(answer["manifest"] as? [String: Any])
    #expect(manifest["artifactType"] as? String == "application/vnd.envlock.snapshot.v1")
    #expect(
      (manifest["config"] as? [String: Any])?["mediaType"] as? String == "application/vnd.oci.empty.v1+json")
    let layers = try #require(manifest["layers"] as? [[String: Any]])
    #expect(layers.count == 1)
    #expect(layers.first?["mediaType"] as? String == "application/vnd.envlock.archive.v1+zstd")
    let annotations = try #require(manifest["annotations"] as? [String: String])
    #expect(annotations["dev.envlock.manifest.digest"]?.hasPrefix("sha256:") == true)
    #expect(annotations["dev.envlock.signature.key-id"]?.count == 16)
    #expect(annotations["org.opencontainers.image.created"] != nil)

    // oras pushes the archive with envlock's media type; envlock pulls and verifies it.
    let push = """
      import sys, oras.client
      host = sys.argv[1]
      client = oras.client.OrasClient(hostname=host, insecure=True)
      client.push(target=f"{host}/team/envs:from-oras",
                  files=["env.envlock:application/vnd.envlock.archive.v1+zstd"])
      """
    let orasPush = try TestSupport.run("python", ["-c", push, registry.host], in: p.root)
    #expect(orasPush.status == 0, "\(orasPush.stderr)")
    let pull = try p.envlock(
      [
        "pull", registry.reference("team/envs:from-oras"), "-o", "from-oras.envlock", "--key", pub,
        "--plain-http",
      ])
    #expect(pull.status == 0, "\(pull.stderr)")
    #expect(pull.stdout.contains("(verified)"))
    #expect(bytes(p.path("from-oras.envlock")) == bytes(p.path("env.envlock")))
  }
}

/// A captured archive shared by the fake-registry cases (capturing once is enough).
private let sharedArchive: Result<String, any Error> = Result {
  let cli = try CLI()
  let capture = try cli.run("capture", "--no-sign", "-o", "served.envlock")
  guard capture.status == 0 else { throw TestSupportError(description: capture.stderr) }
  return cli.path("served.envlock")
}

/// One way a registry lies, and what envlock must say about it.
struct LyingRegistryCase: CustomTestStringConvertible, Sendable {
  var mode: String
  var expected: String
  var withCredentials = false
  var testDescription: String { mode }
}

@Suite struct LyingRegistryTests {
  static let cases: [LyingRegistryCase] = [
    .init(mode: "digest-mismatch", expected: "the archive does not match its digest"),
    .init(mode: "missing-blob", expected: "the registry lacks the blob its manifest names"),
    .init(mode: "oversized", expected: "the archive is 10737418240 bytes, more than the"),
    .init(mode: "longer-body", expected: "the registry sent more (reading stopped there)"),
    .init(mode: "redirect-manifest", expected: "refused the redirect from"),
    .init(
      mode: "unauthorized-loop", expected: "failed after 1 attempt: the registry rejected",
      withCredentials: true),
    .init(
      mode: "bearer-loop", expected: "failed after 1 attempt: the registry rejected", withCredentials: true),
    .init(mode: "bearer", expected: "the registry asks for Bearer authentication and no credentials"),
    .init(
      mode: "malformed-manifest", expected: "is not a valid OCI image manifest: `config.mediaType` is missing"
    ),
    .init(mode: "not-json-manifest", expected: "is not a valid OCI image manifest: it is not JSON"),
    .init(mode: "other-artifact", expected: "is not an envlock snapshot artifact: its artifact type"),
  ]

  @Test(arguments: cases) func aLyingRegistryIsRefusedAndNothingIsWritten(_ lie: LyingRegistryCase) throws {
    let archive = try sharedArchive.get()
    let other = try FakeRegistry(mode: "honest", archive: archive)
    defer { other.stop() }
    let fake = try FakeRegistry(mode: lie.mode, archive: archive, otherPort: other.port)
    defer { fake.stop() }
    let p = try ProjectRun()
    var env: [String: String] = [:]
    if lie.withCredentials {
      try p.write("docker/config.json", dockerConfig(host: fake.host, user: "alice", password: "s3cret!pw"))
      env["DOCKER_CONFIG"] = p.path("docker")
    }
    let pull = try p.envlock(["pull", fake.reference, "-o", "out.envlock", "--plain-http"], environment: env)
    #expect(pull.status == 2, "\(pull.stdout)\(pull.stderr)")
    #expect(pull.stderr.contains("`\(fake.reference)`"), "\(pull.stderr)")
    #expect(pull.stderr.contains(lie.expected), "\(pull.stderr)")
    #expect(!pull.stderr.contains("s3cret!pw"))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: p.root.path).filter { $0.contains("out.envlock") }
        .isEmpty)
    let requests = fake.requests
    #expect(requests.count <= 6, "\(requests)")
    switch lie.mode {
    case "oversized":
      #expect(!requests.contains { $0.contains("/blobs/") }, "\(requests)")
    case "redirect-manifest":
      #expect(other.requests.isEmpty)
    default: break
    }
    // `diff` and `check` refuse the same reference with the same exit code.
    let diff = try p.envlock(["diff", fake.reference, archive, "--plain-http"], environment: env)
    #expect(diff.status == 2, "\(diff.stdout)\(diff.stderr)")
    #expect(diff.stderr.contains(lie.expected), "\(diff.stderr)")
  }

  @Test func bearerTokensAndCrossHostBlobRedirectsWork() throws {
    let archive = try sharedArchive.get()
    let p = try ProjectRun()
    // The token flow: challenge, token from the realm with basic credentials, then Bearer.
    let bearer = try FakeRegistry(mode: "bearer", archive: archive)
    defer { bearer.stop() }
    try p.write("docker/config.json", dockerConfig(host: bearer.host, user: "alice", password: "s3cret!pw"))
    let env = ["DOCKER_CONFIG": p.path("docker")]
    let pull = try p.envlock(
      ["pull", bearer.reference, "-o", "bearer.envlock", "--plain-http"], environment: env)
    #expect(pull.status == 0, "\(pull.stderr)")
    #expect(bytes(p.path("bearer.envlock")) == bytes(archive))
    #expect(
      bearer.requests.contains {
        $0.hasPrefix("GET /token?service=fake&scope=repository%3Ateam%2Fenv%3Apull auth=yes")
      })

    // A blob redirect to another host is followed, without the credentials.
    let cdn = try FakeRegistry(mode: "honest", archive: archive)
    defer { cdn.stop() }
    let registry = try FakeRegistry(mode: "redirect-blob", archive: archive, otherPort: cdn.port)
    defer { registry.stop() }
    try p.write("docker/config.json", dockerConfig(host: registry.host, user: "alice", password: "s3cret!pw"))
    let redirected = try p.envlock(
      ["pull", registry.reference, "-o", "redirected.envlock", "--plain-http"], environment: env)
    #expect(redirected.status == 0, "\(redirected.stderr)")
    #expect(bytes(p.path("redirected.envlock")) == bytes(archive))
    #expect(cdn.requests == ["GET /elsewhere/blob auth=no"])
  }

  static let badReferences: [(String, String)] = [
    ("oci://127.0.0.1:5000/Team/Env:v1", "repository path components are lowercase"),
    ("oci://127.0.0.1:5000/team/env", "it names no tag"),
    ("oci://127.0.0.1:99999/team/env:v1", "the port is not a number"),
    ("oci://127.0.0.1:5000/team/env:-bad", "the tag is not"),
    ("oci://127.0.0.1:5000", "no repository after the host"),
    ("oci://127.0.0.1:5000/team/env@sha256:abc", "the digest is not"),
  ]

  @Test(arguments: badReferences) func aReferenceThatDoesNotParseIsRefused(
    _ reference: String, _ expected: String
  )
    throws
  {
    let p = try ProjectRun()
    let pull = try p.envlock(["pull", reference, "-o", "out.envlock"])
    #expect(pull.status == 2)
    #expect(pull.stderr.contains("`\(reference)`"), "\(pull.stderr)")
    #expect(pull.stderr.contains(expected), "\(pull.stderr)")
    #expect(!FileManager.default.fileExists(atPath: p.path("out.envlock")))
    let push = try p.envlock(["push", "missing.envlock", reference])
    #expect(push.status == 2)
    #expect(push.stderr.contains(expected), "\(push.stderr)")
  }

  @Test func credentialsInAReferenceAreRefusedWithoutEchoingThem() throws {
    let p = try ProjectRun()
    let pull = try p.envlock(["pull", "oci://alice:hunter2@127.0.0.1:5000/team/env:v1", "-o", "out.envlock"])
    #expect(pull.status == 2)
    #expect(
      pull.stderr.contains("`oci://***@127.0.0.1:5000/team/env:v1` carries credentials"), "\(pull.stderr)")
    #expect(!pull.stderr.contains("hunter2"))
    #expect(!pull.stderr.contains("alice"))
  }
}
