// The only file of EnvlockDiff that calls the PEP 440 / 503 / 508 engine (EnvlockPackaging):
// version order and the kind of change, requirement parsing, marker evaluation in a snapshot's
// recorded marker environment, and specifier membership (pre-releases allowed, like `pip check`).

import EnvlockModel
import EnvlockPackaging

/// A parsed PEP 508 requirement, as the diff needs it.
public struct ParsedRequirement: Sendable {
  /// The verbatim text.
  public let text: String
  /// PEP 503 normalized name.
  public let name: String
  /// Requested extras.
  public let extras: [String]
  /// The specifier text, for example `<3,>=1.21.1`; empty for any version.
  public let specifier: String
  /// The parsed requirement.
  public let requirement: Requirement
}

/// A snapshot's marker environment as EnvlockPackaging's marker variables.
public struct SnapshotMarkers: MarkerVariables {
  /// The snapshot's marker environment.
  public let environment: MarkerEnvironment
  /// The value of the PEP 508 marker variable `name`; nil for a name PEP 508 does not define.
  public subscript(_ name: String) -> String? { environment[name] }
}

/// PEP 440/503/508 answers for the diff, from EnvlockPackaging.
public enum PackagingBridge {
  /// The order of two version strings (-1, 0, 1) and the kind of change; nil order when unknown.
  public static func compareVersions(_ a: String, _ b: String) -> (order: Int?, change: VersionChange) {
    let va = AnyVersion(lenient: a)
    let vb = AnyVersion(lenient: b)
    let order = va < vb ? 1 : (vb < va ? -1 : 0)
    guard case .pep440(let x) = va, case .pep440(let y) = vb else { return (order, .unknown) }
    return (order, change(x, y))
  }

  /// The most significant part of a PEP 440 version that differs.
  public static func change(_ x: Version, _ y: Version) -> VersionChange {
    if x.epoch != y.epoch { return .epoch }
    let rx = x.release
    let ry = y.release
    for i in 0..<max(rx.count, ry.count) {
      let a = i < rx.count ? rx[i] : 0
      let b = i < ry.count ? ry[i] : 0
      if a != b { return i == 0 ? .major : (i == 1 ? .minor : .patch) }
    }
    if x.isPrerelease || y.isPrerelease {
      if x.pre.map({ "\($0.kind)\($0.number)" }) != y.pre.map({ "\($0.kind)\($0.number)" }) || x.dev != y.dev
      {
        return .prerelease
      }
    }
    if x.post != y.post { return .post }
    if x.local != y.local { return .local }
    return .patch
  }

  /// Parses a `Requires-Dist` line; nil when it cannot be parsed.
  public static func requirement(_ text: String) -> ParsedRequirement? {
    guard let r = try? Requirement(text) else { return nil }
    return ParsedRequirement(
      text: text, name: r.name.normalized, extras: r.extras, specifier: r.specifier.description,
      requirement: r)
  }

  /// Whether the requirement's marker holds in `environment` with the given extras.
  /// Without a recorded marker environment, only marker-less requirements apply.
  public static func applies(_ r: ParsedRequirement, in environment: MarkerEnvironment?, extras: Set<String>)
    -> Bool
  {
    guard let marker = r.requirement.marker else { return true }
    guard let environment else { return false }
    return
      (try? marker.evaluate(
        SnapshotMarkers(environment: environment), extra: extras.isEmpty ? nil : .set(extras)))
      ?? false
  }

  /// Whether `version` satisfies the requirement's specifier (pre-releases allowed, like `pip check`);
  /// nil for URL requirements.
  public static func satisfies(_ r: ParsedRequirement, version: String) -> Bool? {
    if r.requirement.url != nil { return nil }
    return r.requirement.specifier.contains(version, prereleases: true)
  }

  /// The tags a WHEEL `Tag:` line expands to (compressed sets included); empty when malformed.
  public static func wheelTags(_ line: String) -> [(python: String, abi: String, platform: String)] {
    guard let set = try? WheelTag.parseSet(line) else { return [] }
    return set.sorted().map { ($0.interpreter, $0.abi, $0.platform) }
  }
}
