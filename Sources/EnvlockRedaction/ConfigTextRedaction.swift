// Redacts secrets inside config file text before it is stored: values of secret-looking keys in
// .env, INI, TOML and YAML files, and anywhere in any file URL passwords (masked), tokens of known
// formats and PEM private keys. Each removed value becomes `***` in the text and a `ConfigRedaction`
// (key, line, keyed fingerprint) in the snapshot. Long random strings count as secrets only in
// .env files: lock files are full of hashes.

import EnvlockFileIO
import EnvlockModel

/// The syntax of a config file, chosen by its name.
public enum ConfigSyntax: Sendable {
  case dotenv, ini, toml, yaml, plain

  /// The syntax of a file name.
  public static func of(_ name: String) -> ConfigSyntax {
    let base = lastComponent(name).lowercased()
    if base == ".env" || base.hasPrefix(".env.") || base.hasSuffix(".env") { return .dotenv }
    if base.hasSuffix(".toml") || base == "pipfile" || base.hasSuffix(".lock") && base != "pipfile.lock" {
      return .toml
    }
    if base.hasSuffix(".yml") || base.hasSuffix(".yaml") || base == ".condarc" { return .yaml }
    if base.hasSuffix(".cfg") || base.hasSuffix(".ini") || base.hasSuffix(".conf") || base == ".pypirc" {
      return .ini
    }
    return .plain
  }
}

/// A value assigned to a key, as byte offsets in the text.
private struct Slot {
  /// The key the value is assigned to.
  public var key: String
  /// The 1-based line of the value.
  public var line: Int
  /// The value's byte range in the text.
  public var range: Range<Int>
}

/// Redacts the secrets of a config file's text, keeping everything else byte for byte.
public enum ConfigTextRedaction {
  /// The text to store and what was removed from it.
  public static func redact(_ text: [UInt8], syntax: ConfigSyntax, redactor: Redactor) -> (
    [UInt8], [ConfigRedaction]
  ) {
    let lineStarts = [0] + text.indices.filter { text[$0] == 0x0A }.map { $0 + 1 }
    func lineOf(_ offset: Int) -> Int {
      var lo = 0
      var hi = lineStarts.count - 1
      while lo < hi {
        let mid = (lo + hi + 1) / 2
        if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
      }
      return lo + 1
    }
    var replacements: [(range: Range<Int>, record: ConfigRedaction)] = []
    func covered(_ r: Range<Int>) -> Bool { replacements.contains { $0.range.overlaps(r) } }

    // 1. Values of assignments: by key name, else by content.
    for slot in slots(text, syntax: syntax, lineStarts: lineStarts) where !slot.range.isEmpty {
      let value = String(decoding: text[slot.range], as: UTF8.self)
      if let reason = SecretDetector.nameReason(lastComponent(slot.key, separator: ".")) {
        replacements.append(
          (
            slot.range,
            ConfigRedaction(
              key: slot.key, line: slot.line, redaction: redactor.redaction(of: value, reason: reason))
          ))
        continue
      }
      let (plain, redaction) = redactor.redact(value: value, highEntropy: syntax == .dotenv)
      guard plain == nil, let redaction else { continue }
      if redaction.maskedValue != nil {
        for r in URLMasking.mask(value).masked {
          let range = (slot.range.lowerBound + r.lowerBound)..<(slot.range.lowerBound + r.upperBound)
          replacements.append(
            (
              range,
              ConfigRedaction(
                key: slot.key, line: slot.line,
                redaction: redactor.redaction(
                  of: value, reason: redaction.reason, masked: redaction.maskedValue))
            ))
        }
      } else {
        replacements.append(
          (slot.range, ConfigRedaction(key: slot.key, line: slot.line, redaction: redaction)))
      }
    }

    // 2. Anywhere else: known token formats, PEM private keys, URL passwords.
    for found in SecretDetector.find(in: text, highEntropy: false) where !covered(found.range) {
      let value = String(decoding: text[found.range], as: UTF8.self)
      let line = lineOf(found.range.lowerBound)
      replacements.append(
        (
          found.range,
          ConfigRedaction(
            key: "line \(line)", line: line,
            redaction: redactor.redaction(
              of: value, reason: "value looks like \(found.kind)"))
        ))
    }
    for (index, start) in lineStarts.enumerated() {
      let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : text.count
      guard start < end else { continue }
      let lineText = String(decoding: text[start..<end], as: UTF8.self)
      guard lineText.contains("://") else { continue }
      let (masked, ranges) = URLMasking.mask(lineText)
      for r in ranges {
        let range = (start + r.lowerBound)..<(start + r.upperBound)
        guard !covered(range) else { continue }
        replacements.append(
          (
            range,
            ConfigRedaction(
              key: "line \(index + 1)", line: index + 1,
              redaction: redactor.redaction(
                of: String(decoding: text[range], as: UTF8.self), reason: "value is a URL with a password",
                masked: masked.trimmingWhitespace()))
          ))
      }
    }

    guard !replacements.isEmpty else { return (text, []) }
    replacements.sort { $0.range.lowerBound < $1.range.lowerBound }
    var out: [UInt8] = []
    var records: [ConfigRedaction] = []
    var last = 0
    for (range, record) in replacements where range.lowerBound >= last {
      out += text[last..<range.lowerBound]
      out += Array("***".utf8)
      last = range.upperBound
      if records.last != record { records.append(record) }
    }
    out += text[last...]
    return (out, records)
  }

