// Recognizes secrets by name (TOKEN, PASSWORD, KEY, ...) and by value (AWS keys, GitHub, GitLab and
// Slack tokens, JWTs, PEM private keys, long high-entropy strings). Byte scanners, no regexes:
// config files such as uv.lock are scanned whole on every capture.

/// A secret found inside a value: where, and what it looked like.
public struct SecretMatch: Hashable, Sendable {
  /// Byte offsets of the secret in the UTF-8 value.
  public var range: Range<Int>
  /// What it looked like, for example `a GitHub token`.
  public var kind: String
}

/// Decides what is a secret.
public enum SecretDetector {
  /// Whole words of a variable or key name that mark a secret.
  public static let secretWords: Set<String> = [
    "TOKEN", "TOKENS", "SECRET", "SECRETS", "PASSWORD", "PASSWORDS", "PASSWD", "PASS", "PASSPHRASE", "PWD",
    "PW",
    "KEY", "KEYS", "APIKEY", "ACCESSKEY", "PRIVATEKEY", "SECRETKEY", "CREDENTIAL", "CREDENTIALS", "CREDS",
    "AUTH", "AUTHORIZATION", "PRIVATE", "SESSION", "COOKIE", "COOKIES", "SALT", "DSN", "SIGNATURE", "PAT",
    "WEBHOOK",
  ]
  /// Substrings that mark a secret even inside a longer word (`GITHUBTOKEN`).
  public static let secretFragments = [
    "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "APIKEY",
  ]
  /// Names that match a word above but are well-known non-secrets.
  public static let notSecretNames: Set<String> = ["PWD", "OLDPWD"]

  /// Why `name` marks its value as secret (for example "name contains `TOKEN`"), or nil.
  public static func nameReason(_ name: String) -> String? {
    if notSecretNames.contains(name) { return nil }
    for word in words(of: name) where secretWords.contains(word) {
      return "name contains `\(word)`"
    }
    let upper = name.uppercased()
    for fragment in secretFragments where upper.contains(fragment) {
      return "name contains `\(fragment)`"
    }
    return nil
  }

  /// Splits a name into upper-cased words at `_`, `-`, `.`, spaces and lower-to-upper case changes.
  public static func words(of name: String) -> [String] {
    var words: [String] = []
    var current = ""
    var previousLower = false
    for c in name {
      if !(c.isLetter || c.isNumber) {
        if !current.isEmpty { words.append(current.uppercased()) }
        current = ""
        previousLower = false
        continue
      }
      if c.isUppercase && previousLower && !current.isEmpty {
        words.append(current.uppercased())
        current = ""
      }
      current.append(c)
      previousLower = c.isLowercase || c.isNumber
    }
    if !current.isEmpty { words.append(current.uppercased()) }
    return words
  }

  /// The secrets inside `value`, in order, not overlapping. `highEntropy` also reports long random
  /// strings (for values of variables; lock files are full of hashes and leave it off).
  public static func find(in value: String, highEntropy: Bool = true) -> [SecretMatch] {
    find(in: Array(value.utf8), highEntropy: highEntropy)
  }

  /// The secrets inside UTF-8 bytes: known formats first, then (optionally) random-looking runs
  /// in the gaps between them.
  public static func find(in b: [UInt8], highEntropy: Bool) -> [SecretMatch] {
    var known: [SecretMatch] = []
    var i = 0
    while i < b.count {
      if let m = pemBlock(b, i) ?? token(b, i) {
        known.append(m)
        i = m.range.upperBound
      } else {
        i += 1
      }
    }
    guard highEntropy else { return known }
    var all: [SecretMatch] = []
    var gapStart = 0
    for m in known + [SecretMatch(range: b.count..<b.count, kind: "")] {
      var k = gapStart
      while k < m.range.lowerBound {
        guard isEntropyChar(b[k]) else {
          k += 1
          continue
        }
        var end = k
        while end < m.range.lowerBound, isEntropyChar(b[end]) { end += 1 }
        if let found = highEntropyRun(b, k..<end) { all.append(found) }
        k = end
      }
      if !m.kind.isEmpty { all.append(m) }
      gapStart = m.range.upperBound
    }
    return all
  }

