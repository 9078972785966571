// Rebuild: a snapshot becomes what stands the environment up again. `RebuildPlan.make` takes every
// decision once, in steps that can be tested one by one (base image, index, pinning and package
// hazards in Pinning.swift, hash mode in HashMode.swift, system packages, conda specs, kernels,
// environment, file copies, GPU); the renderers (RequirementsLock, PyLock, AptPackages, Dockerfile,
// EnvironmentFile, RebuildReport) only write it out.
// Pins follow pip's requirements format and PEP 751 (pylock.toml, lock-version 1.0).

import EnvlockArchive
import EnvlockFileIO
import EnvlockModel
import EnvlockRedaction

/// Options of `envlock rebuild -o`.
public struct RebuildOptions: Sendable {
  /// `--base-image`: kept exactly as given (a digest-pinned reference stays pinned).
  public var baseImage: String?
  /// Point apt at Debian's snapshot archive for the capture date (`--no-apt-snapshot` turns it off).
  public var aptSnapshot: Bool
  /// `--index-url`: the index to pin against; otherwise the snapshot's PIP_INDEX_URL or pip.conf, else PyPI.
  public var indexURL: String?
  /// Whether `--hashes` looked files up; packages missing from `lockedFiles` are then unverified.
  public var hashesRequested: Bool
  /// Files found on the index for pinned packages, by normalized name (from `IndexHashLookup`).
  public var lockedFiles: [String: LockedFile]
  /// The envlock version written into labels and headers.
  public var toolVersion: String
  /// What the caller found out about the snapshot's signature before planning; nil when it did not
  /// look (no decision, no hazard).
  public var signature: SignatureStatus?

  /// Creates options; the defaults are those of `envlock rebuild SNAPSHOT -o DIR`.
  public init(
    baseImage: String? = nil, aptSnapshot: Bool = true, indexURL: String? = nil,
    hashesRequested: Bool = false,
    lockedFiles: [String: LockedFile] = [:], toolVersion: String = envlockVersion,
    signature: SignatureStatus? = nil
  ) {
    self.baseImage = baseImage
    self.aptSnapshot = aptSnapshot
    self.indexURL = indexURL
    self.hashesRequested = hashesRequested
    self.lockedFiles = lockedFiles
    self.toolVersion = toolVersion
    self.signature = signature
  }
}

/// Whether the snapshot a rebuild reads was shown to come, unchanged, from the holder of a key.
public enum SignatureStatus: Hashable, Sendable {
  /// The signature was checked with the public key of this key id and is valid.
  case verified(keyID: String)
  /// The input is signed, but no public key was given, so the signature was not checked.
  case notChecked
  /// The input carries no signature (a JSON file without a `.minisig`, or an unsigned archive).
  case unsigned

  /// The decision or hazard of the signature step.
  func outcome() -> (decisions: [Decision], hazards: [Hazard]) {
    switch self {
    case .verified(let keyID):
      return (
        [
          Decision(
            topic: "signature", choice: "verified with key \(keyID)",
            reason: "the snapshot was checked against the public key given before anything was written")
        ], []
      )
    case .notChecked:
      return (
        [],
        [
          Hazard(
            code: "signature-not-checked", subject: "",
            message:
              "the snapshot is signed, but no public key was given, so nothing shows that it comes unchanged from its signer",
            action: "rebuild with the signer's public key")
        ]
      )
    case .unsigned:
      return (
        [],
        [
          Hazard(
            code: "unsigned-input", subject: "",
            message:
              "the snapshot carries no signature, so nothing shows who wrote it or that it is unchanged; everything rebuilt from it is as trustworthy as the file's path",
            action: "capture with a signing key and rebuild the archive with the signer's public key")
        ]
      )
    }
  }
}

/// A distribution file (wheel or sdist) on the index with its SHA-256.
public struct LockedFile: Codable, Hashable, Sendable {
  /// The file name, for example `numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`.
  public var filename: String
  /// The absolute download URL (credentials removed).
  public var url: String
  /// SHA-256 of the file.
  public var sha256: Digest
  /// True for a wheel, false for an sdist.
  public var isWheel: Bool

  /// Creates a locked file record.
  public init(filename: String, url: String, sha256: Digest, isWheel: Bool) {
    self.filename = filename
    self.url = url
    self.sha256 = sha256
    self.isWheel = isWheel
  }
}

/// A file hash as pip writes it: `algorithm:hex`.
public struct FileHash: Codable, Hashable, Sendable {
  /// `sha256`, `sha384` or `sha512`.
  public var algorithm: String
  /// Lowercase hex digits.
  public var hex: String

  /// Creates a hash.
  public init(algorithm: String, hex: String) {
    self.algorithm = algorithm
    self.hex = hex
  }
}

