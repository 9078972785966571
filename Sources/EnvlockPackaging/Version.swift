// PEP 440 versions: parsing (every spelling the spec's normalization rules allow), the
// normalized form, and the total order. Behaviour matches `packaging.version.Version`
// (packaging 26.4), including arbitrarily large numbers and Unicode whitespace around the
// version. The parser reads UTF-8 bytes; no regular expressions, no Foundation.

/// A PEP 440 version: `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`.
///
/// Equality and hashing follow PEP 440 (`1.0 == 1.0.0`, `1.0+ABC == 1.0+abc`); the
/// description prints the normalized form.
public struct Version: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The kind of a pre-release segment.
  public enum PreReleaseKind: UInt8, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// `a`, also spelled `alpha`.
    case alpha = 0
    /// `b`, also spelled `beta`.
    case beta = 1
    /// `rc`, also spelled `c`, `pre`, `preview`.
    case releaseCandidate = 2

    /// The normalized text.
    public var description: String {
      switch self {
      case .alpha: return "a"
      case .beta: return "b"
      case .releaseCandidate: return "rc"
      }
    }

    /// The order described on the type.
    public static func < (lhs: PreReleaseKind, rhs: PreReleaseKind) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  var epochNumber: VersionNumber
  var releaseNumbers: [VersionNumber]
  var preKind: PreReleaseKind?
  var preNumber: VersionNumber
  var postNumber: VersionNumber?
  var devNumber: VersionNumber?
  var localSegments: [LocalSegment]?

  /// Parses a PEP 440 version; surrounding whitespace is ignored, spellings are normalized.
  public init(_ text: String) throws(PackagingError) {
    var text = text
    let parsed: Version? = text.withUTF8 { buffer in
      var parser = VersionScanner(buffer)
      return parser.parseFullVersion()
    }
    guard let parsed else {
      throw .invalidVersion(text, position: Version.errorPosition(text))
    }
    self = parsed
  }

  /// Parses a PEP 440 version, returning nil instead of throwing.
  public init?(parsing text: String) {
    var text = text
    let parsed: Version? = text.withUTF8 { buffer in
      var parser = VersionScanner(buffer)
      return parser.parseFullVersion()
    }
    guard let parsed else { return nil }
    self = parsed
  }

  /// Builds a version from its parts; numbers must be non-negative.
  public init(
    epoch: Int = 0, release: [Int], pre: (PreReleaseKind, Int)? = nil, post: Int? = nil, dev: Int? = nil,
    local: String? = nil
  ) throws(PackagingError) {
    guard !release.isEmpty, epoch >= 0, release.allSatisfy({ $0 >= 0 }), (pre?.1 ?? 0) >= 0, (post ?? 0) >= 0,
      (dev ?? 0) >= 0
    else { throw .invalidVersion("\(release)", position: 0) }
    self.init(
      epochNumber: .small(UInt64(epoch)), releaseNumbers: release.map { .small(UInt64($0)) }, preKind: pre?.0,
      preNumber: .small(UInt64(pre?.1 ?? 0)), postNumber: post.map { .small(UInt64($0)) },
      devNumber: dev.map { .small(UInt64($0)) }, localSegments: nil)
    if let local {
      guard let parsedLocal = try? Version("0+" + local), let segments = parsedLocal.localSegments else {
        throw .invalidVersion(local, position: 0)
      }
      self.localSegments = segments
    }
  }

  init(
    epochNumber: VersionNumber, releaseNumbers: [VersionNumber], preKind: PreReleaseKind?,
    preNumber: VersionNumber, postNumber: VersionNumber?, devNumber: VersionNumber?,
    localSegments: [LocalSegment]?
  ) {
    self.epochNumber = epochNumber
    self.releaseNumbers = releaseNumbers
    self.preKind = preKind
    self.preNumber = preNumber
    self.postNumber = postNumber
    self.devNumber = devNumber
    self.localSegments = localSegments
  }

  // MARK: Parts

  /// The epoch (`1` in `1!2.0`); saturates at `Int.max` for larger numbers.
  public var epoch: Int { epochNumber.intValue }
  /// The release numbers, trailing zeros kept; each saturates at `Int.max`.
  public var release: [Int] { releaseNumbers.map(\.intValue) }
  /// The pre-release kind and number, if any.
  public var pre: (kind: PreReleaseKind, number: Int)? { preKind.map { ($0, preNumber.intValue) } }
  /// The post-release number, if any.
  public var post: Int? { postNumber?.intValue }
  /// The development release number, if any.
  public var dev: Int? { devNumber?.intValue }
  /// The local version label, normalized (`ubuntu.1`), if any.
  public var local: String? {
    localSegments.map { $0.map(\.description).joined(separator: ".") }
  }
  /// The first release number, or 0.
  public var major: Int { releaseNumbers.first?.intValue ?? 0 }
  /// The second release number, or 0.
  public var minor: Int { releaseNumbers.count > 1 ? releaseNumbers[1].intValue : 0 }
  /// The third release number, or 0.
  public var micro: Int { releaseNumbers.count > 2 ? releaseNumbers[2].intValue : 0 }
  /// Whether this is a pre-release or development release (`1.0a1`, `1.0.dev0`).
  public var isPrerelease: Bool { preKind != nil || devNumber != nil }
  /// Whether this is a post-release (`1.0.post1`).
  public var isPostrelease: Bool { postNumber != nil }
  /// Whether this is a development release (`1.0.dev0`).
  public var isDevrelease: Bool { devNumber != nil }

  /// The version without its local label.
  public var publicVersion: Version {
    var copy = self
    copy.localSegments = nil
    return copy
  }

  /// The epoch and release only (`1!2.0` for `1!2.0rc1.post2+abc`).
  public var baseVersion: Version {
    Version(
      epochNumber: epochNumber, releaseNumbers: releaseNumbers, preKind: nil, preNumber: .zero,
      postNumber: nil,
      devNumber: nil, localSegments: nil)
  }

  /// The normalized form, for example `1!2.0rc1.post3.dev4+ubuntu.1`.
  public var description: String {
    var out = ""
    out.reserveCapacity(16)
    if !epochNumber.isZero {
      out += epochNumber.description
      out += "!"
    }
    for (i, n) in releaseNumbers.enumerated() {
      if i > 0 { out += "." }
      out += n.description
    }
    if let preKind {
      out += preKind.description
      out += preNumber.description
    }
    if let postNumber {
      out += ".post"
      out += postNumber.description
    }
    if let devNumber {
      out += ".dev"
      out += devNumber.description
    }
    if let localSegments {
      out += "+"
      for (i, segment) in localSegments.enumerated() {
        if i > 0 { out += "." }
        out += segment.description
      }
    }
    return out
  }

  // MARK: Order

  /// PEP 440 order: epoch, release (zero-padded), then dev < a < b < rc < final < post, then local.
  public static func < (lhs: Version, rhs: Version) -> Bool { compare(lhs, rhs) < 0 }

  /// Equality as described on the type.
  public static func == (lhs: Version, rhs: Version) -> Bool { compare(lhs, rhs) == 0 }

  /// Hashes consistently with `==`.
  public func hash(into hasher: inout Hasher) {
    epochNumber.hash(into: &hasher)
    var end = releaseNumbers.count
    while end > 0 && releaseNumbers[end - 1].isZero { end -= 1 }
    hasher.combine(end)
    for i in 0..<end { releaseNumbers[i].hash(into: &hasher) }
    let s = suffixRanks
    hasher.combine(s.preRank)
    preNumber.hash(into: &hasher)
    hasher.combine(s.postRank)
    (postNumber ?? .zero).hash(into: &hasher)
    hasher.combine(s.devRank)
    (devNumber ?? .zero).hash(into: &hasher)
    hasher.combine(localSegments)
  }

  /// The ranks of `packaging`'s comparison key: dev-only = -1, a = 0, b = 1, rc = 2, none = 3.
  @inline(__always)
  var suffixRanks: (preRank: Int8, postRank: Int8, devRank: Int8) {
    let preRank: Int8
    if let preKind {
      preRank = Int8(preKind.rawValue)
    } else if postNumber == nil && devNumber != nil {
      preRank = -1
    } else {
      preRank = 3
    }
    return (preRank, postNumber == nil ? 0 : 1, devNumber == nil ? 1 : 0)
  }

  /// Three-way comparison of epoch and (zero-padded) release.
  @inline(__always)
  static func compareRelease(_ a: Version, _ b: Version) -> Int {
    if a.epochNumber != b.epochNumber { return a.epochNumber < b.epochNumber ? -1 : 1 }
    let ra = a.releaseNumbers
    let rb = b.releaseNumbers
    let count = Swift.max(ra.count, rb.count)
    var i = 0
    while i < count {
      let x = i < ra.count ? ra[i] : .zero
      let y = i < rb.count ? rb[i] : .zero
      if x != y { return x < y ? -1 : 1 }
      i += 1
    }
    return 0
  }

  /// Three-way comparison ignoring local labels.
  @inline(__always)
  static func comparePublic(_ a: Version, _ b: Version) -> Int {
    let r = compareRelease(a, b)
    if r != 0 { return r }
    let sa = a.suffixRanks
    let sb = b.suffixRanks
    if sa.preRank != sb.preRank { return sa.preRank < sb.preRank ? -1 : 1 }
    if a.preNumber != b.preNumber { return a.preNumber < b.preNumber ? -1 : 1 }
    if sa.postRank != sb.postRank { return sa.postRank < sb.postRank ? -1 : 1 }
    let pa = a.postNumber ?? .zero
    let pb = b.postNumber ?? .zero
    if pa != pb { return pa < pb ? -1 : 1 }
    if sa.devRank != sb.devRank { return sa.devRank < sb.devRank ? -1 : 1 }
    let da = a.devNumber ?? .zero
    let db = b.devNumber ?? .zero
    if da != db { return da < db ? -1 : 1 }
    return 0
  }

  /// Three-way comparison in PEP 440 order.
  static func compare(_ a: Version, _ b: Version) -> Int {
    let r = comparePublic(a, b)
    if r != 0 { return r }
    switch (a.localSegments, b.localSegments) {
    case (nil, nil): return 0
    case (nil, _): return -1
    case (_, nil): return 1
    case (let la?, let lb?):
      for (x, y) in zip(la, lb) where x != y { return x < y ? -1 : 1 }
      return la.count == lb.count ? 0 : (la.count < lb.count ? -1 : 1)
    }
  }

  // MARK: Derived versions used by specifiers

  /// A copy with other parts replaced.
  func with(
    release: [VersionNumber]? = nil, pre: (PreReleaseKind, VersionNumber)?? = nil,
    post: VersionNumber?? = nil, dev: VersionNumber?? = nil, dropLocal: Bool = true
  ) -> Version {
    var copy = self
    if let release { copy.releaseNumbers = release }
    if let pre {
      copy.preKind = pre?.0
      copy.preNumber = pre?.1 ?? .zero
    }
    if let post { copy.postNumber = post }
    if let dev { copy.devNumber = dev }
    if dropLocal { copy.localSegments = nil }
    return copy
  }

  /// The release with trailing zeros removed, keeping at least one number (`packaging`'s `_trim_release`).
  var trimmedRelease: Version {
    var end = releaseNumbers.count
    while end > 1 && releaseNumbers[end - 1].isZero { end -= 1 }
    if end == releaseNumbers.count { return self }
    var copy = self
    copy.releaseNumbers = Array(releaseNumbers[0..<end])
    return copy
  }

  /// The UTF-8 offset where a failed parse stopped, for error messages.
  static func errorPosition(_ text: String) -> Int {
    var text = text
    return text.withUTF8 { buffer in
      var parser = VersionScanner(buffer)
      _ = parser.parseFullVersion()
      return parser.furthest
    }
  }
}

