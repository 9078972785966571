// The only file of EnvlockDiff that touches EnvlockPackaging (PEP 440 / 503 / 508).
// TEMPORARY: the packaging engine has not landed on branch `packaging` yet, so these functions
// answer "unknown" (nil) instead of guessing; they are rewritten against `Version`,
// `SpecifierSet`, `Requirement` and `Marker` as soon as it lands. No PEP 440/508 logic lives here.

import EnvlockModel
import EnvlockPackaging

/// A parsed PEP 508 requirement, as the diff needs it.
struct ParsedRequirement: Sendable {
  /// The verbatim text.
  let text: String
  /// PEP 503 normalized name.
  let name: String
  /// Requested extras, normalized.
  let extras: [String]
  /// The specifier text, for example `<3,>=1.21.1`; empty for any version.
  let specifier: String
}

/// PEP 440/503/508 answers for the diff, from EnvlockPackaging.
enum PackagingBridge {
  /// True while the packaging engine is not available (results are "unknown").
  static let isAvailable = false

  /// The order of two version strings (-1, 0, 1) and the kind of change; nil order when unknown.
  static func compareVersions(_ a: String, _ b: String) -> (order: Int?, change: VersionChange) {
    (nil, .unknown)
  }

  /// Parses a `Requires-Dist` line; nil when it cannot be parsed.
  static func requirement(_ text: String) -> ParsedRequirement? { nil }

  /// Whether the requirement's marker holds in `environment` with the given extras (nil: no marker env).
  static func applies(_ requirement: ParsedRequirement, in environment: MarkerEnvironment?, extras: Set<String>)
    -> Bool
  { false }

  /// Whether `version` satisfies the requirement's specifier (pre-releases allowed, like `pip check`).
  static func satisfies(_ requirement: ParsedRequirement, version: String) -> Bool? { nil }

  /// The PEP 503 normalized form of a name.
  static func normalizedName(_ name: String) -> String { name }
}
