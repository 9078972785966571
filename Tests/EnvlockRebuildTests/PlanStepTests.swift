// The steps of `RebuildPlan.make`, one by one: pinning, package hazards, hash mode, conda specs,
// file copies, GPU hazards and runtime decisions. The goldens check them together.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockRebuild

/// One package with a `direct_url.json`, as a test case input.
private func direct(
  _ url: String, vcs: DirectURL.VCSInfo? = nil, archiveHashes: [String]? = nil, editable: Bool? = nil
) -> PythonPackage {
  var package = Fixtures.package("p", "1.0")
  package.directUrl = DirectURL(
    url: url, vcsInfo: vcs, archiveInfo: archiveHashes.map { .init(hashes: $0) },
    dirInfo: editable.map { .init(editable: $0) })
  return package
}

private let sha = String(repeating: "ab", count: 32)

private let lockedFile = LockedFile(
  filename: "p-1.0-py3-none-any.whl", url: "https://files.example/p-1.0-py3-none-any.whl",
  sha256: Digest(hex: sha)!, isWheel: true)

@Suite struct PinningTests {
  struct Case: CustomStringConvertible, Sendable {
    var label: String
    var package: PythonPackage
    var condaPrefix = false
    var locked: LockedFile? = nil
    /// The source it is pinned from, or nil when it is left out.
    var source: PackageSource?
    var skipped: String? = nil
    var hazards: [String] = []
    var description: String { label }
  }

  static let cases = [
    Case(
      label: "index, file found", package: Fixtures.package("p", "1.0"), locked: lockedFile, source: .index),
    Case(label: "index, no file", package: Fixtures.package("p", "1.0"), source: .index),
    Case(
      label: "vcs with credentials",
      package: direct("https://u:tok@git.example/p.git", vcs: .init(vcs: "git", commitId: "abc")),
      source: .vcs(vcs: "git", url: "https://git.example/p.git", commit: "abc", subdirectory: nil),
      hazards: ["credentials-in-url"]),
    Case(
      label: "editable", package: direct("file:///home/ana/p", editable: true), source: nil,
      skipped: "editable install of file:///home/ana/p", hazards: ["editable"]),
    Case(
      label: "local directory", package: direct("file:///src/p", editable: false), source: nil,
      skipped: "install from a local directory of file:///src/p", hazards: ["local-directory"]),
    Case(
      label: "archive with sha256",
      package: direct("https://h/p-1.0.tar.gz", archiveHashes: ["SHA256=" + sha]),
      source: .archive(url: "https://h/p-1.0.tar.gz", hash: FileHash(algorithm: "sha256", hex: sha))),
    Case(
      label: "archive with md5 only", package: direct("https://h/p-1.0.tar.gz", archiveHashes: ["md5=00"]),
      source: .archive(url: "https://h/p-1.0.tar.gz", hash: nil), hazards: ["archive-without-hash"]),
    Case(
      label: "local archive", package: direct("file:///tmp/p-1.0.whl", archiveHashes: []),
      source: .archive(url: "file:///tmp/p-1.0.whl", hash: nil),
      hazards: ["local-archive", "archive-without-hash"]),
    Case(
      label: "conda build in a conda prefix",
      package: { () -> PythonPackage in
        var p = Fixtures.package("p", "1.0")
        p.installer = "conda"
        return p
      }(), condaPrefix: true, source: nil, skipped: "installed by conda (conda-packages.txt)"),
    Case(
      label: "conda build in a pip environment",
      package: { () -> PythonPackage in
        var p = Fixtures.package("p", "1.0")
        p.installer = "conda"
        return p
      }(), source: .index),
  ]

  @Test(arguments: cases)
  func eachSourceIsPinnedOrLeftOut(_ c: Case) {
    var snapshot = Fixtures.snapshot([c.package])
    if c.condaPrefix {
      snapshot.condaPackages = [
        CondaPackage(
          name: "python", version: "3.11.7", build: "h0", buildNumber: 0, channel: nil, subdir: nil, md5: nil,
          sha256: nil)
      ]
    }
    let pinning = Pinning.make(snapshot: snapshot, lockedFiles: c.locked.map { ["p": $0] } ?? [:])
    #expect(pinning.pins.map(\.source) == (c.source.map { [$0] } ?? []))
    #expect(pinning.pins.first?.file == c.locked)
    #expect(pinning.skipped.map(\.reason) == (c.skipped.map { [$0] } ?? []))
    #expect(pinning.hazards.map(\.code) == c.hazards)
    #expect(pinning.hazards.allSatisfy { $0.subject == "p" && !$0.action.isEmpty })
  }