// MARK: - Numbers

/// A non-negative integer of any size: 64 bits inline, decimal digits beyond that.
enum VersionNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
  case small(UInt64)
  /// Decimal digits without leading zeros, greater than `UInt64.max`.
  case big(String)

  static let zero = VersionNumber.small(0)

  var isZero: Bool {
    if case .small(0) = self { return true }
    return false
  }

  var intValue: Int {
    if case .small(let n) = self, n <= UInt64(Int.max) { return Int(n) }
    return Int.max
  }

  var description: String {
    switch self {
    case .small(let n): return String(n)
    case .big(let digits): return digits
    }
  }

  static func < (lhs: VersionNumber, rhs: VersionNumber) -> Bool {
    switch (lhs, rhs) {
    case (.small(let a), .small(let b)): return a < b
    case (.small, .big): return true
    case (.big, .small): return false
    case (.big(let a), .big(let b)):
      let ca = a.utf8.count
      let cb = b.utf8.count
      return ca != cb ? ca < cb : a < b  // ASCII digits of equal length: byte order is numeric order
    }
  }

  /// This number plus one.
  var successor: VersionNumber {
    switch self {
    case .small(let n):
      return n == UInt64.max ? .big("18446744073709551616") : .small(n + 1)
    case .big(let digits):
      var bytes = Array(digits.utf8)
      var i = bytes.count - 1
      while i >= 0 {
        if bytes[i] == UInt8(ascii: "9") {
          bytes[i] = UInt8(ascii: "0")
          i -= 1
        } else {
          bytes[i] += 1
          return .big(String(decoding: bytes, as: UTF8.self))
        }
      }
      return .big("1" + String(decoding: bytes, as: UTF8.self))
    }
  }

  /// Parses ASCII digits (leading zeros allowed).
  @inline(__always)
  static func parse(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> VersionNumber {
    var value: UInt64 = 0
    var i = start
    while i < end {
      let digit = UInt64(buffer[i] &- 48)
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (s, o2) = m.addingReportingOverflow(digit)
      if o1 || o2 { return parseBig(buffer, start, end) }
      value = s
      i += 1
    }
    return .small(value)
  }

  static func parseBig(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> VersionNumber {
    var first = start
    while first < end - 1 && buffer[first] == UInt8(ascii: "0") { first += 1 }
    return .big(String(decoding: UnsafeBufferPointer(rebasing: buffer[first..<end]), as: UTF8.self))
  }
}

/// One dot-separated part of a local version label: numbers sort after strings.
enum LocalSegment: Hashable, Comparable, Sendable, CustomStringConvertible {
  case string(String)
  case number(VersionNumber)

  var description: String {
    switch self {
    case .string(let s): return s
    case .number(let n): return n.description
    }
  }

  static func < (lhs: LocalSegment, rhs: LocalSegment) -> Bool {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)): return a < b  // lowercase ASCII: byte order
    case (.string, .number): return true
    case (.number, .string): return false
    case (.number(let a), .number(let b)): return a < b
    }
  }
}

