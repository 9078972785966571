// PEP 440 version specifiers: `~=`, `==`, `!=`, `<=`, `>=`, `<`, `>`, `===`, prefix matching
// (`==1.*`), local-version rules and pre-release handling, with the semantics of
// `packaging.specifiers.Specifier` and `SpecifierSet` (packaging 26.4).
//
// Note on pre-releases: since packaging 26.0, `contains` accepts a pre-release unless
// pre-releases are explicitly excluded (`prereleases: false`), because one version has no
// alternatives; the PEP 440 default exclusion applies when choosing among candidates, which
// is what `filter` does.

/// A specifier operator.
public enum SpecifierOperator: String, Sendable, Hashable, CaseIterable {
  /// `~=`: compatible release.
  case compatible = "~="
  /// `==`: version matching, with `.*` prefix matching.
  case equal = "=="
  /// `!=`: version exclusion, with `.*` prefix matching.
  case notEqual = "!="
  /// `<=`: inclusive ordered comparison.
  case lessThanOrEqual = "<="
  /// `>=`: inclusive ordered comparison.
  case greaterThanOrEqual = ">="
  /// `<`: exclusive ordered comparison (excludes pre-releases of the bound).
  case lessThan = "<"
  /// `>`: exclusive ordered comparison (excludes post-releases of the bound).
  case greaterThan = ">"
  /// `===`: arbitrary (case-insensitive string) equality.
  case arbitrary = "==="
}

/// One version specifier, such as `>=1.19.5` or `==2.*`.
public struct Specifier: Sendable, Hashable, CustomStringConvertible {
  /// The operator.
  public let op: SpecifierOperator
  /// The version text as written after the operator (whitespace removed), including any `.*`.
  public let versionText: String
  /// Whether the version ends in `.*` (prefix matching).
  public let isWildcard: Bool
  /// The parsed version (without `.*`); nil only for `===` with a non-PEP 440 string.
  public let version: Version?
  /// An explicit pre-release policy; nil means auto-detect from the version.
  public var explicitPrereleases: Bool?
  let hasLocal: Bool

  /// Parses one specifier; surrounding whitespace is ignored.
  public init(_ text: String, prereleases: Bool? = nil) throws(PackagingError) {
    var copy = text
    let parsed = copy.withUTF8 { buffer -> (SpecifierOperator, Int, Int, Bool, Version?)? in
      var scanner = VersionScanner(buffer)
      scanner.stripWhitespace()
      let start = scanner.position
      guard let (op, versionStart, wildcard, version) = Specifier.scan(&scanner) else { return nil }
      guard scanner.position == scanner.end else { return nil }
      _ = start
      return (op, versionStart, scanner.end, wildcard, version)
    }
    guard let (op, versionStart, versionEnd, wildcard, version) = parsed else {
      throw .invalidSpecifier(text, position: 0)
    }
    let utf8 = Array(text.utf8)
    let versionText = String(decoding: utf8[versionStart..<versionEnd], as: UTF8.self)
    self.op = op
    self.versionText = versionText
    self.isWildcard = wildcard
    self.version = op == .arbitrary ? Version(parsing: versionText) : version
    self.hasLocal = versionText.utf8.contains(UInt8(ascii: "+"))
    self.explicitPrereleases = prereleases
  }

