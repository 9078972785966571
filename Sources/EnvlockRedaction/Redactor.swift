// Turns values into what the snapshot may hold: secrets become a `Redaction` (a keyed fingerprint
// and, for URLs, the value with only the password masked); the home directory becomes `~`.

import EnvlockModel

/// Redacts secrets and normalizes home-directory paths.
public struct Redactor: Sendable {
  /// The key that fingerprints secrets, when there is one.
  public var key: RedactionKey?
  /// The home directory written as `~`, when known (and not `/`).
  public var home: String?

  /// Creates a redactor.
  public init(key: RedactionKey?, home: String?) {
    self.key = key
    self.home = home.flatMap { h in
      var h = h
      while h.count > 1, h.hasSuffix("/") { h.removeLast() }
      return h == "/" || h.isEmpty ? nil : h
    }
  }

  /// A redaction record for a secret `value`.
  public func redaction(of value: String, reason: String, masked: String? = nil) -> Redaction {
    Redaction(
      reason: reason, fingerprint: key?.fingerprint(value), keyId: key?.id,
      maskedValue: masked.map(normalizeHome))
  }

  /// The value to store for `name=value`: either the value (home as `~`) or a redaction.
  public func redact(name: String, value: String) -> (value: String?, redaction: Redaction?) {
    if let reason = SecretDetector.nameReason(name) {
      return (nil, redaction(of: value, reason: reason))
    }
    return redact(value: value)
  }

  /// The value to store when only its content can tell whether it is secret.
  public func redact(value: String, highEntropy: Bool = true) -> (value: String?, redaction: Redaction?) {
    let (masked, maskedRanges) = URLMasking.mask(value)
    if let found = SecretDetector.find(in: masked, highEntropy: highEntropy).first {
      return (nil, redaction(of: value, reason: "value looks like \(found.kind)"))
    }
    if !maskedRanges.isEmpty {
      return (nil, redaction(of: value, reason: "value is a URL with a password", masked: masked))
    }
    return (normalizeHome(value), nil)
  }

  /// The recorded command line: secret flag values replaced by `***` (or the masked URL).
  /// Flags that name files (`--key`, `--*-file`) keep their paths.
  public func redactCommandLine(_ arguments: [String]) -> [String] {
    var out: [String] = []
    var previousSecretFlag = false
    for argument in arguments {
      if previousSecretFlag {
        out.append("***")
        previousSecretFlag = false
        continue
      }
      if argument.hasPrefix("-"), let eq = argument.firstIndex(of: "=") {
        let flag = String(argument[..<eq])
        let value = String(argument[argument.index(after: eq)...])
        if isSecretFlag(flag) {
          out.append(flag + "=***")
        } else {
          out.append(flag + "=" + commandLineValue(value))
        }
        continue
      }
      if argument.hasPrefix("-"), isSecretFlag(argument) {
        out.append(argument)
        previousSecretFlag = true
        continue
      }
      out.append(commandLineValue(argument))
    }
    return out
  }

  private func commandLineValue(_ value: String) -> String {
    let (plain, redaction) = redact(value: value)
    if let plain { return plain }
    return redaction?.maskedValue ?? "***"
  }

  private func isSecretFlag(_ flag: String) -> Bool {
    let name = String(flag.drop { $0 == "-" })
    if name == "key" || name.hasSuffix("-file") || name.hasSuffix("-key") && name != "api-key" {
      return false
    }
    return SecretDetector.nameReason(name) != nil
  }

  /// Writes the home directory as `~` where it is a whole path prefix.
  public func normalizeHome(_ value: String) -> String {
    guard let home, value.contains(home) else { return value }
    let b = Array(value.utf8)
    let h = Array(home.utf8)
    var out: [UInt8] = []
    var i = 0
    while i < b.count {
      if b[i] == h[0], i + h.count <= b.count, Array(b[i..<(i + h.count)]) == h,
        i + h.count == b.count || !isPathNameChar(b[i + h.count]),
        i == 0 || !isPathNameChar(b[i - 1]) && b[i - 1] != 0x2F
      {
        out.append(0x7E)
        i += h.count
        continue
      }
      out.append(b[i])
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  private func isPathNameChar(_ c: UInt8) -> Bool {
    SecretDetector.isAlnum(c) || c == 0x5F || c == 0x2D || c == 0x2E || c >= 0x80
  }
}