/// Where a pinned package is installed from.
public enum PackageSource: Hashable, Sendable {
  /// The package index, by name and version.
  case index
  /// A version-control checkout at a commit.
  case vcs(vcs: String, url: String, commit: String, subdirectory: String?)
  /// An archive URL with its recorded hash.
  case archive(url: String, hash: FileHash?)
}

/// One package of the snapshot that the lock files install.
public struct PinnedPackage: Hashable, Sendable {
  /// The captured package.
  public var package: PythonPackage
  /// Where it comes from.
  public var source: PackageSource
  /// The index file chosen for it, when `--hashes` found one.
  public var file: LockedFile?

  /// The hash the lock files carry for it, when known.
  public var hash: FileHash? {
    if let file { return FileHash(algorithm: "sha256", hex: file.sha256.hex) }
    if case .archive(_, let hash?) = source { return hash }
    return nil
  }
}

/// A package of the snapshot the lock files do not install, and why.
public struct SkippedPackage: Hashable, Sendable {
  /// The captured package.
  public var package: PythonPackage
  /// Why it is not pinned, for example `editable install of file:///home/ana/lib`.
  public var reason: String
}

/// One decision of the rebuild: what was chosen and why (a line of REBUILD.md).
public struct Decision: Codable, Hashable, Sendable {
  /// What the decision is about, for example `base image`.
  public var topic: String
  /// What was chosen.
  public var choice: String
  /// Why.
  public var reason: String

  /// Creates a decision; each text is kept on one line (`\n` and other control characters escaped).
  public init(topic: String, choice: String, reason: String) {
    self.topic = OutputText.line(topic)
    self.choice = OutputText.line(choice)
    self.reason = OutputText.line(reason)
  }
}

/// An environment variable as the rebuild plans it: with the value it is set to (runtime and
/// kernel variables), or with why it is not set (secrets, variables left out).
public struct PlannedVariable: Codable, Hashable, Sendable {
  /// The variable name.
  public var name: String
  /// The value (runtime variables) or the reason (secrets, left-out variables).
  public var text: String

  /// Creates a pair.
  public init(name: String, text: String) {
    self.name = name
    self.text = text
  }
}

/// Every decision of a rebuild, taken once; the renderers write it out.
public struct RebuildPlan: Sendable {
  /// The snapshot and its digest.
  public var source: SnapshotFile
  /// The options.
  public var options: RebuildOptions
  /// The base image.
  public var base: BaseImage
  /// The packages the lock files install, by normalized name.
  public var pins: [PinnedPackage]
  /// The packages they cannot install, with the reason.
  public var skipped: [SkippedPackage]
  /// True when every pinned package has a hash and pip can run with `--require-hashes`.
  public var requireHashes: Bool
  /// True when hashes are written at all (with `--hashes` and no VCS pins).
  public var writeHashes: Bool
  /// The index the packages are pinned against (credentials removed) and where it came from.
  public var index: IndexChoice
  /// System packages to install.
  public var apt: AptPlan
  /// conda package specs (`channel::name=version=build`) for a conda base.
  public var condaSpecs: [String]
  /// Environment variables by destiny.
  public var environment: EnvironmentPlan
  /// Jupyter kernelspecs the image registers for the snapshot's notebooks.
  public var kernels: [KernelRegistration]
  /// Decisions, in REBUILD.md order.
  public var decisions: [Decision]
  /// Hazards, never dropped.
  public var hazards: [Hazard]

  /// The snapshot.
  public var snapshot: Snapshot { source.snapshot }

