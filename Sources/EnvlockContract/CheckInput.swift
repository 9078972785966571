// The inputs of a check: the snapshot (and its archive, for signatures and captured file
// contents), an optional target snapshot, the project directory on disk, and the clock.

import EnvlockArchive
import EnvlockFileIO
import EnvlockModel
import Foundation

/// Everything a contract is checked against.
public struct CheckInput: Sendable {
  /// How the snapshot is named in reports (its path).
  public var label: String
  /// The snapshot.
  public var snapshot: Snapshot
  /// The archive the snapshot came from; nil for a JSON snapshot (no signature, no config contents).
  public var lockfile: SnapshotArchive?
  /// The target snapshot (`--target`), describing the machine the environment will run on.
  public var target: Snapshot?
  /// How the target is named in reports.
  public var targetLabel: String?
  /// The project directory whose files (metrics, coverage, schemas, layout) are read.
  public var projectRoot: String
  /// The directory relative paths of the contract (public keys) are resolved against.
  public var contractDirectory: String
  /// The time the check runs at (for `max_age`).
  public var now: Date

  /// Creates the input of a check.
  public init(
    label: String, snapshot: Snapshot, lockfile: SnapshotArchive? = nil, target: Snapshot? = nil,
    targetLabel: String? = nil, projectRoot: String, contractDirectory: String, now: Date = Date()
  ) {
    self.label = label
    self.snapshot = snapshot
    self.lockfile = lockfile
    self.target = target
    self.targetLabel = targetLabel
    self.projectRoot = projectRoot
    self.contractDirectory = contractDirectory
    self.now = now
  }

  /// Creates the input for an archive: the snapshot is the archive's.
  public init(
    label: String, lockfile: SnapshotArchive, target: Snapshot? = nil, targetLabel: String? = nil,
    projectRoot: String,
    contractDirectory: String, now: Date = Date()
  ) {
    self.init(
      label: label, snapshot: lockfile.snapshot, lockfile: lockfile, target: target, targetLabel: targetLabel,
      projectRoot: projectRoot, contractDirectory: contractDirectory, now: now)
  }
}

/// A project file as the check sees it: from the snapshot's stored config files, else from disk.
struct ProjectText {
  /// The project-relative path.
  let path: String
  /// The content.
  let bytes: [UInt8]
  /// True when the content came from the snapshot's archive rather than the disk.
  let captured: Bool

  /// The content as UTF-8 text (invalid bytes replaced).
  var text: String { String(decoding: bytes, as: UTF8.self) }
  /// `captured in the snapshot` or `read from the project`.
  var origin: String { captured ? "captured in the snapshot" : "read from the project" }
}

extension CheckInput {
  /// The absolute path of a project-relative path.
  func absolute(_ path: String, base: String? = nil) -> String {
    if path.hasPrefix("/") { return path }
    let root = base ?? projectRoot
    return (root.hasSuffix("/") ? root : root + "/") + path
  }

  /// The bytes of a project file on disk; nil when missing, unreadable or a directory.
  func diskBytes(_ path: String) -> [UInt8]? {
    FileSystem.readIfPresent(absolute(path))
  }

  /// True when a file or directory exists in the project on disk.
  func exists(_ path: String, directory: Bool = false) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: absolute(path), isDirectory: &isDirectory)
      && isDirectory.boolValue == directory
  }

  /// A project file: the content the snapshot stored (config files), else the file on disk.
  func projectFile(_ path: String) -> ProjectText? {
    if let lockfile, let file = snapshot.configFiles.first(where: { $0.path == path }),
      let bytes = lockfile.configContent(file)
    {
      return ProjectText(path: path, bytes: bytes, captured: true)
    }
    return diskBytes(path).map { ProjectText(path: path, bytes: $0, captured: false) }
  }

  /// The SHA-256 the snapshot recorded for a project file (data or config), if it did.
  func recordedDigest(_ path: String) -> Digest? {
    if let data = snapshot.dataFiles.first(where: { $0.path == path }) { return data.sha256 }
    return snapshot.configFiles.first { $0.path == path }?.sha256
  }

  /// The names of files in the project root, from the snapshot's config files and the disk.
  func rootFileNames() -> [String] {
    var names = Set(snapshot.configFiles.map(\.path).filter { !$0.contains("/") && !$0.hasPrefix("@") })
    for name in (try? FileManager.default.contentsOfDirectory(atPath: projectRoot)) ?? [] where exists(name) {
      names.insert(name)
    }
    return names.sorted()
  }
}