  // MARK: - Assignments per syntax

  private static func slots(_ b: [UInt8], syntax: ConfigSyntax, lineStarts: [Int]) -> [Slot] {
    var out: [Slot] = []
    var section = ""
    var lineIndex = 0
    var skipUntil = 0  // a multi-line value already consumed
    var iniLastKey: String? = nil
    while lineIndex < lineStarts.count {
      let start = lineStarts[lineIndex]
      let end = lineIndex + 1 < lineStarts.count ? lineStarts[lineIndex + 1] - 1 : b.count
      let lineNumber = lineIndex + 1
      lineIndex += 1
      if start < skipUntil || start >= end { continue }
      var i = start
      while i < end, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
      let indented = i > start
      guard i < end else { continue }
      let c = b[i]
      if c == 0x23 || c == 0x3B { continue }  // # or ; comment
      switch syntax {
      case .plain:
        continue
      case .dotenv:
        if hasPrefix(b, i, "export ") { i += 7 }
        guard let eq = findByte(b, 0x3D, i..<end) else { continue }
        let key = trimmed(b, i..<eq)
        guard !key.isEmpty, !key.contains(" ") else { continue }
        let (range, stop) = value(b, from: eq + 1, lineEnd: end, multiline: true, commentNeedsSpace: true)
        out.append(Slot(key: key, line: lineNumber, range: range))
        skipUntil = stop
      case .ini:
        if c == 0x5B, let close = findByte(b, 0x5D, i..<end) {
          section = trimmed(b, (i + 1)..<close)
          iniLastKey = nil
          continue
        }
        if indented, let key = iniLastKey {
          // A continuation line of the previous key's value.
          out.append(Slot(key: key, line: lineNumber, range: trimmedRange(b, i..<end)))
          continue
        }
        guard let sep = b[i..<end].firstIndex(where: { $0 == 0x3D || $0 == 0x3A }) else { continue }
        let name = trimmed(b, i..<sep)
        let key = section.isEmpty ? name : section + "." + name
        iniLastKey = key
        out.append(Slot(key: key, line: lineNumber, range: trimmedRange(b, (sep + 1)..<end)))
      case .toml:
        if c == 0x5B, let close = b[i..<end].lastIndex(of: 0x5D) {
          section = trimmed(b, (i + 1)..<close).trimmingCharacters(in: "[] ")
          continue
        }
        guard let eq = findByte(b, 0x3D, i..<end) else { continue }
        let name = trimmed(b, i..<eq).replacingQuotes()
        let key = section.isEmpty ? name : section + "." + name
        var v = eq + 1
        while v < end, b[v] == 0x20 || b[v] == 0x09 { v += 1 }
        if v < end, b[v] == 0x7B {  // inline table: pairs inside it
          out += inlinePairs(b, v..<end, prefix: key, line: lineNumber)
          continue
        }
        let (range, stop) = value(b, from: eq + 1, lineEnd: end, multiline: false, commentNeedsSpace: false)
        out.append(Slot(key: key, line: lineNumber, range: range))
        skipUntil = stop
      case .yaml:
        var k = i
        if hasPrefix(b, k, "- ") { k += 2 }
        guard let colon = yamlColon(b, k..<end) else { continue }
        let key = trimmed(b, k..<colon).replacingQuotes()
        var v = colon + 1
        while v < end, b[v] == 0x20 || b[v] == 0x09 { v += 1 }
        guard v < end else { continue }
        if b[v] == 0x7C || b[v] == 0x3E {  // block scalar: the more-indented lines that follow
          let indent = i - start
          var stop = end
          var next = lineIndex
          while next < lineStarts.count {
            let ls = lineStarts[next]
            let le = next + 1 < lineStarts.count ? lineStarts[next + 1] - 1 : b.count
            var j = ls
            while j < le, b[j] == 0x20 { j += 1 }
            if j < le, j - ls <= indent { break }
            stop = le
            next += 1
          }
          let first = end + 1
          if first < stop { out.append(Slot(key: key, line: lineNumber, range: first..<stop)) }
          skipUntil = stop
          continue
        }
        let (range, stop) = value(b, from: v, lineEnd: end, multiline: true, commentNeedsSpace: true)
        out.append(Slot(key: key, line: lineNumber, range: range))
        skipUntil = stop
      }
    }
    return out
  }

