// Noise is not a difference: capture times, host and user names, home directories and
// project-root prefixes are normalized before comparing, and every value made equal is counted.

import EnvlockModel

/// Compares values modulo noise and counts what it normalized, by rule.
public struct SnapshotNormalizer: Sendable {
  /// The rule names, as reported under `--verbose` and in JSON.
  public enum Rule: String, CaseIterable, Sendable {
    /// `capture.time`.
    case captureTime = "capture time"
    /// `capture.host_name` and variables such as `HOSTNAME`.
    case hostName = "host name"
    /// User-name variables such as `USER` and `LOGNAME`.
    case userName = "user name"
    /// `capture.command_line`.
    case commandLine = "capture command line"
    /// `capture.tool_version`.
    case toolVersion = "envlock version"
    /// Paths that differ only by the project root.
    case projectRoot = "project root in paths"
    /// Paths that differ only by the home directory.
    case homeDirectory = "home directory in paths"
    /// Per-shell variables such as `PWD`, `OLDPWD`, `SHLVL`, `_`.
    case shellState = "shell state variables"
    /// Data files whose modification time alone differs.
    case modificationTime = "data file modification times"
  }

  /// Variables whose value is a user name.
  static let userVariables: Set<String> = ["USER", "LOGNAME", "USERNAME"]
  /// Variables whose value is a host name.
  static let hostVariables: Set<String> = ["HOSTNAME", "HOST"]
  /// Variables that describe the shell session rather than the environment.
  static let shellVariables: Set<String> = ["PWD", "OLDPWD", "SHLVL", "_", "HOME", "TERM", "SSH_TTY"]

  private let rootA: String
  private let rootB: String
  private(set) var counts: [Rule: Int] = [:]

  /// Creates a normalizer for the project roots of A and B.
  public init(projectRootA: String, projectRootB: String) {
    rootA = SnapshotNormalizer.trimmedRoot(projectRootA)
    rootB = SnapshotNormalizer.trimmedRoot(projectRootB)
  }

  /// The counts by rule, in rule order, leaving out rules that never applied.
  public var report: [NormalizationCount] {
    Rule.allCases.compactMap { rule in counts[rule].map { NormalizationCount(rule: rule.rawValue, count: $0) }
    }
  }

  /// Records that a rule made `n` values equal.
  mutating func note(_ rule: Rule, _ n: Int = 1) { counts[rule, default: 0] += n }

  /// Counts the capture metadata that differs (it is never a difference).
  mutating func absorbCaptureInfo(_ a: CaptureInfo, _ b: CaptureInfo) {
    if a.time != b.time { note(.captureTime) }
    if a.hostName != b.hostName { note(.hostName) }
    if a.commandLine != b.commandLine { note(.commandLine) }
    if a.toolVersion != b.toolVersion { note(.toolVersion) }
    if a.projectRoot != b.projectRoot { note(.projectRoot) }
  }

  /// True when the values are equal or differ only by noise (which is counted).
  mutating func same(_ a: String?, _ b: String?) -> Bool {
    guard let a, let b else { return a == b }
    if a == b { return true }
    let ra = replaceRoot(a, rootA)
    let rb = replaceRoot(b, rootB)
    if ra == rb {
      note(.projectRoot)
      return true
    }
    if SnapshotNormalizer.replaceHome(ra) == SnapshotNormalizer.replaceHome(rb) {
      note(.homeDirectory)
      return true
    }
    return false
  }

  /// True when the arrays are equal element by element modulo noise.
  mutating func same(_ a: [String], _ b: [String]) -> Bool {
    guard a.count == b.count else { return false }
    if a == b { return true }
    var copy = self
    for (x, y) in zip(a, b) where !copy.same(x, y) { return false }
    self = copy
    return true
  }

  /// The value of A with noise replaced by placeholders, for display.
  func displayA(_ s: String) -> String { SnapshotNormalizer.replaceHome(replaceRoot(s, rootA)) }
  /// The value of B with noise replaced by placeholders, for display.
  func displayB(_ s: String) -> String { SnapshotNormalizer.replaceHome(replaceRoot(s, rootB)) }

  private func replaceRoot(_ s: String, _ root: String) -> String {
    guard root.count > 1, s.contains(root) else { return s }
    return s.replacing(root, with: "<project>")
  }

  static func trimmedRoot(_ root: String) -> String {
    var r = root
    while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
    return r
  }

  /// Replaces `/home/<user>`, `/Users/<user>` and `/root` (as whole path components) with `~`.
  static func replaceHome(_ s: String) -> String {
    guard s.contains("/home/") || s.contains("/Users/") || s.contains("/root") else { return s }
    var out = ""
    var rest = Substring(s)
    while !rest.isEmpty {
      if let r = firstHome(in: rest) {
        out += rest[rest.startIndex..<r.lowerBound]
        out += "~"
        rest = rest[r.upperBound...]
      } else {
        out += rest
        break
      }
    }
    return out
  }

  private static func firstHome(in s: Substring) -> Range<Substring.Index>? {
    var best: Range<Substring.Index>?
    for prefix in ["/home/", "/Users/"] {
      guard let r = s.range(of: prefix) else { continue }
      var end = r.upperBound
      while end < s.endIndex && s[end] != "/" && s[end] != ":" && s[end] != " " { end = s.index(after: end) }
      if end > r.upperBound, best == nil || r.lowerBound < best!.lowerBound { best = r.lowerBound..<end }
    }
    if let r = s.range(of: "/root") {
      let end = r.upperBound
      if end == s.endIndex || s[end] == "/" || s[end] == ":" {
        if best == nil || r.lowerBound < best!.lowerBound { best = r }
      }
    }
    return best
  }
}