  /// Why `value` is a secret by its content, or nil.
  public static func valueReason(_ value: String, highEntropy: Bool = true) -> String? {
    find(in: value, highEntropy: highEntropy).first.map { "value looks like \($0.kind)" }
  }

  // MARK: - Known formats

  private static let pemBegin = Array("-----BEGIN ".utf8)
  private static let pemPrivate = Array("PRIVATE KEY-----".utf8)
  private static let pemEnd = Array("-----END ".utf8)

  /// A PEM private key block, from `-----BEGIN ... PRIVATE KEY-----` to the end of its END line
  /// (or the end of the text when the block is cut off).
  private static func pemBlock(_ b: [UInt8], _ i: Int) -> SecretMatch? {
    guard b[i] == 0x2D, hasPrefix(b, i, pemBegin) else { return nil }
    var j = i + pemBegin.count
    let lineEnd = b[j...].firstIndex(of: 0x0A) ?? b.count
    while j < lineEnd, !hasPrefix(b, j, pemPrivate) { j += 1 }
    guard j < lineEnd else { return nil }
    var k = j + pemPrivate.count
    while k < b.count, !hasPrefix(b, k, pemEnd) { k += 1 }
    if k < b.count {
      k += pemEnd.count
      while k < b.count, !hasPrefix(b, k, Array("-----".utf8)) && b[k] != 0x0A { k += 1 }
      if hasPrefix(b, k, Array("-----".utf8)) { k += 5 }
    }
    return SecretMatch(range: i..<k, kind: "a PEM private key")
  }

  private struct TokenFormat: Sendable {
    var prefix: [UInt8]
    var alphabet: @Sendable (UInt8) -> Bool
    var minimumLength: Int
    var kind: String
  }

