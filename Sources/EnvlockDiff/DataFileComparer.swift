// Data files: added, removed, modified, renamed (the same SHA-256 under a new path),
// link targets and permissions. Modification times alone are noise.

import EnvlockModel

/// Compares data files by path.
enum DataFileComparer {
  /// Findings for the data files of A and B.
  static func compare(_ a: [DataFile], _ b: [DataFile], _ n: inout SnapshotNormalizer) -> [Finding] {
    var ib: [String: Int] = [:]
    ib.reserveCapacity(b.count)
    for (i, f) in b.enumerated() { ib[f.path] = i }
    var seenInA = [Bool](repeating: false, count: b.count)
    var out: [Finding] = []
    var removed: [DataFile] = []
    for fa in a {
      guard let j = ib[fa.path] else {
        removed.append(fa)
        continue
      }
      seenInA[j] = true
      let fb = b[j]
      if let f = compare(fa, fb, &n) { out.append(f) }
    }
    // Renames: a removed file whose content now lives at an added path.
    var addedByHash: [Digest: [Int]] = [:]
    var added: [Int] = []
    for j in b.indices where !seenInA[j] {
      added.append(j)
      if let h = b[j].sha256 { addedByHash[h, default: []].append(j) }
    }
    var renamedTo = Set<Int>()
    for fa in removed {
      if let h = fa.sha256, var candidates = addedByHash[h], !candidates.isEmpty {
        let j = candidates.removeFirst()
        addedByHash[h] = candidates
        renamedTo.insert(j)
        out.append(
          Finding(
            id: "data:\(b[j].path)", category: .data, kind: .renamed, subject: b[j].path, before: fa.path,
            after: b[j].path, impact: Impact(severity: .low, note: "code that opens the old path fails")))
      } else {
        out.append(
          Finding(
            id: "data:\(fa.path)", category: .data, kind: .removed, subject: fa.path, before: describe(fa),
            impact: Impact(severity: .medium)))
      }
    }
    for j in added where !renamedTo.contains(j) {
      out.append(
        Finding(
          id: "data:\(b[j].path)", category: .data, kind: .added, subject: b[j].path, after: describe(b[j]),
          impact: Impact(severity: .low)))
    }
    return out
  }

  private static func describe(_ f: DataFile) -> String {
    if f.kind == .symlink { return "→ \(f.linkTarget ?? "?")" }
    return "\(f.size) bytes"
  }

  private static func compare(_ a: DataFile, _ b: DataFile, _ n: inout SnapshotNormalizer) -> Finding? {
    let id = "data:\(a.path)"
    if a.kind != b.kind {
      return Finding(
        id: id, category: .data, kind: .changed, subject: a.path, before: a.kind.rawValue,
        after: b.kind.rawValue,
        impact: Impact(severity: .medium))
    }
    if a.kind == .symlink {
      if a.linkTarget == b.linkTarget { return nil }
      return Finding(
        id: id, category: .data, kind: .changed, subject: a.path, before: "→ \(a.linkTarget ?? "?")",
        after: "→ \(b.linkTarget ?? "?")",
        impact: Impact(severity: .medium, note: "the link points elsewhere"))
    }
    if a.sha256 != b.sha256 || a.size != b.size {
      return Finding(
        id: id, category: .data, kind: .changed, subject: a.path, before: short(a), after: short(b),
        impact: Impact(severity: .medium, note: "the content differs"),
        details: a.size != b.size ? ["size \(a.size) → \(b.size) bytes"] : [])
    }
    if a.mode != b.mode {
      return Finding(
        id: id, category: .data, kind: .changed, subject: a.path, before: octal(a.mode), after: octal(b.mode),
        impact: Impact(severity: .low, note: "permissions differ"))
    }
    if a.mtime != b.mtime { n.note(.modificationTime) }
    return nil
  }

  private static func short(_ f: DataFile) -> String { "sha256:" + (f.sha256?.hex.prefix(12) ?? "?") }

  private static func octal(_ mode: Int) -> String { "0" + String(mode, radix: 8) }
}