  /// Matches `packaging`'s specifier regular expression at the scanner's position (not
  /// anchored at the end). Returns the operator, where the version text starts, whether it
  /// is a wildcard and the parsed version (nil for `===`).
  static func scan(_ s: inout VersionScanner) -> (SpecifierOperator, Int, Bool, Version?)? {
    let b0 = s.byte(s.position)
    let b1 = s.byte(s.position + 1)
    let b2 = s.byte(s.position + 2)
    let op: SpecifierOperator
    switch (b0, b1) {
    case (UInt8(ascii: "="), UInt8(ascii: "=")): op = b2 == UInt8(ascii: "=") ? .arbitrary : .equal
    case (UInt8(ascii: "~"), UInt8(ascii: "=")): op = .compatible
    case (UInt8(ascii: "!"), UInt8(ascii: "=")): op = .notEqual
    case (UInt8(ascii: "<"), UInt8(ascii: "=")): op = .lessThanOrEqual
    case (UInt8(ascii: ">"), UInt8(ascii: "=")): op = .greaterThanOrEqual
    case (UInt8(ascii: "<"), _): op = .lessThan
    case (UInt8(ascii: ">"), _): op = .greaterThan
    default: return nil
    }
    s.position += op.rawValue.utf8.count
    while s.position < s.end {
      let n = VersionScanner.whitespaceLength(s.buffer, at: s.position, limit: s.end)
      if n == 0 { break }
      s.position += n
    }
    let versionStart = s.position
    if op == .arbitrary {
      // [^\s;)]++
      while s.position < s.end {
        let c = s.buffer[s.position]
        if c == UInt8(ascii: ";") || c == UInt8(ascii: ")") { break }
        if VersionScanner.whitespaceLength(s.buffer, at: s.position, limit: s.end) > 0 { break }
        s.position += 1
      }
      return s.position > versionStart ? (op, versionStart, false, nil) : nil
    }
    var wildcard = op == .equal || op == .notEqual
    guard
      let version = s.parseVersion(
        allowLocal: op == .equal || op == .notEqual, minimumReleaseCount: op == .compatible ? 2 : 1,
        wildcard: &wildcard)
    else { return nil }
    return (op, versionStart, wildcard, version)
  }

  /// The normalized text.
  public var description: String { op.rawValue + versionText }

  /// Equality as `packaging` defines it: operator and canonical version (`==1.0` equals `==1`).
  public static func == (lhs: Specifier, rhs: Specifier) -> Bool { lhs.canonical == rhs.canonical }

  /// Hashes consistently with `==`.
  public func hash(into hasher: inout Hasher) { hasher.combine(canonical.0.rawValue + canonical.1) }

  /// The operator and canonical version string used for equality.
  var canonical: (SpecifierOperator, String) {
    if op == .arbitrary || isWildcard { return (op, versionText) }
    let v = version!
    return (op, op == .compatible ? v.description : v.trimmedRelease.description)
  }

  /// The pre-release policy: explicit, or auto-detected (`!=` and `==X.*` never; otherwise
  /// whether the specifier's own version is a pre-release).
  public var prereleases: Bool? {
    if let explicitPrereleases { return explicitPrereleases }
    if op == .notEqual { return false }
    if op == .equal && isWildcard { return false }
    guard let version else { return nil }
    return version.isPrerelease
  }

  /// Whether a version satisfies this specifier, ignoring pre-release policy.
  public func admits(_ v: Version) -> Bool {
    guard let spec = version else { return false }
    switch op {
    case .arbitrary:
      return v.description.lowercased() == versionText.lowercased()
    case .greaterThanOrEqual:
      return Version.compare(v, spec) >= 0
    case .lessThanOrEqual:
      return Version.comparePublic(v, spec) <= 0
    case .greaterThan:
      if let dev = spec.devNumber {
        return Version.compare(v, spec.with(dev: .some(dev.successor))) >= 0
      }
      if let post = spec.postNumber {
        return Version.compare(v, spec.with(post: .some(post.successor), dev: .some(.zero))) >= 0
      }
      // Above every post-release (and local) of `spec`: compare release, then the pre segment.
      let r = Version.compareRelease(v, spec)
      if r != 0 { return r > 0 }
      let rv = v.suffixRanks.preRank
      let rs = spec.suffixRanks.preRank
      if rv != rs { return rv > rs }
      return spec.preNumber < v.preNumber
    case .lessThan:
      let bound = spec.isPrerelease ? spec : spec.with(dev: .some(.zero))
      return Version.compare(v, bound) < 0
    case .compatible:
      guard Version.compare(v, spec) >= 0 else { return false }
      var prefix = Array(spec.releaseNumbers.dropLast())
      prefix[prefix.count - 1] = prefix[prefix.count - 1].successor
      let upper = Version(
        epochNumber: spec.epochNumber, releaseNumbers: prefix, preKind: nil, preNumber: .zero,
        postNumber: nil,
        devNumber: .zero, localSegments: nil)
      return Version.compare(v, upper) < 0
    case .equal, .notEqual:
      let equal: Bool
      if isWildcard {
        let lower = Version(
          epochNumber: spec.epochNumber, releaseNumbers: spec.releaseNumbers, preKind: nil, preNumber: .zero,
          postNumber: nil, devNumber: .zero, localSegments: nil)
        var next = spec.releaseNumbers
        next[next.count - 1] = next[next.count - 1].successor
        let upper = Version(
          epochNumber: spec.epochNumber, releaseNumbers: next, preKind: nil, preNumber: .zero,
          postNumber: nil,
          devNumber: .zero, localSegments: nil)
        equal = Version.compare(v, lower) >= 0 && Version.compare(v, upper) < 0
      } else if hasLocal {
        equal = Version.compare(v, spec) == 0
      } else {
        equal = Version.comparePublic(v, spec) == 0
      }
      return op == .equal ? equal : !equal
    }
  }