// MARK: - Scanner

/// A hand-written equivalent of `packaging`'s `VERSION_PATTERN` (which uses possessive
/// quantifiers, so a greedy scanner without backtracking accepts exactly the same strings).
struct VersionScanner {
  let buffer: UnsafeBufferPointer<UInt8>
  var position = 0
  var end: Int
  /// The furthest offset reached, reported in errors.
  var furthest = 0

  init(_ buffer: UnsafeBufferPointer<UInt8>) {
    self.buffer = buffer
    self.end = buffer.count
  }

  @inline(__always) func byte(_ i: Int) -> UInt8 { i < end ? buffer[i] : 0 }
  @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
  @inline(__always) static func isSeparator(_ c: UInt8) -> Bool { c == 0x2E || c == 0x2D || c == 0x5F }
  @inline(__always) static func lower(_ c: UInt8) -> UInt8 { (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c }

  /// Parses the whole buffer (after stripping Python whitespace) as a version.
  mutating func parseFullVersion() -> Version? {
    stripWhitespace()
    guard let version = parseVersion(allowLocal: true, minimumReleaseCount: 1) else { return nil }
    furthest = Swift.max(furthest, position)
    return position == end ? version : nil
  }

  /// Removes Python `\s` characters (ASCII and Unicode) from both ends.
  mutating func stripWhitespace() {
    while position < end {
      let n = VersionScanner.whitespaceLength(buffer, at: position, limit: end)
      if n == 0 { break }
      position += n
    }
    while end > position {
      let n = VersionScanner.whitespaceLengthEnding(buffer, at: end, start: position)
      if n == 0 { break }
      end -= n
    }
  }

  /// The UTF-8 length of a whitespace character starting at `i`, or 0.
  static func whitespaceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int, limit: Int) -> Int {
    let c = b[i]
    if c < 0x80 { return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) ? 1 : 0 }
    if c == 0xC2, i + 1 < limit { return b[i + 1] == 0x85 || b[i + 1] == 0xA0 ? 2 : 0 }
    guard i + 2 < limit else { return 0 }
    let c1 = b[i + 1]
    let c2 = b[i + 2]
    switch c {
    case 0xE1: return c1 == 0x9A && c2 == 0x80 ? 3 : 0
    case 0xE2:
      if c1 == 0x80 && ((c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF) { return 3 }
      return c1 == 0x81 && c2 == 0x9F ? 3 : 0
    case 0xE3: return c1 == 0x80 && c2 == 0x80 ? 3 : 0
    default: return 0
    }
  }

