import EnvlockModel
import EnvlockSigning

/// Why an `.envlock` archive could not be written, read or verified.
public enum ArchiveError: Error, CustomStringConvertible {
  /// The file could not be opened or read.
  case cannotRead(file: String, reason: String)
  /// The file is larger than the reader accepts.
  case archiveTooLarge(file: String, size: Int, limit: Int)
  /// libarchive could not read the file as tar + zstd (truncated, corrupt, or another format).
  case notAnArchive(file: String, reason: String)
  /// A member path is absolute, contains `..`, or is otherwise unsafe.
  case unsafeMemberPath(file: String, member: String)
  /// A member is a link, directory or device instead of a regular file.
  case unsupportedMemberType(file: String, member: String, type: String)
  /// A member is larger than the limit.
  case memberTooLarge(file: String, member: String, size: Int, limit: Int)
  /// All members together are larger than the limit.
  case archiveContentTooLarge(file: String, limit: Int)
  /// The archive has more members than the limit.
  case tooManyMembers(file: String, limit: Int)
  /// Two members have the same path.
  case duplicateMember(file: String, member: String)
  /// There is no `envlock.json` member.
  case missingManifest(file: String)
  /// `envlock.json` is not valid JSON or does not match the schema.
  case invalidManifest(file: String, reason: String)
  /// `envlock.json` declares a schema this version does not read.
  case unknownSchema(file: String, found: String, expected: String)
  /// A member is not listed in the manifest.
  case unexpectedMember(file: String, member: String)
  /// A member listed in the manifest is absent.
  case missingMember(file: String, member: String)
  /// A member's content does not match the digest the manifest records.
  case digestMismatch(file: String, member: String, expected: String, found: String)
  /// The signature member cannot be parsed.
  case invalidSignatureFile(file: String, reason: String)
  /// A key was given but the archive carries no signature.
  case unsigned(file: String)
  /// The signature does not verify with the given key.
  case signatureRejected(file: String, reason: String)
  /// The destination exists and `--force` was not given.
  case destinationExists(path: String)
  /// Writing the destination failed; nothing was left behind.
  case writeFailed(path: String, reason: String)
  /// A config file path cannot be stored (absolute, `..`, or empty).
  case invalidConfigPath(path: String)
  /// A JSON file is not an `envlock.json` manifest or snapshot document this version reads.
  case notASnapshot(file: String, reason: String)

  /// True for failures of integrity or authenticity (exit code 1); false for unreadable or malformed input (2).
  public var isVerificationFailure: Bool {
    switch self {
    case .digestMismatch, .unsigned, .signatureRejected, .missingMember, .unexpectedMember: return true
    default: return false
    }
  }

  /// A one-line message naming the problem and where it is.
  public var description: String {
    switch self {
    case .cannotRead(let file, let reason):
      return "Cannot read `\(file)`: \(reason)"
    case .archiveTooLarge(let file, let size, let limit):
      return "`\(file)` is \(size) bytes, more than the \(limit)-byte limit for an .envlock archive"
    case .notAnArchive(let file, let reason):
      return
        "`\(file)` is not a readable .envlock archive (tar + zstd), it may be truncated or corrupt; fetch an intact copy or capture again: \(reason)"
    case .unsafeMemberPath(let file, let member):
      return
        "`\(file)` has a member with an unsafe path (absolute or with `..`), which envlock never writes; do not use this archive: \(member)"
    case .unsupportedMemberType(let file, let member, let type):
      return "`\(file)` has a member that is a \(type), not a regular file: \(member)"
    case .memberTooLarge(let file, let member, let size, let limit):
      return "`\(file)` member `\(member)` is at least \(size) bytes, more than the \(limit)-byte limit"
    case .archiveContentTooLarge(let file, let limit):
      return "`\(file)` unpacks to more than \(limit) bytes, the limit for an .envlock archive"
    case .tooManyMembers(let file, let limit):
      return "`\(file)` has more than \(limit) members"
    case .duplicateMember(let file, let member):
      return "`\(file)` has the same member twice: \(member)"
    case .missingManifest(let file):
      return "`\(file)` has no `envlock.json` member; it is not an envlock archive or it was truncated"
    case .invalidManifest(let file, let reason):
      return "`\(file)` member `envlock.json` is invalid: \(reason)"
    case .unknownSchema(let file, let found, let expected):
      return
        "`\(file)` uses a schema this envlock cannot read (it reads `\(expected)`; use the envlock version that wrote the file, or a newer one): \(found)"
    case .unexpectedMember(let file, let member):
      return "`\(file)` has a member the manifest does not list: \(member)"
    case .missingMember(let file, let member):
      return "`\(file)` lacks a member the manifest lists: \(member)"
    case .digestMismatch(let file, let member, let expected, let found):
      return
        "`\(file)` member `\(member)` was modified: manifest records sha256 \(expected), content has \(found)"
    case .invalidSignatureFile(let file, let reason):
      return "`\(file)` member `envlock.json.minisig` is invalid: \(reason)"
    case .unsigned(let file):
      return
        "`\(file)` is not signed (no `envlock.json.minisig` member)\n\nhint: capture again with a signing key (`envlock keygen`, then `envlock capture --key KEY`)"
    case .signatureRejected(let file, let reason):
      return "`\(file)` signature check failed: \(reason)"
    case .destinationExists(let path):
      return "`\(path)` already exists\n\nhint: pass `--force` to replace it"
    case .writeFailed(let path, let reason):
      return "Cannot write `\(path)`: \(reason)"
    case .invalidConfigPath(let path):
      return "Config file path cannot be stored in an archive (it must be relative, without `..`): \(path)"
    case .notASnapshot(let file, let reason):
      return
        "Cannot read a snapshot from `\(file)`: \(reason)\n\nhint: pass an .envlock archive, its envlock.json, or a snapshot JSON"
    }
  }
}
