// Config files: key-level differences for TOML, JSON, INI and .env; a unified diff for lock files,
// YAML and other text.
// Contents come from the archive through a lookup the caller passes in.

import EnvlockModel

/// Compares config files by path, reading contents through the inputs' lookups.
enum ConfigComparer {
  /// Findings for the config files of A and B.
  static func compare(_ a: DiffInput, _ b: DiffInput) -> [Finding] {
    var ib: [String: ConfigFile] = [:]
    for f in b.snapshot.configFiles { ib[f.path] = f }
    let pathsA = Set(a.snapshot.configFiles.map(\.path))
    var out: [Finding] = []
    for fa in a.snapshot.configFiles {
      let id = "config:\(fa.path)"
      guard let fb = ib[fa.path] else {
        out.append(
          Finding(
            id: id, category: .config, kind: .removed, subject: fa.path, before: "\(fa.size) bytes",
            impact: Impact(severity: .medium)))
        continue
      }
      if fa.sha256 == fb.sha256 {
        if fa.mode != fb.mode {
          out.append(
            Finding(
              id: id, category: .config, kind: .changed, subject: fa.path,
              before: "0" + String(fa.mode, radix: 8),
              after: "0" + String(fb.mode, radix: 8),
              impact: Impact(severity: .low, note: "permissions differ")))
        }
        continue
      }
      out.append(contentFinding(fa, fb, a.configContent(fa), b.configContent(fb)))
    }
    for fb in b.snapshot.configFiles where !pathsA.contains(fb.path) {
      out.append(
        Finding(
          id: "config:\(fb.path)", category: .config, kind: .added, subject: fb.path,
          after: "\(fb.size) bytes",
          impact: Impact(severity: .medium)))
    }
    return out
  }

  /// The finding for a config file whose content changed.
  static func contentFinding(_ fa: ConfigFile, _ fb: ConfigFile, _ ca: [UInt8]?, _ cb: [UInt8]?) -> Finding {
    let id = "config:\(fa.path)"
    guard let ca, let cb, let ta = String(validating: ca, as: UTF8.self),
      let tb = String(validating: cb, as: UTF8.self)
    else {
      return Finding(
        id: id, category: .config, kind: .changed, subject: fa.path,
        before: "sha256:\(fa.sha256.hex.prefix(12))", after: "sha256:\(fb.sha256.hex.prefix(12))",
        impact: Impact(
          severity: .medium, note: "content not available or not UTF-8 text: only the hash is compared"))
    }
    let format = ConfigFormat(path: fa.path)
    if !isLockFile(fa.path), let ka = format.flatten(ta), let kb = format.flatten(tb) {
      let details = keyDetails(ka, kb)
      let changed = details.count
      return Finding(
        id: id, category: .config, kind: .changed, subject: fa.path,
        after:
          "\(changed) key\(changed == 1 ? "" : "s") differ\(changed == 1 ? "s" : "") (\(format.rawValue))",
        impact: Impact(
          severity: .medium, note: details.isEmpty ? "only formatting or comments changed" : nil),
        details: details)
    }
    let hunks = UnifiedDiff.lines(ta, tb) ?? ["(files too large for a line diff)"]
    return Finding(
      id: id, category: .config, kind: .changed, subject: fa.path, after: "text",
      impact: Impact(severity: .medium), details: ["--- A/\(fa.path)", "+++ B/\(fb.path)"] + hunks)
  }

  /// Lock files (`uv.lock`, `poetry.lock`, `Pipfile.lock`) are generated and long: a line diff
  /// shows their changes better than key paths into arrays of tables.
  static func isLockFile(_ path: String) -> Bool { path.lowercased().hasSuffix(".lock") }

  /// `~ key: old → new`, `+ key = value`, `- key = value`, sorted by key.
  static func keyDetails(_ a: [String: String], _ b: [String: String]) -> [String] {
    var out: [String] = []
    for key in Set(a.keys).union(b.keys).sorted() {
      switch (a[key], b[key]) {
      case (let x?, let y?) where x != y: out.append("~ \(key): \(x) → \(y)")
      case (nil, let y?): out.append("+ \(key) = \(y)")
      case (let x?, nil): out.append("- \(key) = \(x)")
      default: break
      }
    }
    return out
  }
}