  /// The UTF-8 length of a whitespace character ending just before `i`, or 0.
  static func whitespaceLengthEnding(_ b: UnsafeBufferPointer<UInt8>, at i: Int, start: Int) -> Int {
    let c = b[i - 1]
    if c < 0x80 { return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) ? 1 : 0 }
    if i - 2 >= start && whitespaceLength(b, at: i - 2, limit: i) == 2 { return 2 }
    if i - 3 >= start && whitespaceLength(b, at: i - 3, limit: i) == 3 { return 3 }
    return 0
  }

  /// Consumes a run of digits and returns its bounds, or nil if there is none.
  @inline(__always)
  mutating func digits() -> (Int, Int)? {
    let start = position
    while position < end && VersionScanner.isDigit(buffer[position]) { position += 1 }
    return position > start ? (start, position) : nil
  }

  /// Case-insensitively matches an ASCII word at `i`.
  @inline(__always)
  func matches(_ word: StaticString, at i: Int) -> Bool {
    let count = word.utf8CodeUnitCount
    guard i + count <= end else { return false }
    let w = word.utf8Start
    for k in 0..<count where VersionScanner.lower(buffer[i + k]) != w[k] { return false }
    return true
  }

  /// Matches one of `words` (in order) at `i`; returns its index and length.
  @inline(__always)
  func matchFirst(_ words: [StaticString], at i: Int) -> (Int, Int)? {
    for (index, word) in words.enumerated() where matches(word, at: i) {
      return (index, word.utf8CodeUnitCount)
    }
    return nil
  }

  static let preWords: [StaticString] = ["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]
  static let preKinds: [Version.PreReleaseKind] = [
    .alpha, .alpha, .beta, .beta, .releaseCandidate, .releaseCandidate, .releaseCandidate, .releaseCandidate,
  ]
  static let postWords: [StaticString] = ["post", "rev", "r"]

  /// Parses a version at the current position (no anchoring at the end).
  ///
  /// `allowLocal` and `minimumReleaseCount` express the restrictions of the specifier
  /// grammar (no local label after `<`, at least two release numbers after `~=`).
  mutating func parseVersion(allowLocal: Bool, minimumReleaseCount: Int) -> Version? {
    var wildcard = false
    return parseVersion(allowLocal: allowLocal, minimumReleaseCount: minimumReleaseCount, wildcard: &wildcard)
  }

  /// Parses a version; when `wildcard` is true on entry, a `.*` right after the release is
  /// accepted (and ends the version), and `wildcard` reports whether it was there.
  mutating func parseVersion(allowLocal: Bool, minimumReleaseCount: Int, wildcard: inout Bool) -> Version? {
    let allowWildcard = wildcard
    wildcard = false
    if position < end && VersionScanner.lower(buffer[position]) == UInt8(ascii: "v") { position += 1 }
    var epoch = VersionNumber.zero
    let epochStart = position
    if let (s, e) = digits() {
      if position < end && buffer[position] == UInt8(ascii: "!") {
        epoch = VersionNumber.parse(buffer, s, e)
        position += 1
      } else {
        position = epochStart
      }
    }
    guard let (s0, e0) = digits() else {
      furthest = position
      return nil
    }
    var release: [VersionNumber] = []
    release.reserveCapacity(4)
    release.append(VersionNumber.parse(buffer, s0, e0))
    while position + 1 < end && buffer[position] == UInt8(ascii: ".")
      && VersionScanner.isDigit(buffer[position + 1])
    {
      position += 1
      let (s, e) = digits()!
      release.append(VersionNumber.parse(buffer, s, e))
    }
    guard release.count >= minimumReleaseCount else {
      furthest = position
      return nil
    }
    var version = Version(
      epochNumber: epoch, releaseNumbers: release, preKind: nil, preNumber: .zero, postNumber: nil,
      devNumber: nil, localSegments: nil)
    if position == end { return version }
    if allowWildcard && buffer[position] == UInt8(ascii: ".") && byte(position + 1) == UInt8(ascii: "*") {
      position += 2
      wildcard = true
      return version
    }

    // Pre-release: [._-]? (alpha|a|beta|b|preview|pre|c|rc) [._-]? N?
    var i = position
    if VersionScanner.isSeparator(byte(i)) { i += 1 }
    if let (index, length) = matchFirst(VersionScanner.preWords, at: i) {
      position = i + length
      if VersionScanner.isSeparator(byte(position)) { position += 1 }
      version.preKind = VersionScanner.preKinds[index]
      if let (s, e) = digits() { version.preNumber = VersionNumber.parse(buffer, s, e) }
    }

    // Post-release: -N | [._-]? (post|rev|r) [._-]? N?
    if byte(position) == UInt8(ascii: "-") && VersionScanner.isDigit(byte(position + 1)) {
      position += 1
      let (s, e) = digits()!
      version.postNumber = VersionNumber.parse(buffer, s, e)
    } else {
      i = position
      if VersionScanner.isSeparator(byte(i)) { i += 1 }
      if let (_, length) = matchFirst(VersionScanner.postWords, at: i) {
        position = i + length
        if VersionScanner.isSeparator(byte(position)) { position += 1 }
        if let (s, e) = digits() {
          version.postNumber = VersionNumber.parse(buffer, s, e)
        } else {
          version.postNumber = .zero
        }
      }
    }

    // Development release: [._-]? dev [._-]? N?
    i = position
    if VersionScanner.isSeparator(byte(i)) { i += 1 }
    if matches("dev", at: i) {
      position = i + 3
      if VersionScanner.isSeparator(byte(position)) { position += 1 }
      if let (s, e) = digits() {
        version.devNumber = VersionNumber.parse(buffer, s, e)
      } else {
        version.devNumber = .zero
      }
    }

    // Local label: + [a-z0-9]+ ([._-][a-z0-9]+)*
    if allowLocal && byte(position) == UInt8(ascii: "+") && isASCIIAlphanumeric(byte(position + 1)) {
      position += 1
      var segments: [LocalSegment] = []
      while true {
        let start = position
        var allDigits = true
        while position < end && isASCIIAlphanumeric(buffer[position]) {
          if !VersionScanner.isDigit(buffer[position]) { allDigits = false }
          position += 1
        }
        if allDigits {
          segments.append(.number(VersionNumber.parse(buffer, start, position)))
        } else {
          var bytes = Array(UnsafeBufferPointer(rebasing: buffer[start..<position]))
          for k in bytes.indices { bytes[k] = VersionScanner.lower(bytes[k]) }
          segments.append(.string(String(decoding: bytes, as: UTF8.self)))
        }
        if VersionScanner.isSeparator(byte(position)) && isASCIIAlphanumeric(byte(position + 1)) {
          position += 1
        } else {
          break
        }
      }
      version.localSegments = segments
    }
    return version
  }
}

