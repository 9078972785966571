import EnvlockArchive
import EnvlockModel
import EnvlockRebuild
import EnvlockTestSupport
import Foundation
import Testing

/// Hazards are never dropped: each reference case raises exactly the expected codes.
@Suite struct HazardTests {
  struct Expectation: CustomStringConvertible, Sendable {
    var name: String
    var codes: [String]
    var description: String { name }
  }

  static let expectations = [
    Expectation(
      name: "debian-venv",
      codes: [
        "credentials-in-url", "editable", "env-points-into-home", "gpu", "local-archive", "no-record",
        "no-record",
        "no-record",
      ]),
    Expectation(name: "hashed", codes: []),
    Expectation(name: "conda", codes: ["pip-in-conda-prefix"]),
    Expectation(
      name: "ubuntu-rc",
      codes: ["env-points-into-home", "libc-too-old", "no-official-image", "unpinned-system-package"]),
  ]

  @Test(arguments: expectations)
  func referenceCasesRaiseTheirHazards(_ expectation: Expectation) throws {
    let plan = try Cases.plan(expectation.name)
    #expect(plan.hazards.map(\.code).sorted() == expectation.codes)
    let markdown = String(decoding: plan.content(of: "REBUILD.md"), as: UTF8.self)
    for hazard in plan.hazards {
      #expect(markdown.contains("`\(hazard.code)`"))
      #expect(!hazard.action.isEmpty)
    }
    #expect(markdown.contains("## Hazards (\(plan.hazards.count))"))
  }

  /// Secrets never reach any output: not the masked value, not the credentials of a URL.
  @Test(arguments: Cases.all)
  func noSecretInAnyOutput(_ name: String) throws {
    let plan = try Cases.plan(name)
    for (path, bytes) in plan.files() {
      let text = String(decoding: bytes, as: UTF8.self)
      #expect(!text.contains("s3cret"), "\(path)")
      #expect(!text.contains("app:***@"), "\(path)")
      #expect(!text.contains("postgres://"), "\(path)")
    }
    for secret in plan.environment.secrets {
      let docker = String(decoding: plan.content(of: "Dockerfile"), as: UTF8.self)
      #expect(!docker.contains("ENV \(secret.name)="))
      #expect(!docker.contains(" \(secret.name)=\""))
    }
  }

  /// A URL with credentials, and the texts that would show they leaked.
  struct CredentialCase: CustomStringConvertible, Sendable {
    var url: String
    var leaks: [String]
    var description: String { url }
  }

