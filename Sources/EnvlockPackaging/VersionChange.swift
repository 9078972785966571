// The kind of a change between two versions, named by the most significant PEP 440 part that differs.

/// How a version changed, in PEP 440 terms.
public enum VersionChange: String, Sendable, Hashable, CaseIterable {
  /// The epoch changed.
  case epoch
  /// The first release number changed.
  case major
  /// The second release number changed.
  case minor
  /// A later release number changed.
  case patch
  /// Only the pre-release or dev part changed, or one side is a pre-release.
  case prerelease
  /// Only the post-release part changed.
  case post
  /// Only the local version label changed.
  case local
  /// At least one side is not a PEP 440 version.
  case unknown
}