  @Test func theDecisionCountsPinsAndLeftOutPackages() {
    let snapshot = Fixtures.snapshot([
      Fixtures.package("a", "1"), Fixtures.package("b", "2"), direct("file:///src/p", editable: true),
    ])
    let pinning = Pinning.make(snapshot: snapshot, lockedFiles: [:])
    #expect(pinning.decision.topic == "python packages")
    #expect(pinning.decision.choice.hasPrefix("2 pinned with `==`"))
    #expect(pinning.decision.reason.hasSuffix("; 1 left out (see below)"))
    #expect(pinning.vcsUsers.isEmpty)
  }

  @Test(arguments: [
    ("sha256=ABCD", FileHash(algorithm: "sha256", hex: "abcd")),
    ("SHA512=ff=00", FileHash(algorithm: "sha512", hex: "ff=00")),
    ("no-separator", nil),
  ])
  func archiveHashesSplitAtTheFirstEqualsSign(_ text: String, _ expected: FileHash?) {
    #expect(Pinning.splitHash(text) == expected)
  }
}

@Suite struct PackageHazardTests {
  struct Case: CustomStringConvertible, Sendable {
    var label: String
    var package: PythonPackage
    var condaPrefix = false
    var skip = false
    var warnings: [CaptureWarning] = []
    var codes: [String]
    /// Words the first hazard's message or subject must contain.
    var mentions: String? = nil
    var description: String { label }
  }

  static func package(
    record: Bool, format: PythonPackage.MetadataFormat = .distInfo, installer: String = "pip"
  )
    -> PythonPackage
  {
    var p = Fixtures.package("p", "1.0")
    if !record { p.record = nil }
    p.metadataFormat = format
    p.installer = installer
    return p
  }

  static let foreign = CaptureWarning(
    code: .condaPrefixForeignPackage, message: "foo is in the conda prefix but no conda record installed it",
    path: "/opt/conda/lib/python3.11/site-packages/foo-1.0.dist-info")

  static let cases = [
    Case(label: "with RECORD", package: package(record: true), codes: []),
    Case(
      label: "dist-info without RECORD", package: package(record: false), codes: ["no-record"],
      mentions: "has no RECORD"),
    Case(
      label: "egg-info without RECORD", package: package(record: false, format: .eggInfo),
      codes: ["no-record"],
      mentions: "egg-info metadata and no RECORD"),
    Case(label: "left out without RECORD", package: package(record: false), skip: true, codes: []),
    Case(
      label: "conda build in a pip environment", package: package(record: true, installer: "conda"),
      codes: ["conda-in-pip-environment"]),
    Case(
      label: "conda build in a conda prefix", package: package(record: true, installer: "conda"),
      condaPrefix: true,
      codes: []),
    Case(
      label: "pip package in a conda prefix", package: package(record: true), warnings: [foreign],
      codes: ["pip-in-conda-prefix"], mentions: "foo-1.0.dist-info"),
    Case(
      label: "other warnings", package: package(record: true),
      warnings: [CaptureWarning(code: .recordMissing, message: "no RECORD", path: "/x/RECORD")], codes: []),
  ]

  @Test(arguments: cases)
  func packagesTheRebuildCannotCheckAreHazards(_ c: Case) {
    var snapshot = Fixtures.snapshot([c.package])
    snapshot.warnings = c.warnings
    if c.condaPrefix {
      snapshot.condaPackages = [
        CondaPackage(
          name: "p", version: "1.0", build: "0", buildNumber: 0, channel: nil, subdir: nil, md5: nil,
          sha256: nil)
      ]
    }
    let skipped = c.skip ? [SkippedPackage(package: c.package, reason: "left out")] : []
    let hazards = PackageHazards.find(snapshot: snapshot, skipped: skipped)
    #expect(hazards.map(\.code) == c.codes)
    if let mentions = c.mentions, let first = hazards.first {
      #expect((first.subject + " " + first.message).contains(mentions))
    }
  }
}

