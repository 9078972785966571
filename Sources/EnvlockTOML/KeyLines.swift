// TOMLKit does not report where a key is, so this scanner finds the line of each key path
// (`data.paths`) in the source text: table headers, dotted and quoted keys, skipping the inside of
// strings, multi-line strings and multi-line arrays.

/// The 1-based line where each dotted key path is defined.
public struct KeyLines: Sendable {
  private var lines: [String: Int] = [:]

  /// Scans TOML text.
  public init(_ text: String) {
    var table: [String] = []
    var lineNumber = 0
    var depth = 0  // brackets and braces open across lines
    var inMultiline: String? = nil  // the closing delimiter of an open multi-line string
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      var line = Substring(raw)
      if let closing = inMultiline {
        guard let end = line.range(of: closing) else { continue }
        line = line[end.upperBound...]
        inMultiline = nil
      }
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      if depth == 0, inMultiline == nil {
        if trimmed.hasPrefix("[") {
          let isArray = trimmed.hasPrefix("[[")
          let body = trimmed.dropFirst(isArray ? 2 : 1)
          if let close = body.firstIndex(of: "]") {
            table = KeyLines.splitKey(body[..<close])
            record(table, lineNumber)
          }
          continue
        }
        if let eq = KeyLines.assignment(in: trimmed) {
          record(table + KeyLines.splitKey(trimmed[..<eq]), lineNumber)
          line = trimmed[trimmed.index(after: eq)...]
        } else {
          continue
        }
      }
      KeyLines.scanValue(line, depth: &depth, inMultiline: &inMultiline)
    }
  }

  /// The line of `path`, or of its longest prefix that was found (keys inside inline tables).
  public func line(of path: [String]) -> Int {
    var path = path
    while !path.isEmpty {
      if let line = lines[path.joined(separator: "\u{0}")] { return line }
      path.removeLast()
    }
    return 1
  }

  private mutating func record(_ path: [String], _ line: Int) {
    var prefix: [String] = []
    for part in path {
      prefix.append(part)
      let key = prefix.joined(separator: "\u{0}")
      if lines[key] == nil { lines[key] = line }
    }
  }

  /// The index of the `=` of a `key = value` line, outside quoted key parts.
  private static func assignment(in line: Substring) -> Substring.Index? {
    var quote: Character? = nil
    for i in line.indices {
      let c = line[i]
      if let q = quote {
        if c == q { quote = nil }
      } else if c == "\"" || c == "'" {
        quote = c
      } else if c == "=" {
        return i
      } else if c == "#" {
        return nil
      }
    }
    return nil
  }

  /// Splits a dotted key into its parts, unquoting quoted parts.
  static func splitKey(_ key: Substring) -> [String] {
    var parts: [String] = []
    var current = ""
    var quote: Character? = nil
    for c in key {
      if let q = quote {
        if c == q { quote = nil } else { current.append(c) }
      } else if c == "\"" || c == "'" {
        quote = c
      } else if c == "." {
        parts.append(current)
        current = ""
      } else if c != " " && c != "\t" {
        current.append(c)
      }
    }
    parts.append(current)
    return parts
  }

  /// Follows brackets and strings through a value so that continuation lines are not taken for keys.
  private static func scanValue(_ text: Substring, depth: inout Int, inMultiline: inout String?) {
    var i = text.startIndex
    while i < text.endIndex {
      let c = text[i]
      if c == "#" { return }
      if c == "\"" || c == "'" {
        let triple = String(repeating: c, count: 3)
        if text[i...].hasPrefix(triple) {
          let after = text.index(i, offsetBy: 3)
          if let end = text[after...].range(of: triple) {
            i = end.upperBound
            continue
          }
          inMultiline = triple
          return
        }
        var j = text.index(after: i)
        while j < text.endIndex, text[j] != c {
          if c == "\"", text[j] == "\\" { j = text.index(after: j) }
          if j < text.endIndex { j = text.index(after: j) }
        }
        i = j < text.endIndex ? text.index(after: j) : j
        continue
      }
      if c == "[" || c == "{" { depth += 1 }
      if c == "]" || c == "}" { depth = max(0, depth - 1) }
      i = text.index(after: i)
    }
  }
}