  /// Takes every decision for rebuilding `source` with `options`: the steps below, in order; each
  /// adds its hazards and its decisions (in REBUILD.md order).
  public static func make(_ source: SnapshotFile, options: RebuildOptions) throws(RebuildError)
    -> RebuildPlan
  {
    var hazards: [Hazard] = []
    var decisions: [Decision] = []
    if let signature = options.signature {
      let outcome = signature.outcome()
      hazards += outcome.hazards
      decisions += outcome.decisions
    }

    let screening = Screening.make(source.snapshot, configContents: source.configContents)
    hazards += screening.hazards
    var source = source
    source.snapshot = screening.snapshot
    source.configContents = screening.configContents
    let snapshot = source.snapshot

    let base = try BaseImage.choose(for: snapshot, override: options.baseImage)
    decisions.append(Decision(topic: "base image", choice: "`\(base.reference)`", reason: base.reason))
    hazards += base.hazards
    decisions += base.notes

    let index = IndexChoice.choose(source: source, override: options.indexURL)
    hazards += index.hazards

    let pinning = Pinning.make(snapshot: snapshot, lockedFiles: options.lockedFiles)
    hazards += pinning.hazards
    hazards += PackageHazards.find(snapshot: snapshot, skipped: pinning.skipped)
    let hashMode = HashMode.choose(
      pins: pinning.pins, requested: options.hashesRequested, indexURL: index.url)
    hazards += hashMode.hazards
    decisions.append(pinning.decision)
    decisions.append(Decision(topic: "index", choice: "`\(index.url)`", reason: index.origin))
    decisions += hashMode.decisions

    let vcsUsers = pinning.vcsUsers
    let apt = AptPlan.make(
      snapshot: snapshot, base: base, aptSnapshot: options.aptSnapshot,
      tools: vcsUsers.isEmpty || base.family == .conda ? [:] : ["git": vcsUsers])
    hazards += apt.hazards
    decisions += apt.decisions

    let conda = condaSpecs(snapshot)
    decisions += conda.decisions

    let kernels = KernelPlan.make(snapshot: snapshot) { name in
      pinning.pins.contains { $0.package.name == name } || snapshot.condaPackages.contains { $0.name == name }
    }
    hazards += kernels.hazards
    decisions += kernels.decisions

    let environment = EnvironmentPlan.make(snapshot: snapshot)
    hazards += environment.hazards
    decisions += environment.decisions

    let files = fileCopies(snapshot, configContents: source.configContents)
    hazards += files.hazards
    decisions += files.decisions
    hazards += gpuHazards(snapshot)
    decisions += runtimeDecisions(snapshot)

    return RebuildPlan(
      source: source, options: options, base: base, pins: pinning.pins, skipped: pinning.skipped,
      requireHashes: hashMode.requireHashes,
      writeHashes: hashMode.writeHashes, index: index, apt: apt, condaSpecs: conda.specs,
      environment: environment, kernels: kernels.registrations, decisions: decisions, hazards: hazards)
  }

  /// The conda step: one exact `channel::name=version=build` spec per conda record (channel
  /// credentials removed, anaconda.org channels by their short name), and its decision.
  static func condaSpecs(_ snapshot: Snapshot) -> (specs: [String], decisions: [Decision]) {
    let specs = snapshot.condaPackages.map { c -> String in
      let channel =
        c.channel.map { URLMasking.withoutCredentials($0).text }.map { Self.channelName($0) + "::" } ?? ""
      return "\(channel)\(c.name)=\(c.version)=\(c.build)"
    }
    guard !specs.isEmpty else { return ([], []) }
    return (
      specs,
      [
        Decision(
          topic: "conda packages", choice: "\(specs.count) exact builds in conda-packages.txt",
          reason: "the prefix is a conda environment; `channel::name=version=build` pins each build")
      ]
    )
  }

  /// The file step: config files restored under /app or kept in machine-config/, a hazard for each
  /// config file without content in `configContents`, and data files checked against SHA256SUMS.
  static func fileCopies(_ snapshot: Snapshot, configContents: [String: [UInt8]]) -> (
    decisions: [Decision], hazards: [Hazard]
  ) {
    var decisions: [Decision] = []
    var hazards: [Hazard] = []
    if !snapshot.configFiles.isEmpty {
      let missing = snapshot.configFiles.filter { configContents[$0.path] == nil }
      let machine = snapshot.configFiles.filter { RebuildPlan.isMachineConfig($0.path) }
      if machine.count < snapshot.configFiles.count {
        decisions.append(
          Decision(
            topic: "config files",
            choice:
              "\(snapshot.configFiles.count - machine.count) restored under /app at their project-relative paths",
            reason: "their contents are in the snapshot archive (config-files/)"))
      }
      if !machine.isEmpty {
        decisions.append(
          Decision(
            topic: "machine config files",
            choice:
              "\(machine.count) (\(machine.map { OutputText.code($0.path) }.joined(separator: ", "))) written to machine-config/ for reference, not copied into the image",
            reason:
              "they configured pip or conda on the captured machine (its virtual environment, home or system folders); the pinned requirements and the index choice above already carry what they changed, and copied values could be redacted"
          ))
      }
      for file in missing {
        hazards.append(
          Hazard(
            code: "config-content-missing", subject: file.path,
            message:
              "the snapshot records this config file but carries no content (not an `.envlock` archive?)",
            action: "rebuild from the `.envlock` archive, or copy the file into config-files/ yourself"))
      }
      for file in snapshot.configFiles {
        guard let content = configContents[file.path], URLMasking.withoutCredentials(content).removed
        else { continue }
        hazards.append(
          Hazard(
            code: "credentials-in-url", subject: file.path,
            message: "a URL in the stored file held credentials; they were removed from the copy written",
            action:
              "supply the credentials at build or run time (a secret mount or netrc), never in the image"))
      }
    }
    let dataFiles = snapshot.dataFiles.filter { $0.kind == .file }
    if !snapshot.dataFiles.isEmpty {
      decisions.append(
        Decision(
          topic: "data files",
          choice: "\(dataFiles.count) copied from data-files/ and checked with `sha256sum --check --strict`",
          reason:
            "data is not in the snapshot, only its hashes (SHA256SUMS); the build fails if any file differs"))
    }
    return (decisions, hazards)
  }

