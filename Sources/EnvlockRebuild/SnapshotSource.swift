import Crypto
import EnvlockArchive
import EnvlockModel
import Foundation

/// A snapshot to rebuild, with the digest that identifies it and the config file contents it carries.
public struct SnapshotSource: Sendable {
  /// The snapshot.
  public var snapshot: Snapshot
  /// SHA-256 of `envlock.json` (archive or manifest file) or of the snapshot JSON file.
  public var digest: EnvlockModel.Digest
  /// Config file contents by recorded path (only an `.envlock` archive carries them).
  public var configContents: [String: [UInt8]]

  /// Creates a source from parts (tests and callers that already hold a snapshot).
  public init(snapshot: Snapshot, digest: EnvlockModel.Digest, configContents: [String: [UInt8]] = [:]) {
    self.snapshot = snapshot
    self.digest = digest
    self.configContents = configContents
  }

  /// Reads an `.envlock` archive (integrity checked), an `envlock.json` manifest, or a snapshot in canonical JSON.
  public static func load(path: String) throws(RebuildError) -> SnapshotSource {
    let bytes: [UInt8]
    do {
      bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      throw .cannotReadSnapshot(path: path, underlying: error)
    }
    return try parse(bytes, path: path)
  }

  /// Parses the bytes of an archive, manifest or snapshot; `path` names it in errors.
  public static func parse(_ bytes: [UInt8], path: String) throws(RebuildError) -> SnapshotSource {
    if bytes.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) {
      do {
        let lockfile = try SnapshotArchive.parse(bytes, file: path)
        var contents: [String: [UInt8]] = [:]
        for file in lockfile.snapshot.configFiles {
          if let content = lockfile.configContent(file) { contents[file.path] = content }
        }
        return SnapshotSource(
          snapshot: lockfile.snapshot, digest: sha256(lockfile.manifestBytes), configContents: contents)
      } catch {
        throw .cannotReadSnapshot(path: path, underlying: error)
      }
    }
    let value: JSONValue
    do {
      value = try CanonicalJSON.parse(bytes)
    } catch {
      throw .cannotReadSnapshot(path: path, underlying: error)
    }
    guard case .object(let members) = value, case .string(let schema)? = members["schema"] else {
      throw .cannotReadSnapshot(path: path, reason: "no top-level `schema`")
    }
    do {
      switch schema {
      case Manifest.currentSchema:
        let manifest = try CanonicalJSON.decode(Manifest.self, fromTree: value)
        return SnapshotSource(snapshot: manifest.snapshot, digest: sha256(bytes))
      case Snapshot.currentSchema:
        return SnapshotSource(
          snapshot: try CanonicalJSON.decode(Snapshot.self, fromTree: value), digest: sha256(bytes))
      default:
        throw RebuildError.cannotReadSnapshot(path: path, reason: "unknown schema `\(schema)`")
      }
    } catch let error as RebuildError {
      throw error
    } catch {
      throw .cannotReadSnapshot(path: path, underlying: error)
    }
  }
}

/// SHA-256 of bytes as a `EnvlockModel.Digest`.
func sha256<Bytes: Sequence>(_ bytes: Bytes) -> EnvlockModel.Digest where Bytes.Element == UInt8 {
  EnvlockModel.Digest(bytes: SHA256.hash(data: Array(bytes)))
}
