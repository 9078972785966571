import EnvlockDiagnostics
import EnvlockModel
import EnvlockSigning

/// Why an `.envlock` archive could not be written, read or verified.
public enum ArchiveError: DiagnosticError, Sendable {
  /// The file could not be opened or read.
  case cannotRead(file: String, underlying: any Error)
  /// The file is larger than the reader accepts.
  case archiveTooLarge(file: String, size: Int, limit: Int)
  /// A JSON snapshot or manifest is larger than the largest manifest an archive may hold.
  case snapshotTooLarge(file: String, size: Int, limit: Int)
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
  /// Two members have the same path (or canonically equivalent ones, such as NFC and NFD spellings).
  case duplicateMember(file: String, member: String)
  /// A member name is not valid UTF-8; `member` shows the invalid bytes as `\xHH`.
  case invalidMemberName(file: String, member: String)
  /// The file holds bytes outside its members: after the zstd frame (trailing data, a second
  /// frame) or after the tar end-of-archive marker. `reason` says which and where.
  case hiddenData(file: String, reason: String)
  /// There is no `envlock.json` member.
  case missingManifest(file: String)
  /// `envlock.json` is not valid JSON or does not match the schema: `reason` says how, or
  /// `underlying` is the JSON error.
  case invalidManifest(file: String, reason: String? = nil, underlying: (any Error)? = nil)
  /// `envlock.json` declares a schema this version does not read.
  case unknownSchema(file: String, found: String, expected: String)
  /// A member is not listed in the manifest.
  case unexpectedMember(file: String, member: String)
  /// A member listed in the manifest is absent.
  case missingMember(file: String, member: String)
  /// A member's content does not match the digest the manifest records.
  case digestMismatch(file: String, member: String, expected: String, found: String)
  /// The signature member cannot be parsed: `reason` says how, or `underlying` is the signing error.
  case invalidSignatureFile(file: String, reason: String? = nil, underlying: SigningError? = nil)
  /// A key was given but the archive carries no signature.
  case unsigned(file: String)
  /// The signature does not verify with the given key.
  case signatureRejected(file: String, underlying: SigningError)
  /// The destination exists and replacing it was not asked for.
  case destinationExists(path: String)
  /// Writing the destination failed; nothing was left behind. `reason` or `underlying` says why.
  case writeFailed(path: String, reason: String? = nil, underlying: (any Error)? = nil)
  /// A config file path cannot be stored (absolute, `..`, or empty).
  case invalidConfigPath(path: String)
  /// A JSON file is not an `envlock.json` manifest or snapshot document this version reads:
  /// `reason` says how, or `underlying` is the JSON or decoding error.
  case notASnapshot(file: String, reason: String? = nil, underlying: (any Error)? = nil)

  /// True for failures of integrity or authenticity (exit code 1); false for unreadable or malformed input (2).
  public var isVerificationFailure: Bool {
    switch self {
    case .digestMismatch, .unsigned, .signatureRejected, .missingMember, .unexpectedMember,
      .invalidMemberName,
      .hiddenData:
      return true
    default: return false
    }
  }

  /// One line naming the problem and where it is.
  public var message: String {
    switch self {
    case .cannotRead(let file, _):
      return "Cannot read `\(file)`"
    case .archiveTooLarge(let file, let size, let limit):
      return "`\(file)` is \(size) bytes, more than the \(limit)-byte limit for an .envlock archive"
    case .snapshotTooLarge(let file, let size, let limit):
      return "`\(file)` is \(size) bytes, more than the \(limit)-byte limit for a JSON snapshot"
    case .notAnArchive(let file, let reason):
      return "`\(file)` is not a readable .envlock archive (tar + zstd): \(reason)"
    case .unsafeMemberPath(let file, let member):
      return
        "`\(file)` has a member with an unsafe path (absolute or with `..`), which envlock never writes: \(member)"
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
    case .invalidMemberName(let file, let member):
      return "`\(file)` has a member whose name is not valid UTF-8, which envlock never writes: \(member)"
    case .hiddenData(let file, let reason):
      return "`\(file)` holds data outside its members, which envlock never writes: \(reason)"
    case .missingManifest(let file):
      return "`\(file)` has no `envlock.json` member; it is not an envlock archive or it was truncated"
    case .invalidManifest(let file, let reason, _):
      return "`\(file)` member `envlock.json` is invalid" + (reason.map { ": \($0)" } ?? "")
    case .unknownSchema(let file, let found, let expected):
      return "`\(file)` uses a schema this envlock cannot read (it reads `\(expected)`): \(found)"
    case .unexpectedMember(let file, let member):
      return "`\(file)` has a member the manifest does not list: \(member)"
    case .missingMember(let file, let member):
      return "`\(file)` lacks a member the manifest lists: \(member)"
    case .digestMismatch(let file, let member, let expected, let found):
      return
        "`\(file)` member `\(member)` was modified: manifest records sha256 \(expected), content has \(found)"
    case .invalidSignatureFile(let file, let reason, _):
      return "`\(file)` member `envlock.json.minisig` is invalid" + (reason.map { ": \($0)" } ?? "")
    case .unsigned(let file):
      return "`\(file)` is not signed (no `envlock.json.minisig` member)"
    case .signatureRejected(let file, _):
      return "`\(file)` signature check failed"
    case .destinationExists(let path):
      return "`\(path)` already exists"
    case .writeFailed(let path, let reason, _):
      return "Cannot write `\(path)`" + (reason.map { ": \($0)" } ?? "")
    case .invalidConfigPath(let path):
      return "Config file path cannot be stored in an archive (it must be relative, without `..`): \(path)"
    case .notASnapshot(let file, let reason, _):
      return "Cannot read a snapshot from `\(file)`" + (reason.map { ": \($0)" } ?? "")
    }
  }

  /// What to do, where the archive itself is the problem.
  public var hint: String? {
    switch self {
    case .notAnArchive: return "it may be truncated or corrupt; fetch an intact copy or capture again"
    case .unsafeMemberPath, .invalidMemberName: return "do not use this archive"
    case .hiddenData: return "the file was changed after it was written; fetch an intact copy"
    case .unknownSchema: return "use the envlock version that wrote the file, or a newer one"
    case .unsigned: return "capture again with a signing key"
    case .notASnapshot: return "pass an .envlock archive, its envlock.json, or a snapshot JSON"
    default: return nil
    }
  }

  /// The error that caused this one, when there is one.
  public var underlying: (any Error)? {
    switch self {
    case .cannotRead(_, let error): return error
    case .invalidManifest(_, _, let error): return error
    case .invalidSignatureFile(_, _, let error): return error
    case .signatureRejected(_, let error): return error
    case .writeFailed(_, _, let error): return error
    case .notASnapshot(_, _, let error): return error
    default: return nil
    }
  }
}