// MARK: - Legacy versions

/// A version string from old egg-info that is not PEP 440, ordered like setuptools'
/// (and `packaging` < 22's) `LegacyVersion`: always before every PEP 440 version.
public struct LegacyVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The string as found.
  public let text: String
  let key: [String]

  /// Wraps any string; legacy parsing never fails.
  public init(_ text: String) {
    self.text = text
    self.key = LegacyVersion.cmpkey(text)
  }

  /// The normalized text.
  public var description: String { text }

  /// Equality as described on the type.
  public static func == (lhs: LegacyVersion, rhs: LegacyVersion) -> Bool { lhs.key == rhs.key }
  /// Hashes consistently with `==`.
  public func hash(into hasher: inout Hasher) { hasher.combine(key) }

  /// The order described on the type.
  public static func < (lhs: LegacyVersion, rhs: LegacyVersion) -> Bool {
    for (a, b) in zip(lhs.key, rhs.key) where a != b { return codePointLess(a, b) }
    return lhs.key.count < rhs.key.count
  }

  /// `packaging` 21's `_legacy_cmpkey` parts (the epoch is always -1).
  static func cmpkey(_ version: String) -> [String] {
    var parts: [String] = []
    for part in components(version.lowercased()) {
      if part.hasPrefix("*") {
        if codePointLess(part, "*final") {
          while parts.last == "*final-" { parts.removeLast() }
        }
        while parts.last == "00000000" { parts.removeLast() }
      }
      parts.append(part)
    }
    return parts
  }

  /// `re.split(r"(\d+|[a-z]+|\.|-)")`: digit runs, letter runs, `.`, `-` and the text between.
  static func components(_ s: String) -> [String] {
    var out: [String] = []
    var run = ""
    var runKind = 0  // 1 digits, 2 letters, 3 `.`/`-`, 4 anything else
    func flush() {
      defer { run = "" }
      let replacements = ["pre": "c", "preview": "c", "-": "final-", "rc": "c", "dev": "@"]
      let part = replacements[run] ?? run
      guard !part.isEmpty, part != "." else { return }
      if let first = part.unicodeScalars.first, first.value >= 48 && first.value <= 57 {
        out.append(String(repeating: "0", count: Swift.max(0, 8 - part.unicodeScalars.count)) + part)
      } else {
        out.append("*" + part)
      }
    }
    for scalar in s.unicodeScalars {
      let kind: Int
      switch scalar.value {
      case 48...57: kind = 1
      case 97...122: kind = 2
      case 46, 45: kind = 3
      default: kind = 4
      }
      if kind != runKind || kind == 3 { flush() }
      run.unicodeScalars.append(scalar)
      runKind = kind
    }
    flush()
    out.append("*final")
    return out
  }
}

/// A version as found in the wild: PEP 440 when possible, otherwise legacy (flagged).
public enum AnyVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// A valid PEP 440 version.
  case pep440(Version)
  /// A string that is not PEP 440, kept with legacy ordering.
  case legacy(LegacyVersion)

  /// Parses leniently: PEP 440 first, legacy otherwise.
  public init(lenient text: String) {
    if let version = Version(parsing: text) {
      self = .pep440(version)
    } else {
      self = .legacy(LegacyVersion(text))
    }
  }

  /// Whether the string was not a PEP 440 version.
  public var isLegacy: Bool {
    if case .legacy = self { return true }
    return false
  }

  /// The normalized text.
  public var description: String {
    switch self {
    case .pep440(let v): return v.description
    case .legacy(let v): return v.description
    }
  }

  /// The order described on the type.
  public static func < (lhs: AnyVersion, rhs: AnyVersion) -> Bool {
    switch (lhs, rhs) {
    case (.legacy(let a), .legacy(let b)): return a < b
    case (.legacy, .pep440): return true
    case (.pep440, .legacy): return false
    case (.pep440(let a), .pep440(let b)): return a < b
    }
  }
}