@Suite struct HashModeTests {
  struct Case: CustomStringConvertible, Sendable {
    var label: String
    var pins: [PinnedPackage]
    var requested: Bool
    var writeHashes: Bool
    var requireHashes: Bool
    var hazards: [String]
    /// The `hashes` decision's choice, and the topics of all decisions.
    var choice: String
    var topics: [String]
    var description: String { label }
  }

  static func index(_ name: String, file: Bool) -> PinnedPackage {
    PinnedPackage(package: Fixtures.package(name, "1"), source: .index, file: file ? lockedFile : nil)
  }

  static let vcs = PinnedPackage(
    package: Fixtures.package("v", "1"),
    source: .vcs(vcs: "git", url: "https://git.example/v.git", commit: "abc", subdirectory: nil), file: nil)

  static let archive = PinnedPackage(
    package: Fixtures.package("z", "1"),
    source: .archive(url: "https://h/z.tar.gz", hash: FileHash(algorithm: "sha256", hex: sha)), file: nil)

  static let cases = [
    Case(
      label: "not requested", pins: [index("a", file: false)], requested: false, writeHashes: false,
      requireHashes: false, hazards: [], choice: "none", topics: ["hashes", "pylock.toml"]),
    Case(
      label: "every file found", pins: [index("a", file: true), archive], requested: true, writeHashes: true,
      requireHashes: true, hazards: [], choice: "`--require-hashes` with a SHA-256 for every package",
      topics: ["hashes"]),
    Case(
      label: "one file missing", pins: [index("a", file: true), index("b", file: false)], requested: true,
      writeHashes: true, requireHashes: false, hazards: ["unverified"], choice: "hashes for 1 of 2 packages",
      topics: ["hashes", "pylock.toml"]),
    Case(
      label: "a vcs pin", pins: [index("a", file: true), vcs], requested: true, writeHashes: false,
      requireHashes: false, hazards: ["vcs-unhashable"], choice: "none", topics: ["hashes"]),
    Case(
      label: "a vcs pin, not requested", pins: [vcs], requested: false, writeHashes: false,
      requireHashes: false,
      hazards: [], choice: "none", topics: ["hashes"]),
    Case(
      label: "no pins", pins: [], requested: true, writeHashes: true, requireHashes: false, hazards: [],
      choice: "hashes for 0 of 0 packages", topics: ["hashes"]),
  ]

  @Test(arguments: cases)
  func pipHashModeIsAllOrNothing(_ c: Case) {
    let mode = HashMode.choose(pins: c.pins, requested: c.requested, indexURL: "https://pypi.org/simple")
    #expect(mode.writeHashes == c.writeHashes)
    #expect(mode.requireHashes == c.requireHashes)
    #expect(mode.hazards.map(\.code) == c.hazards)
    #expect(mode.decisions.first?.choice == c.choice)
    #expect(mode.decisions.map(\.topic) == c.topics)
    for hazard in mode.hazards where hazard.code == "unverified" {
      #expect(hazard.message.contains("`https://pypi.org/simple`"))
    }
  }
}

@Suite struct OtherPlanStepTests {
  @Test(arguments: [
    ("https://conda.anaconda.org/conda-forge", "conda-forge::numpy=1.26.4=py311_0"),
    ("https://repo.anaconda.com/pkgs/main", "main::numpy=1.26.4=py311_0"),
    ("https://user:pw@conda.example/private", "https://conda.example/private::numpy=1.26.4=py311_0"),
    (nil, "numpy=1.26.4=py311_0"),
  ])
  func condaSpecsPinExactBuilds(_ channel: String?, _ spec: String) {
    var snapshot = Fixtures.snapshot([])
    snapshot.condaPackages = [
      CondaPackage(
        name: "numpy", version: "1.26.4", build: "py311_0", buildNumber: 0, channel: channel, subdir: nil,
        md5: nil, sha256: nil)
    ]
    let conda = RebuildPlan.condaSpecs(snapshot)
    #expect(conda.specs == [spec])
    #expect(conda.decisions.map(\.choice) == ["1 exact builds in conda-packages.txt"])
    #expect(RebuildPlan.condaSpecs(Fixtures.snapshot([])).specs.isEmpty)
    #expect(RebuildPlan.condaSpecs(Fixtures.snapshot([])).decisions.isEmpty)
  }