  /// The value starting at `from`: inside quotes when quoted (across lines when `multiline`, or for
  /// TOML triple quotes), else to the end of the line without a trailing comment. Returns the value's
  /// range and where scanning may resume.
  private static func value(
    _ b: [UInt8], from: Int, lineEnd: Int, multiline: Bool, commentNeedsSpace: Bool
  ) -> (Range<Int>, Int) {
    var v = from
    while v < lineEnd, b[v] == 0x20 || b[v] == 0x09 { v += 1 }
    guard v < lineEnd else { return (v..<v, lineEnd) }
    let q = b[v]
    if q == 0x22 || q == 0x27 {
      let triple = v + 2 < b.count && b[v + 1] == q && b[v + 2] == q
      let open = triple ? v + 3 : v + 1
      var j = open
      while j < b.count {
        if b[j] == 0x5C && q == 0x22 {
          j += 2
          continue
        }
        if b[j] == q && (!triple || (j + 2 < b.count && b[j + 1] == q && b[j + 2] == q)) { break }
        if b[j] == 0x0A && !multiline && !triple { break }
        j += 1
      }
      let close = min(j, b.count)
      return (open..<close, close)
    }
    var e = v
    while e < lineEnd {
      if b[e] == 0x23 && (!commentNeedsSpace || b[e - 1] == 0x20 || b[e - 1] == 0x09) { break }
      e += 1
    }
    return (trimmedRange(b, v..<e), lineEnd)
  }

  /// `name = "value"` pairs inside a TOML inline table.
  private static func inlinePairs(_ b: [UInt8], _ r: Range<Int>, prefix: String, line: Int) -> [Slot] {
    var out: [Slot] = []
    var i = r.lowerBound + 1
    while i < r.upperBound {
      guard let eq = findByte(b, 0x3D, i..<r.upperBound) else { break }
      let nameStart = b[i..<eq].lastIndex(where: { $0 == 0x2C || $0 == 0x7B }).map { $0 + 1 } ?? i
      let name = trimmed(b, nameStart..<eq).replacingQuotes()
      let (range, _) = value(
        b, from: eq + 1, lineEnd: r.upperBound, multiline: false, commentNeedsSpace: false)
      var valueRange = range
      if let stop = b[range].firstIndex(where: { $0 == 0x2C || $0 == 0x7D }),
        b[eq + 1..<range.lowerBound].allSatisfy({
          $0 == 0x20
        })
      {
        valueRange = trimmedRange(b, range.lowerBound..<stop)
      }
      out.append(Slot(key: prefix + "." + name, line: line, range: valueRange))
      i = max(valueRange.upperBound + 1, eq + 1)
    }
    return out
  }

  /// The `:` that ends a YAML mapping key (followed by a space or the end of the line).
  private static func yamlColon(_ b: [UInt8], _ r: Range<Int>) -> Int? {
    var quote: UInt8? = nil
    for i in r {
      if let q = quote {
        if b[i] == q { quote = nil }
        continue
      }
      if (b[i] == 0x22 || b[i] == 0x27) && i == r.lowerBound { quote = b[i]; continue }
      if b[i] == 0x23 { return nil }
      if b[i] == 0x3A && (i + 1 == r.upperBound || b[i + 1] == 0x20 || b[i + 1] == 0x09) { return i }
      if b[i] == 0x20 && i == r.lowerBound { return nil }
    }
    return nil
  }

  private static func findByte(_ b: [UInt8], _ byte: UInt8, _ r: Range<Int>) -> Int? {
    b[r].firstIndex(of: byte)
  }

  private static func hasPrefix(_ b: [UInt8], _ i: Int, _ text: String) -> Bool {
    let p = Array(text.utf8)
    return i + p.count <= b.count && Array(b[i..<(i + p.count)]) == p
  }

  private static func trimmedRange(_ b: [UInt8], _ r: Range<Int>) -> Range<Int> {
    var lo = r.lowerBound
    var hi = r.upperBound
    while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 || b[lo] == 0x0D { lo += 1 }
    while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x09 || b[hi - 1] == 0x0D { hi -= 1 }
    return lo..<hi
  }

  private static func trimmed(_ b: [UInt8], _ r: Range<Int>) -> String {
    String(decoding: b[trimmedRange(b, r)], as: UTF8.self)
  }
}

extension String {
  fileprivate func replacingQuotes() -> String { String(filter { $0 != "\"" && $0 != "'" }) }

  fileprivate func trimmingCharacters(in set: String) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s.removeFirst() }
    while let l = s.last, set.contains(l) { s.removeLast() }
    return String(s)
  }

  fileprivate func trimmingWhitespace() -> String { trimmingCharacters(in: " \t\r") }
}

/// The last `separator`-separated component.
private func lastComponent(_ text: String, separator: Character) -> String {
  guard let i = text.lastIndex(of: separator) else { return text }
  return String(text[text.index(after: i)...])
}