  private static func upperAlnum(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 48 && c <= 57) }
  private static func alnum(_ c: UInt8) -> Bool { isAlnum(c) }
  private static func alnumUnderscore(_ c: UInt8) -> Bool { isAlnum(c) || c == 0x5F }
  private static func alnumDashUnderscore(_ c: UInt8) -> Bool { isAlnum(c) || c == 0x5F || c == 0x2D }
  private static func alnumDash(_ c: UInt8) -> Bool { isAlnum(c) || c == 0x2D }

  private static let formats: [TokenFormat] = {
    var f: [TokenFormat] = []
    for p in ["AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "APKA"] {
      f.append(
        TokenFormat(
          prefix: Array(p.utf8), alphabet: upperAlnum, minimumLength: 16, kind: "an AWS access key id"))
    }
    for p in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
      f.append(TokenFormat(prefix: Array(p.utf8), alphabet: alnum, minimumLength: 30, kind: "a GitHub token"))
    }
    f.append(
      TokenFormat(
        prefix: Array("github_pat_".utf8), alphabet: alnumUnderscore, minimumLength: 22,
        kind: "a GitHub token"))
    for p in ["glpat-", "gldt-", "glrt-", "glptt-", "glsoat-"] {
      f.append(
        TokenFormat(
          prefix: Array(p.utf8), alphabet: alnumDashUnderscore, minimumLength: 20, kind: "a GitLab token"))
    }
    for p in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xoxe-", "xoxo-", "xapp-"] {
      f.append(
        TokenFormat(prefix: Array(p.utf8), alphabet: alnumDash, minimumLength: 10, kind: "a Slack token"))
    }
    for p in ["sk_live_", "rk_live_", "sk-proj-", "sk-ant-", "hf_", "npm_", "pypi-AgE"] {
      f.append(
        TokenFormat(
          prefix: Array(p.utf8), alphabet: alnumDashUnderscore, minimumLength: 20, kind: "an API token"))
    }
    return f
  }()

  /// A token of a known format, or a JWT, starting at `i` on a word boundary.
  private static func token(_ b: [UInt8], _ i: Int) -> SecretMatch? {
    guard isWordStart(b, i) else { return nil }
    for format in formats where hasPrefix(b, i, format.prefix) {
      var j = i + format.prefix.count
      while j < b.count, format.alphabet(b[j]) { j += 1 }
      if j - i - format.prefix.count >= format.minimumLength {
        return SecretMatch(range: i..<j, kind: format.kind)
      }
    }
    return jwt(b, i)
  }

  /// `eyJ<base64url>.<base64url>.<base64url>`: a JSON Web Token.
  private static func jwt(_ b: [UInt8], _ i: Int) -> SecretMatch? {
    guard hasPrefix(b, i, Array("eyJ".utf8)) else { return nil }
    func segment(_ start: Int) -> Int {
      var j = start
      while j < b.count, alnumDashUnderscore(b[j]) { j += 1 }
      return j
    }
    let first = segment(i)
    guard first - i >= 10, first < b.count, b[first] == 0x2E else { return nil }
    let second = segment(first + 1)
    guard second - first - 1 >= 10, second < b.count, b[second] == 0x2E else { return nil }
    let third = segment(second + 1)
    return SecretMatch(range: i..<third, kind: "a JSON Web Token")
  }

  // MARK: - High entropy

  private static func isEntropyChar(_ c: UInt8) -> Bool {
    isAlnum(c) || c == 0x2B || c == 0x2F || c == 0x5F || c == 0x2D
  }

  /// A run of at least 20 base64/hex characters that looks random: mixed letters and digits and a
  /// high Shannon entropy. Hashes written `sha256:...` or `sha256=...` are not secrets.
  private static func highEntropyRun(_ b: [UInt8], _ run: Range<Int>) -> SecretMatch? {
    let (i, j) = (run.lowerBound, run.upperBound)
    let length = j - i
    guard length >= 20 else { return nil }
    if isHashLabel(b, i) { return nil }
    var counts = [Int](repeating: 0, count: 256)
    var upper = 0
    var lower = 0
    var digit = 0
    var slash = 0
    var hexOnly = true
    for k in i..<j {
      let c = b[k]
      counts[Int(c)] += 1
      if c >= 65 && c <= 90 { upper += 1 }
      if c >= 97 && c <= 122 { lower += 1 }
      if c >= 48 && c <= 57 { digit += 1 }
      if c == 0x2F { slash += 1 }
      let isHex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
      if !isHex { hexOnly = false }
    }
    var entropy = 0.0
    for n in counts where n > 0 {
      let p = Double(n) / Double(length)
      entropy -= p * log2(p)
    }
    let range = i..<j
    if hexOnly, length >= 32, digit > 0, upper + lower > 0, entropy >= 3.0 {
      return SecretMatch(range: range, kind: "a long random hex string")
    }
    let threshold = min(4.0, log2(Double(length)) - 0.7)
    if upper > 0, lower > 0, digit > 0, entropy >= threshold {
      return SecretMatch(range: range, kind: "a long random string")
    }
    if length >= 24, slash == 0, lower > 0, digit >= 4, upper == 0, entropy >= 4.0 {
      return SecretMatch(range: range, kind: "a long random string")
    }
    return nil
  }

  private static let hashLabels = ["sha256", "sha384", "sha512", "sha1", "md5", "blake2b", "sha224"].map {
    Array($0.utf8)
  }

  /// True when the run at `i` follows `sha256:` or `sha256=` (a content hash, not a secret).
  private static func isHashLabel(_ b: [UInt8], _ i: Int) -> Bool {
    guard i > 0, b[i - 1] == 0x3A || b[i - 1] == 0x3D || b[i - 1] == 0x2D else { return false }
    for label in hashLabels where i - 1 >= label.count {
      let start = i - 1 - label.count
      if Array(b[start..<(i - 1)]).map({ $0 | 0x20 }) == label { return true }
    }
    return false
  }

  // MARK: - Bytes

  /// True for an ASCII letter or digit.
  public static func isAlnum(_ c: UInt8) -> Bool {
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
  }

  private static func isWordStart(_ b: [UInt8], _ i: Int) -> Bool {
    i == 0 || !(isAlnum(b[i - 1]) || b[i - 1] == 0x5F)
  }

  private static func hasPrefix(_ b: [UInt8], _ i: Int, _ prefix: [UInt8]) -> Bool {
    guard i + prefix.count <= b.count else { return false }
    for k in 0..<prefix.count where b[i + k] != prefix[k] { return false }
    return true
  }
}

#if canImport(Glibc)
  import Glibc
#endif