  /// `packaging`'s `Specifier.contains`: a string that is not a version never matches.
  public func contains(_ item: String, prereleases: Bool? = nil) -> Bool {
    let policy = prereleases ?? resolvePrereleases(explicitPrereleases, self.prereleases)
    if op == .arbitrary {
      guard item.lowercased() == versionText.lowercased() else { return false }
      if policy == false, let v = Version(parsing: item), v.isPrerelease { return false }
      return true
    }
    guard let v = Version(parsing: item) else { return false }
    return contains(v, policy: policy)
  }

  /// `packaging`'s `Specifier.contains` for a parsed version.
  public func contains(_ v: Version, prereleases: Bool? = nil) -> Bool {
    if op == .arbitrary { return contains(v.description, prereleases: prereleases) }
    return contains(v, policy: prereleases ?? resolvePrereleases(explicitPrereleases, self.prereleases))
  }

  func contains(_ v: Version, policy: Bool?) -> Bool {
    if policy == false && v.isPrerelease { return false }
    return admits(v)
  }

  /// Matches a string item as `===` does inside a set (raw string) or as other operators do.
  func matchesItem(_ item: String, parsed: Version?) -> Bool {
    if op == .arbitrary { return item.lowercased() == versionText.lowercased() }
    guard let parsed else { return false }
    return admits(parsed)
  }
}

/// `packaging._ranges.resolve_prereleases`: explicit wins, an auto-detected `true` propagates.
func resolvePrereleases(_ configured: Bool?, _ autodetected: Bool?) -> Bool? {
  if let configured { return configured }
  return autodetected == true ? true : nil
}

/// A comma-separated set of specifiers, all of which must match (`>=1.19.5,<2.0`).
public struct SpecifierSet: Sendable, Hashable, CustomStringConvertible {
  /// The specifiers, in the order written.
  public let specifiers: [Specifier]
  /// An explicit pre-release policy; nil means auto-detect.
  public var explicitPrereleases: Bool?

