/// The archive manifest (`envlock.json`): the snapshot plus the digest of every other member.
/// One signature over these bytes covers the whole archive.
public struct Manifest: Codable, Hashable, Sendable {
  /// The schema identifier this version of envlock writes and reads.
  public static let currentSchema = "envlock.manifest/1"

  /// Always `envlock.manifest/1` for this version.
  public var schema: String
  /// Every archive member except `envlock.json` and `envlock.json.minisig`, sorted by path.
  public var members: [MemberDigest]
  /// The captured environment.
  public var snapshot: Snapshot

  /// Creates a manifest; members are sorted by path.
  public init(snapshot: Snapshot, members: [MemberDigest]) {
    self.schema = Manifest.currentSchema
    self.snapshot = snapshot
    self.members = members.sorted { $0.path < $1.path }
  }
}

/// The size and SHA-256 of one archive member.
public struct MemberDigest: Codable, Hashable, Sendable {
  /// The member path inside the archive, for example `config/settings.toml`.
  public var path: String
  /// Size in bytes.
  public var size: Int64
  /// SHA-256 of the member's content.
  public var sha256: Digest

  /// Creates a member digest.
  public init(path: String, size: Int64, sha256: Digest) {
    self.path = path
    self.size = size
    self.sha256 = sha256
  }
}
