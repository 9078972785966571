// Key-level views of config files: TOML (EnvlockTOML), JSON, INI and .env, each flattened to
// `dotted.key -> value` so two versions can be compared key by key.

import EnvlockModel
import EnvlockTOML
import Foundation

/// Key-level views of the formats the diff compares key by key.
extension ConfigFormat {
  /// The flattened keys and values, or nil when the text does not parse in this format or the
  /// diff has no key-level view of it (YAML, plain text).
  func flatten(_ text: String) -> [String: String]? {
    switch self {
    case .toml: return ConfigFormat.flattenTOML(text)
    case .json: return ConfigFormat.flattenJSON(text)
    case .ini: return ConfigFormat.flattenINI(text)
    case .env: return ConfigFormat.flattenEnv(text)
    case .yaml, .text: return nil
    }
  }

  static func flattenTOML(_ text: String) -> [String: String]? {
    guard let table = try? TOMLDocument.parse(text, file: "config") else { return nil }
    var out: [String: String] = [:]
    func walk(_ t: TOMLTable, _ prefix: String) {
      for (key, value) in t.pairs {
        let path = prefix.isEmpty ? key : prefix + "." + key
        if let sub = value.table {
          walk(sub, path)
        } else {
          out[path] = value.description
        }
      }
    }
    walk(table, "")
    return out
  }

  static func flattenJSON(_ text: String) -> [String: String]? {
    guard let data = text.data(using: .utf8),
      let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    else { return nil }
    var out: [String: String] = [:]
    func render(_ v: Any) -> String {
      if let s = v as? String { return "\"\(s)\"" }
      if v is NSNull { return "null" }
      if let n = v as? NSNumber {
        if String(cString: n.objCType) == "c" { return n.boolValue ? "true" : "false" }
        return n.stringValue
      }
      if let data = try? JSONSerialization.data(
        withJSONObject: v, options: [.sortedKeys, .fragmentsAllowed]),
        let s = String(data: data, encoding: .utf8)
      {
        return s
      }
      return "\(v)"
    }
    func walk(_ v: Any, _ prefix: String) {
      if let dict = v as? [String: Any] {
        if dict.isEmpty && !prefix.isEmpty { out[prefix] = "{}" }
        for (k, x) in dict { walk(x, prefix.isEmpty ? k : prefix + "." + k) }
      } else {
        out[prefix.isEmpty ? "(root)" : prefix] = render(v)
      }
    }
    walk(root, "")
    return out
  }

  static func flattenINI(_ text: String) -> [String: String]? {
    var out: [String: String] = [:]
    var section = ""
    for raw in text.split(whereSeparator: \.isNewline) {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      if line.hasPrefix("[") && line.hasSuffix("]") {
        section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        continue
      }
      guard let sep = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
      let key = line[..<sep].trimmingCharacters(in: .whitespaces)
      let value = line[line.index(after: sep)...].trimmingCharacters(in: .whitespaces)
      out[section.isEmpty ? key : section + "." + key] = value
    }
    return out
  }

  static func flattenEnv(_ text: String) -> [String: String]? {
    var out: [String: String] = [:]
    for raw in text.split(whereSeparator: \.isNewline) {
      var line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
      guard let eq = line.firstIndex(of: "=") else { return nil }
      let key = line[..<eq].trimmingCharacters(in: .whitespaces)
      var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
      if value.count >= 2, let f = value.first, f == "\"" || f == "'", value.last == f {
        value = String(value.dropFirst().dropLast())
      }
      out[key] = value
    }
    return out
  }
}

/// A line-based unified diff (LCS), with three lines of context, like `diff -u`.
enum UnifiedDiff {
  /// Inputs larger than this many lines on both sides together are summarized instead.
  static let maxLines = 4000

  /// The hunks of `diff -u` between two texts, without the `---`/`+++` header; nil when too large.
  static func lines(_ a: String, _ b: String, context: Int = 3) -> [String]? {
    func split(_ t: String) -> [String] {
      var lines = t.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      if lines.last == "" { lines.removeLast() }
      return lines
    }
    let x = split(a)
    let y = split(b)
    guard x.count + y.count <= maxLines else { return nil }
    let n = x.count
    let m = y.count
    var lcs = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lcs[i][j] = x[i] == y[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    // The edit script: (op, lineA, lineB) with op " ", "-", "+".
    var ops: [(Character, Int, Int)] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n && j < m && x[i] == y[j] {
        ops.append((" ", i, j))
        i += 1
        j += 1
      } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
        ops.append(("-", i, j))
        i += 1
      } else {
        ops.append(("+", i, j))
        j += 1
      }
    }
    var out: [String] = []
    var k = 0
    while k < ops.count {
      guard ops[k].0 != " " else {
        k += 1
        continue
      }
      var start = max(0, k - context)
      var end = k
      // Extend the hunk while changes are within 2 * context lines of each other.
      var last = k
      while end < ops.count {
        if ops[end].0 != " " { last = end }
        if end - last > 2 * context { break }
        end += 1
      }
      end = min(ops.count, last + context + 1)
      while start < k && ops[start].0 != " " { start += 1 }
      let slice = ops[start..<end]
      let aStart = slice.first!.1
      let bStart = slice.first!.2
      let aCount = slice.filter { $0.0 != "+" }.count
      let bCount = slice.filter { $0.0 != "-" }.count
      out.append("@@ -\(aStart + 1),\(aCount) +\(bStart + 1),\(bCount) @@")
      for op in slice {
        out.append(String(op.0) + (op.0 == "+" ? y[op.2] : x[op.1]))
      }
      k = end
    }
    return out
  }
}