  /// The GPU step: a snapshot captured with GPUs gets a hazard, since the image carries no driver.
  static func gpuHazards(_ snapshot: Snapshot) -> [Hazard] {
    guard let gpus = snapshot.host?.gpus, !gpus.isEmpty else { return [] }
    return [
      Hazard(
        code: "gpu", subject: gpus.map(\.name).joined(separator: ", "),
        message:
          "the snapshot ran on a GPU (driver \(OutputText.markdown(gpus.first?.driverVersion ?? "unknown")), CUDA \(OutputText.markdown(gpus.first?.cudaVersion ?? "unknown"))); the image carries no driver",
        action:
          "run the container with the NVIDIA container toolkit (`--gpus all`) on a host with a driver at least this new"
      )
    ]
  }

  /// The decisions about how the image runs: the user and the timestamps.
  static func runtimeDecisions(_ snapshot: Snapshot) -> [Decision] {
    [
      Decision(
        topic: "user", choice: "non-root `app` (uid 10001), working directory /app",
        reason: "nothing in the environment needs root at run time"),
      Decision(
        topic: "reproducibility",
        choice: "`SOURCE_DATE_EPOCH=\(snapshot.capture.time.secondsSinceEpoch)` (the capture time)",
        reason: "timestamps inside the image then depend on the snapshot, not on the build day"),
    ]
  }

  /// The paths of the output directory's files, in byte order.
  public func filePaths() -> [String] {
    var paths = [
      "Dockerfile", "requirements.lock", "pylock.toml", "apt-packages.txt", "environment.env", "REBUILD.md",
    ]
    if apt.useSnapshotArchive { paths.append("debian-snapshot.sources") }
    if !condaSpecs.isEmpty { paths.append("conda-packages.txt") }
    if !snapshot.dataFiles.isEmpty { paths.append("SHA256SUMS") }
    for file in snapshot.configFiles where source.configContents[file.path] != nil {
      paths.append((RebuildPlan.isMachineConfig(file.path) ? "machine-config/" : "config-files/") + file.path)
    }
    return paths.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
  }

  /// The content of one output file.
  public func content(of path: String) -> [UInt8] {
    switch path {
    case "Dockerfile": return Array(DockerfileWriter.render(self).utf8)
    case "requirements.lock": return Array(RequirementsLock.render(self).utf8)
    case "pylock.toml": return Array(PyLock.render(self).utf8)
    case "apt-packages.txt": return Array(apt.render(self).utf8)
    case "environment.env": return Array(EnvironmentFile.render(self).utf8)
    case "REBUILD.md": return Array(RebuildReport.markdown(self).utf8)
    case "debian-snapshot.sources": return Array((DockerfileWriter.aptSourcesFile(self) ?? "").utf8)
    case "conda-packages.txt": return Array(CondaPackages.render(self).utf8)
    case "SHA256SUMS": return SHA256Sums.contents(snapshot.dataFiles)
    default:
      for folder in ["config-files/", "machine-config/"] where path.hasPrefix(folder) {
        let stored = source.configContents[String(path.dropFirst(folder.count))] ?? []
        return URLMasking.withoutCredentials(stored).bytes
      }
      return []
    }
  }

  /// A config file recorded outside the project (`@venv/`, `@home/`, `@system/`): machine-level
  /// pip or conda settings, not part of the application.
  static func isMachineConfig(_ path: String) -> Bool { path.hasPrefix("@") }

  /// The output directory's files and contents, in path order.
  public func files() -> [(path: String, bytes: [UInt8])] {
    filePaths().map { ($0, content(of: $0)) }
  }
}

extension RebuildPlan {
  /// The local path of a `file://` URL (or the text unchanged).
  static func localPath(_ url: String) -> String {
    if url.hasPrefix("file://") { return String(url.dropFirst("file://".count)).removingPercentEncodingSafe }
    return url
  }

  /// A conda channel's short name: `https://conda.anaconda.org/conda-forge` becomes `conda-forge`.
  static func channelName(_ channel: String) -> String {
    if channel.hasPrefix("https://conda.anaconda.org/")
      || channel.hasPrefix("https://repo.anaconda.com/pkgs/")
    {
      return channel.split(separator: "/").last.map(String.init) ?? channel
    }
    return channel
  }
}

extension String {
  /// Percent-decoding without Foundation (only valid `%XX` sequences are decoded).
  fileprivate var removingPercentEncodingSafe: String {
    var bytes: [UInt8] = []
    var utf8 = Array(self.utf8)[...]
    while let b = utf8.popFirst() {
      if b == UInt8(ascii: "%"), utf8.count >= 2,
        let v = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(v)
        utf8 = utf8.dropFirst(2)
      } else {
        bytes.append(b)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
