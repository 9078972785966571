/// One environment variable as a snapshot records it (of the capturing process, or set by a
/// kernelspec): its value, or how the value was redacted.
public struct RecordedVariable: Codable, Hashable, Sendable {
  /// The variable name.
  public var name: String
  /// The value, when it is not a secret (home directory spelled `~`); nil when redacted.
  public var value: String?
  /// How the value was redacted, when it was.
  public var redaction: Redaction?

  /// Creates a variable record.
  public init(name: String, value: String?, redaction: Redaction? = nil) {
    self.name = name
    self.value = value
    self.redaction = redaction
  }
}

/// A redacted secret: why, and a keyed fingerprint that says "changed" without revealing the value.
public struct Redaction: Codable, Hashable, Sendable {
  /// Why the value was taken for a secret, for example `name contains TOKEN`.
  public var reason: String
  /// HMAC-SHA256 of the value under the project redaction key, hex; nil when no key was available.
  public var fingerprint: String?
  /// An identifier of the redaction key (not the key), so a diff knows whether fingerprints compare.
  public var keyId: String?
  /// The value with only the secret part masked (for example a URL's password), when that is safe.
  public var maskedValue: String?

  /// Creates a redaction record.
  public init(reason: String, fingerprint: String?, keyId: String?, maskedValue: String? = nil) {
    self.reason = reason
    self.fingerprint = fingerprint
    self.keyId = keyId
    self.maskedValue = maskedValue
  }
}

/// One data file (or symbolic link) the project reads.
public struct DataFile: Codable, Hashable, Sendable {
  /// Path relative to the project root, `/`-separated.
  public var path: String
  /// A regular file or a symbolic link.
  public var kind: Kind
  /// Size in bytes.
  public var size: Int64
  /// Permission bits, for example 420 (0644).
  public var mode: Int
  /// Modification time.
  public var mtime: Timestamp?
  /// SHA-256 of the content; nil for links.
  public var sha256: Digest?
  /// The link target text, for symbolic links.
  public var linkTarget: String?
  /// True when the name on disk is not valid UTF-8: `path` then spells it as `EscapedName` does
  /// (invalid bytes as `\xHH`, `\` as `\\`). Nil (absent) for every other file.
  public var pathEscaped: Bool?

  /// Creates a data file record.
  public init(
    path: String, kind: Kind = .file, size: Int64, mode: Int, mtime: Timestamp?, sha256: Digest?,
    linkTarget: String? = nil, pathEscaped: Bool? = nil
  ) {
    self.path = path
    self.kind = kind
    self.size = size
    self.mode = mode
    self.mtime = mtime
    self.sha256 = sha256
    self.linkTarget = linkTarget
    self.pathEscaped = pathEscaped
  }

  /// The path's bytes on disk: `path` unescaped when `pathEscaped`, else its UTF-8.
  public var pathBytes: [UInt8] {
    if pathEscaped == true, let raw = EscapedName.unescape(path) { return raw }
    return Array(path.utf8)
  }
}

extension DataFile {
  /// What a data file record is; JSON `file` or `symlink`.
  public enum Kind: String, ClosedVocabulary {
    /// A regular file, recorded with its SHA-256.
    case file
    /// A symbolic link, recorded with its target and not followed.
    case symlink

    /// `data file kind`, for decoding errors.
    public static let vocabularyName = "data file kind"
  }
}

/// One config file whose content is stored in the archive under `config/<path>`.
public struct ConfigFile: Codable, Hashable, Sendable {
  /// Path relative to the project root, `/`-separated.
  public var path: String
  /// Size in bytes.
  public var size: Int64
  /// Permission bits.
  public var mode: Int
  /// SHA-256 of the stored content (after redaction).
  public var sha256: Digest
  /// The values replaced by `***` in the stored content, in file order; nil when none were.
  public var redactions: [ConfigRedaction]?

  /// Creates a config file record.
  public init(path: String, size: Int64, mode: Int, sha256: Digest, redactions: [ConfigRedaction]? = nil) {
    self.path = path
    self.size = size
    self.mode = mode
    self.sha256 = sha256
    self.redactions = redactions
  }
}

/// One secret value removed from a stored config file.
public struct ConfigRedaction: Codable, Hashable, Sendable {
  /// The key the value was assigned to (`DB_PASSWORD`, `global.index-url`), or `line <n>` when there is none.
  public var key: String
  /// The 1-based line of the original file where the value started.
  public var line: Int
  /// Why and how it was redacted, with its keyed fingerprint.
  public var redaction: Redaction

  /// Creates a config redaction record.
  public init(key: String, line: Int, redaction: Redaction) {
    self.key = key
    self.line = line
    self.redaction = redaction
  }
}