  struct FileCase: CustomStringConvertible, Sendable {
    var label: String
    var config: [String]
    var contents: [String]
    var data: [DataFile.Kind]
    var topics: [String]
    var hazards: [String]
    var dataChoice: String? = nil
    var description: String { label }
  }

  @Test(arguments: [
    FileCase(label: "nothing", config: [], contents: [], data: [], topics: [], hazards: []),
    FileCase(
      label: "project config", config: ["config/settings.toml"], contents: ["config/settings.toml"], data: [],
      topics: ["config files"], hazards: []),
    FileCase(
      label: "config without content", config: ["config/settings.toml"], contents: [], data: [],
      topics: ["config files"], hazards: ["config-content-missing"]),
    FileCase(
      label: "machine config", config: ["@venv/pip.conf", ".env"], contents: ["@venv/pip.conf", ".env"],
      data: [], topics: ["config files", "machine config files"], hazards: []),
    FileCase(
      label: "data files and links", config: [], contents: [], data: [.file, .symlink, .file],
      topics: ["data files"], hazards: [],
      dataChoice: "2 copied from data-files/ and checked with `sha256sum --check --strict`"),
  ])
  func fileCopiesRestoreConfigAndCheckData(_ c: FileCase) {
    var snapshot = Fixtures.snapshot([])
    snapshot.configFiles = c.config.map {
      ConfigFile(path: $0, size: 1, mode: 0o644, sha256: Digest(hex: sha)!)
    }
    snapshot.dataFiles = c.data.enumerated().map { i, kind in
      DataFile(
        path: "data/\(i)", kind: kind, size: 1, mode: 0o644, mtime: nil,
        sha256: kind == .file ? Digest(hex: sha) : nil,
        linkTarget: kind == .symlink ? "0" : nil)
    }
    var contents: [String: [UInt8]] = [:]
    for path in c.contents { contents[path] = Array("x".utf8) }
    let files = RebuildPlan.fileCopies(snapshot, configContents: contents)
    #expect(files.decisions.map(\.topic) == c.topics)
    #expect(files.hazards.map(\.code) == c.hazards)
    if let choice = c.dataChoice { #expect(files.decisions.last?.choice == choice) }
  }

  @Test func aGPUSnapshotWarnsThatTheImageHasNoDriver() {
    var snapshot = Fixtures.snapshot([])
    #expect(RebuildPlan.gpuHazards(snapshot).isEmpty)
    snapshot.host = Host(
      os: OperatingSystem(id: "debian"), kernelRelease: "6.1.0", architecture: "x86_64", libc: nil,
      cpu: CPU(model: "x", vendor: nil, logicalCores: 8, flags: []), memoryBytes: 1 << 34,
      gpus: [
        GPU(name: "NVIDIA A100", driverVersion: "535.104.05", cudaVersion: "12.2", memoryBytes: nil),
        GPU(name: "NVIDIA A100", driverVersion: "535.104.05", cudaVersion: "12.2", memoryBytes: nil),
      ], gpuProbe: "nvidia-smi")
    let hazards = RebuildPlan.gpuHazards(snapshot)
    #expect(hazards.map(\.code) == ["gpu"])
    #expect(hazards.first?.subject == "NVIDIA A100, NVIDIA A100")
    #expect(hazards.first?.message.contains("driver 535.104.05, CUDA 12.2") == true)
    snapshot.host?.gpus = []
    #expect(RebuildPlan.gpuHazards(snapshot).isEmpty)
  }

  @Test func runtimeDecisionsNameTheUserAndTheCaptureTime() {
    let decisions = RebuildPlan.runtimeDecisions(Fixtures.snapshot([]))
    #expect(decisions.map(\.topic) == ["user", "reproducibility"])
    #expect(decisions[1].choice.contains("SOURCE_DATE_EPOCH=1795927711"))
  }
}
