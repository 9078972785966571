// The one way to read "a snapshot from a path": an `.envlock` archive, an extracted `envlock.json`
// manifest or a bare snapshot in canonical JSON. The content decides, never the file name: the zstd
// magic number means an archive; otherwise a JSON object whose top-level `schema` is
// `envlock.manifest/1` or `envlock.snapshot/1`. Every file is read once, capped at the archive limit.

import EnvlockFileIO
import EnvlockModel
import Foundation
import Glibc

/// A snapshot read from a file, with the digest that identifies it and what the file carried.
public struct SnapshotFile: Sendable {
  /// The snapshot.
  public var snapshot: Snapshot
  /// SHA-256 of `envlock.json` for an archive, of the whole file for a manifest or snapshot JSON
  /// (an extracted `envlock.json` has the digest of its archive).
  public var digest: EnvlockModel.Digest
  /// The archive (its signature and members, integrity checked), or nil for a JSON file.
  public var archive: SnapshotArchive?
  /// Config file contents by recorded path; only an archive carries them.
  public var configContents: [String: [UInt8]]

  /// Creates a snapshot file from parts (tests, and callers that already hold a snapshot).
  public init(
    snapshot: Snapshot, digest: EnvlockModel.Digest, archive: SnapshotArchive? = nil,
    configContents: [String: [UInt8]] = [:]
  ) {
    self.snapshot = snapshot
    self.digest = digest
    self.archive = archive
    self.configContents = configContents
  }

  /// The first bytes of a zstd frame (RFC 8878), which every `.envlock` archive starts with.
  static let zstdMagic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

  /// Reads an archive (structure and member digests checked, not the signature), a manifest or a
  /// snapshot JSON file.
  public static func read(path: String, limits: ReadLimits = .standard) throws(ArchiveError) -> SnapshotFile {
    try parse(
      try readBytes(path, limit: limits.maxArchiveBytes, jsonLimit: limits.maxMemberBytes), file: path,
      limits: limits)
  }

  /// Parses the bytes of an archive, manifest or snapshot JSON; `file` names them in errors.
  public static func parse(
    _ bytes: [UInt8], file: String, limits: ReadLimits = .standard
  ) throws(ArchiveError) -> SnapshotFile {
    if bytes.starts(with: zstdMagic) {
      let archive = try SnapshotArchive.parse(bytes, file: file, limits: limits)
      var contents: [String: [UInt8]] = [:]
      for config in archive.snapshot.configFiles {
        if let content = archive.configContent(config) { contents[config.path] = content }
      }
      return SnapshotFile(
        snapshot: archive.snapshot, digest: .sha256(archive.manifestBytes), archive: archive,
        configContents: contents)
    }
    guard let first = bytes.first(where: { !isJSONWhitespace($0) }) else {
      throw .notAnArchive(
        file: file, reason: bytes.isEmpty ? "the file is empty" : "the file holds only whitespace")
    }
    guard first == UInt8(ascii: "{") else {
      throw .notAnArchive(
        file: file, reason: "it is neither tar + zstd (no zstd magic number) nor a JSON snapshot")
    }
    // A manifest is a member of an archive, so no larger than a member may be.
    if bytes.count > limits.maxMemberBytes {
      throw .snapshotTooLarge(file: file, size: bytes.count, limit: limits.maxMemberBytes)
    }
    return SnapshotFile(snapshot: try decodeJSON(bytes, file: file), digest: .sha256(bytes))
  }

  /// The snapshot of an `envlock.json` manifest or a snapshot document.
  static func decodeJSON(_ bytes: [UInt8], file: String) throws(ArchiveError) -> Snapshot {
    let tree: JSONValue
    do {
      tree = try CanonicalJSON.parse(bytes)
    } catch {
      throw .notASnapshot(file: file, underlying: error)
    }
    guard case .object(let top) = tree, case .string(let schema)? = top["schema"] else {
      throw .notASnapshot(file: file, reason: "no string field `schema` at the top level")
    }
    do {
      switch schema {
      case Manifest.currentSchema:
        if case .object(let inner)? = top["snapshot"], case .string(let innerSchema)? = inner["schema"],
          innerSchema != Snapshot.currentSchema
        {
          throw ArchiveError.notASnapshot(
            file: file, reason: "its snapshot has schema `\(innerSchema)`, not \(Snapshot.currentSchema)")
        }
        return try CanonicalJSON.decode(Manifest.self, fromTree: tree).snapshot
      case Snapshot.currentSchema:
        return try CanonicalJSON.decode(Snapshot.self, fromTree: tree)
      default:
        throw ArchiveError.notASnapshot(
          file: file,
          reason: "schema `\(schema)` is neither \(Manifest.currentSchema) nor \(Snapshot.currentSchema)")
      }
    } catch let error as ArchiveError {
      throw error
    } catch let error as DecodingError {
      throw .notASnapshot(file: file, reason: DecodingErrorText.describe(error))
    } catch {
      throw .notASnapshot(file: file, underlying: error)
    }
  }

  /// Reads a whole file, refusing one larger than `limit` bytes, or than `jsonLimit` bytes when
  /// it does not start with the zstd magic number (a JSON snapshot): the size is checked before
  /// anything is read, so a huge file costs neither time nor memory.
  static func readBytes(_ path: String, limit: Int, jsonLimit: Int? = nil) throws(ArchiveError) -> [UInt8] {
    if let jsonLimit {
      let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
      if fd >= 0 {
        defer { close(fd) }
        var st = stat()
        var magic = [UInt8](repeating: 0, count: 4)
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > jsonLimit,
          pread(fd, &magic, 4, 0) == 4, magic != zstdMagic
        {
          throw .snapshotTooLarge(file: path, size: Int(st.st_size), limit: jsonLimit)
        }
      }
    }
    switch FileSystem.read(path, limit: limit) {
    case .success(let bytes):
      return bytes
    case .failure(let error) where error.code == EFBIG:
      var st = stat()
      let size = stat(path, &st) == 0 ? Int(st.st_size) : 0
      throw .archiveTooLarge(file: path, size: max(size, limit + 1), limit: limit)
    case .failure(let error):
      throw .cannotRead(file: path, underlying: error)
    }
  }

  private static func isJSONWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }
}
