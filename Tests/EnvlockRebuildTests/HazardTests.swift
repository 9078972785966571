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