  /// Parses a comma-separated list; empty items are skipped, an empty string matches everything.
  public init(_ text: String, prereleases: Bool? = nil) throws(PackagingError) {
    var specs: [Specifier] = []
    var offset = 0
    for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
      defer { offset += piece.utf8.count + 1 }
      let stripped = pythonStrip(String(piece))
      if stripped.isEmpty { continue }
      do {
        specs.append(try Specifier(stripped))
      } catch {
        throw .invalidSpecifier(text, position: offset)
      }
    }
    self.specifiers = specs
    self.explicitPrereleases = prereleases
  }

  /// A set of already parsed specifiers.
  public init(_ specifiers: [Specifier], prereleases: Bool? = nil) {
    self.specifiers = specifiers
    self.explicitPrereleases = prereleases
  }

  /// Whether the set has no specifiers (matches every version).
  public var isEmpty: Bool { specifiers.isEmpty }

  var hasArbitrary: Bool { specifiers.contains { $0.op == .arbitrary } }

  /// The specifiers sorted by text with equal ones removed (the first kept).
  var canonicalSpecifiers: [Specifier] {
    if specifiers.count <= 1 { return specifiers }
    var out: [Specifier] = []
    for spec in specifiers.sorted(by: { codePointLess($0.description, $1.description) })
    where !out.contains(spec) {
      out.append(spec)
    }
    return out
  }

  /// The normalized text: specifiers sorted and de-duplicated, joined by commas.
  public var description: String { canonicalSpecifiers.map(\.description).joined(separator: ",") }

  /// Equality as described on the type.
  public static func == (lhs: SpecifierSet, rhs: SpecifierSet) -> Bool {
    lhs.canonicalSpecifiers == rhs.canonicalSpecifiers
  }

  /// Hashes consistently with `==`.
  public func hash(into hasher: inout Hasher) { hasher.combine(canonicalSpecifiers) }

  /// The pre-release policy: explicit, or true when any specifier names a pre-release, else nil.
  public var prereleases: Bool? {
    if let explicitPrereleases { return explicitPrereleases }
    if specifiers.isEmpty { return nil }
    return specifiers.contains { $0.prereleases == true } ? true : nil
  }

  /// `packaging`'s `SpecifierSet.contains` for a version string (which `===` compares raw).
  public func contains(_ item: String, prereleases: Bool? = nil) -> Bool {
    contains(item: item, parsed: Version(parsing: item), prereleases: prereleases)
  }

  /// `packaging`'s `SpecifierSet.contains` for a parsed version.
  public func contains(_ version: Version, prereleases: Bool? = nil) -> Bool {
    contains(item: version.description, parsed: version, prereleases: prereleases)
  }

  func contains(item: String, parsed: Version?, prereleases: Bool?) -> Bool {
    if let parsed, !specifiers.isEmpty, !hasArbitrary {
      if parsed.isPrerelease && (prereleases == false || (prereleases == nil && explicitPrereleases == false))
      {
        return false
      }
      return specifiers.allSatisfy { $0.admits(parsed) }
    }
    return !filter(items: [(item, parsed)], prereleases: prereleases).isEmpty
  }

  /// Keeps the items that match, applying the PEP 440 pre-release rule across the list:
  /// pre-releases only when no final release matches, unless pre-releases are allowed.
  public func filter(_ items: [String], prereleases: Bool? = nil) -> [String] {
    filter(items: items.map { ($0, Version(parsing: $0)) }, prereleases: prereleases)
  }

  func filter(items: [(String, Version?)], prereleases: Bool?) -> [String] {
    let policy = prereleases ?? self.prereleases
    if specifiers.isEmpty {
      return applyPrereleasePolicy(items, policy)
    }
    if hasArbitrary {
      let matches = items.filter { item in specifiers.allSatisfy { $0.matchesItem(item.0, parsed: item.1) } }
      return applyPrereleasePolicy(matches, policy)
    }
    var out: [String] = []
    var buffer: [String] = []
    var foundFinal = false
    for (item, parsed) in items {
      guard let parsed else { continue }
      if policy == false && parsed.isPrerelease { continue }
      guard specifiers.allSatisfy({ $0.admits(parsed) }) else { continue }
      if policy != nil {
        out.append(item)
      } else if !parsed.isPrerelease {
        foundFinal = true
        out.append(item)
      } else if !foundFinal {
        buffer.append(item)
      }
    }
    if policy == nil && !foundFinal { out += buffer }
    return out
  }

  /// `_apply_prereleases_filter`: strings that are not versions always pass.
  func applyPrereleasePolicy(_ items: [(String, Version?)], _ policy: Bool?) -> [String] {
    switch policy {
    case true?: return items.map(\.0)
    case false?: return items.filter { !($0.1?.isPrerelease ?? false) }.map(\.0)
    case nil:
      var out: [String] = []
      var nonFinal: [String] = []
      var arbitrary: [String] = []
      var foundFinal = false
      for (item, parsed) in items {
        guard let parsed else {
          if foundFinal {
            out.append(item)
          } else {
            arbitrary.append(item)
            nonFinal.append(item)
          }
          continue
        }
        if !parsed.isPrerelease {
          if !foundFinal {
            out += arbitrary
            foundFinal = true
          }
          out.append(item)
        } else if !foundFinal {
          nonFinal.append(item)
        }
      }
      return foundFinal ? out : nonFinal
    }
  }
}