  /// The credentials of an index URL reach no output file and not the JSON report, whether the URL
  /// came from `--index-url`, PIP_INDEX_URL or pip.conf, also as a package's direct URL, and also
  /// with an unencoded `/` or an encoded `@` in the password, or a bare token.
  @Test(arguments: [
    CredentialCase(url: "https://u:pa/ss@h/simple", leaks: ["pa/ss", "u:pa", "@h/"]),
    CredentialCase(url: "https://tok@h/simple", leaks: ["tok@", "//tok", "@h/"]),
    CredentialCase(url: "https://u:p%40ss@h/simple", leaks: ["p%40ss", "p@ss", "u:p", "@h/"]),
  ])
  func indexCredentialsReachNoOutput(_ c: CredentialCase) throws {
    let pipConf = Array("[global]\nindex-url = \(c.url)\n".utf8)
    var direct = Fixtures.package("direct", "1.0")
    direct.directUrl = DirectURL(
      url: c.url + "/direct/direct-1.0-py3-none-any.whl",
      archiveInfo: .init(hashes: ["sha256=" + String(repeating: "a", count: 64)]))
    var snapshot = Fixtures.snapshot([Fixtures.package("x", "1.0"), direct])
    let origins: [(name: String, override: String?, variable: String?, pipConf: Bool)] = [
      ("--index-url", c.url, nil, false), ("PIP_INDEX_URL", nil, c.url, false), ("pip.conf", nil, nil, true),
    ]
    for origin in origins {
      snapshot.environment =
        origin.variable.map { [RecordedVariable(name: "PIP_INDEX_URL", value: $0)] } ?? []
      snapshot.configFiles =
        origin.pipConf
        ? [
          ConfigFile(path: "@venv/pip.conf", size: Int64(pipConf.count), mode: 0o644, sha256: Fixtures.digest)
        ]
        : []
      let source = SnapshotFile(
        snapshot: snapshot, digest: Fixtures.digest,
        configContents: origin.pipConf ? ["@venv/pip.conf": pipConf] : [:])
      let plan = try RebuildPlan.make(
        source, options: RebuildOptions(indexURL: origin.override, toolVersion: "0.1.0"))
      #expect(plan.index.url == "https://h/simple", "\(origin.name)")
      let subjects = plan.hazards.filter { $0.code == "credentials-in-url" }.map(\.subject)
      #expect(subjects.contains("index URL") && subjects.contains("direct"), "\(origin.name)")
      let dir = try TestSupport.temporaryDirectory("envlock-credentials")
      try OutputDirectory.write(plan, to: dir.path, force: false)
      var outputs = [("--json", try CanonicalJSON.encode(RebuildReport(plan)))]
      let walker = try #require(FileManager.default.enumerator(atPath: dir.path))
      for case let path as String in walker {
        if let data = FileManager.default.contents(atPath: dir.appendingPathComponent(path).path) {
          outputs.append((path, Array(data)))
        }
      }
      #expect(outputs.contains { $0.0 == "requirements.lock" })
      for (path, bytes) in outputs {
        let text = String(decoding: bytes, as: UTF8.self)
        for leak in c.leaks { #expect(!text.contains(leak), "\(origin.name): \(path) contains \(leak)") }
      }
      let lock = String(decoding: plan.content(of: "requirements.lock"), as: UTF8.self)
      #expect(lock.contains("Pinned against https://h/simple."), "\(origin.name)")
      #expect(lock.contains("direct @ https://h/simple/direct/direct-1.0-py3-none-any.whl#sha256="))
    }
  }

  struct HashCase: CustomStringConvertible, Sendable {
    var label: String
    var packages: [PythonPackage]
    var found: [String]
    var requireHashes: Bool
    var writeHashes: Bool
    var hazards: [String]
    var description: String { label }
  }

  static let vcs = PythonPackage(
    name: "vcslib", displayName: "vcslib", version: "1.0",
    directUrl: DirectURL(
      url: "https://git.example.invalid/vcslib.git", vcsInfo: .init(vcs: "git", commitId: "abc123")),
    location: "/venv")

  static let hashCases = [
    HashCase(
      label: "all found", packages: [Fixtures.package("a", "1"), Fixtures.package("b", "2")],
      found: ["a", "b"],
      requireHashes: true, writeHashes: true, hazards: []),
    HashCase(
      label: "one missing", packages: [Fixtures.package("a", "1"), Fixtures.package("b", "2")], found: ["a"],
      requireHashes: false, writeHashes: true, hazards: ["unverified"]),
    HashCase(
      label: "vcs pin", packages: [Fixtures.package("a", "1"), vcs], found: ["a"], requireHashes: false,
      writeHashes: false, hazards: ["vcs-unhashable"]),
  ]

  /// pip's hash mode is all-or-nothing: a missing file is an `unverified` hazard, never a silently unhashed line.
  @Test(arguments: hashCases)
  func hashModeIsAllOrNothing(_ c: HashCase) throws {
    var options = RebuildOptions(hashesRequested: true, toolVersion: "0.1.0")
    for name in c.found {
      options.lockedFiles[name] = LockedFile(
        filename: "\(name)-1-py3-none-any.whl", url: "https://x.invalid/\(name).whl",
        sha256: Digest(hex: String(repeating: "a", count: 64))!, isWheel: true)
    }
    let plan = try RebuildPlan.make(Fixtures.source(Fixtures.snapshot(c.packages)), options: options)
    #expect(plan.requireHashes == c.requireHashes)
    #expect(plan.writeHashes == c.writeHashes)
    #expect(
      plan.hazards.map(\.code).filter { $0 != "no-record" && $0 != "unpinned-system-package" } == c.hazards)
    let lock = String(decoding: plan.content(of: "requirements.lock"), as: UTF8.self)
    #expect(lock.contains("--hash=sha256:") == c.writeHashes)
    if c.hazards == ["unverified"] { #expect(lock.contains("# UNVERIFIED")) }
  }

  struct BaseCase: CustomStringConvertible, Sendable {
    var label: String
    var version: String
    var implementation: String
    var override: String?
    var reference: String
    var hazard: String?
    var description: String { label }
  }

  static let baseCases = [
    BaseCase(
      label: "cpython final", version: "3.12.3", implementation: "cpython",
      reference: "python:3.12.3-slim-bookworm"),
    BaseCase(
      label: "cpython rc", version: "3.13.0rc1", implementation: "cpython",
      reference: "python:3.13-slim-bookworm",
      hazard: "no-official-image"),
    BaseCase(
      label: "old cpython", version: "3.7.17", implementation: "cpython",
      reference: "python:3.7-slim-bookworm",
      hazard: "no-official-image"),
    BaseCase(
      label: "pypy", version: "3.10.14", implementation: "pypy", reference: "pypy:3.10-slim-bookworm",
      hazard: "no-official-image"),
    BaseCase(
      label: "digest override", version: "3.11.7", implementation: "cpython",
      override: "python@sha256:" + String(repeating: "b", count: 64),
      reference: "python@sha256:" + String(repeating: "b", count: 64)),
  ]

  @Test(arguments: baseCases)
  func baseImageRules(_ c: BaseCase) throws {
    var snapshot = Fixtures.snapshot([], version: c.version)
    snapshot.interpreter?.implementation = c.implementation
    let base = try BaseImage.choose(for: snapshot, override: c.override)
    #expect(base.reference == c.reference)
    #expect(base.hazards.map(\.code) == (c.hazard.map { [$0] } ?? []))
  }

  @Test func noInterpreterNeedsABaseImage() throws {
    var snapshot = Fixtures.snapshot([])
    snapshot.interpreter = nil
    let error = #expect(throws: RebuildError.self) {
      _ = try RebuildPlan.make(Fixtures.source(snapshot), options: RebuildOptions())
    }
    #expect(error.map { if case .noInterpreter = $0 { true } else { false } } == true)
    #expect(
      try RebuildPlan.make(
        Fixtures.source(snapshot), options: RebuildOptions(baseImage: "debian:bookworm-slim")
      ).base.reference == "debian:bookworm-slim")
  }
}
