// Notebooks: added, removed, edited, and above all a kernel that changed (another kernelspec, or
// one that is no longer installed), since a notebook's kernel decides its whole environment.

import EnvlockModel

/// Compares notebook entries by path.
enum NotebookComparer {
  /// Findings for the notebooks of A and B.
  static func compare(_ a: [NotebookEntry], _ b: [NotebookEntry]) -> [Finding] {
    var ib: [String: NotebookEntry] = [:]
    for entry in b { ib[entry.path] = entry }
    let pathsA = Set(a.map(\.path))
    var out: [Finding] = []
    for na in a {
      guard let nb = ib[na.path] else {
        out.append(
          Finding(
            id: "notebook:\(na.path)", category: .notebooks, kind: .removed, subject: na.path,
            before: kernelText(na), impact: Impact(severity: .low)))
        continue
      }
      out += compare(na, nb)
    }
    for nb in b where !pathsA.contains(nb.path) {
      out.append(
        Finding(
          id: "notebook:\(nb.path)", category: .notebooks, kind: .added, subject: nb.path,
          after: kernelText(nb), impact: Impact(severity: .low)))
    }
    return out
  }

  private static func compare(_ a: NotebookEntry, _ b: NotebookEntry) -> [Finding] {
    var out: [Finding] = []
    let nameA = a.kernelspec?.name.lowercased()
    let nameB = b.kernelspec?.name.lowercased()
    if nameA != nameB {
      var details: [String] = []
      if let x = a.kernel?.interpreter ?? a.environment, let y = b.kernel?.interpreter ?? b.environment,
        x != y
      {
        details.append("interpreter \(x) → \(y)")
      }
      out.append(
        Finding(
          id: "notebook:\(a.path):kernel", category: .notebooks, kind: .changed, subject: a.path,
          before: kernelText(a), after: kernelText(b),
          impact: Impact(
            severity: .high,
            note: "the notebook starts another kernel: another interpreter and other packages"),
          details: details))
    } else if nameA != nil, (a.kernel == nil) != (b.kernel == nil) {
      out.append(
        Finding(
          id: "notebook:\(a.path):kernel", category: .notebooks, kind: .changed, subject: a.path,
          before: installedText(a), after: installedText(b),
          impact: Impact(
            severity: b.kernel == nil ? .high : .medium,
            note: b.kernel == nil ? "the notebook cannot start its kernel" : nil)))
    } else if nameA != nil, (a.environment == nil) != (b.environment == nil) {
      out.append(
        Finding(
          id: "notebook:\(a.path):environment", category: .notebooks, kind: .changed, subject: a.path,
          before: capturedText(a), after: capturedText(b),
          impact: Impact(
            severity: .medium,
            note: "one snapshot did not capture the environment the notebook's kernel runs in")))
    }
    if a.sha256 != b.sha256 {
      out.append(
        Finding(
          id: "notebook:\(a.path)", category: .notebooks, kind: .changed, subject: a.path,
          before: "sha256:\(a.sha256.hex.prefix(12))", after: "sha256:\(b.sha256.hex.prefix(12))",
          impact: Impact(severity: .info, note: "the notebook was edited or re-run")))
    }
    return out
  }

  private static func kernelText(_ n: NotebookEntry) -> String {
    guard let spec = n.kernelspec else { return "no kernel" }
    return "kernel `\(spec.name)`"
  }

  private static func installedText(_ n: NotebookEntry) -> String {
    kernelText(n) + (n.kernel == nil ? " not installed" : " installed")
  }

  private static func capturedText(_ n: NotebookEntry) -> String {
    kernelText(n) + (n.environment == nil ? ", environment not captured" : ", environment captured")
  }
}
