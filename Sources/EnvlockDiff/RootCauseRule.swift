// Root causes first: an architecture change explains everything compiled; an interpreter
// minor-version (or ABI) change explains every cpXY binary wheel that differs; a libc or
// manylinux baseline change explains rebuilt binary wheels. Explained findings become children.

import EnvlockAnalysis
import EnvlockModel

/// Groups compiled-package differences under the host or interpreter change that explains them.
enum RootCauseRule {
  /// The kinds of root cause, strongest first.
  enum Root: CaseIterable {
    case architecture
    case interpreter
    case libc
  }

  /// Moves explained findings under their root cause findings (when the root is present).
  static func apply(_ findings: inout [Finding], a: Snapshot, b: Snapshot) {
    var index: [String: Int] = [:]
    for (i, f) in findings.enumerated() { index[f.id] = i }
    let architecture = index[HostComparer.architectureID]
    // An ABI change that follows an architecture change is explained by it, not a root of its own.
    let interpreter =
      index[InterpreterComparer.versionID].flatMap { i in isMinorChange(findings[i]) ? i : nil }
      ?? (architecture == nil ? index["interpreter:abi"] : nil)
    let roots: [Root: Int] = [
      .architecture: architecture, .interpreter: interpreter,
      .libc: index[HostComparer.libcID] ?? index["interpreter:libc"],
    ].compactMapValues { $0 }
    guard !roots.isEmpty else { return }
    let pa = PythonPackageComparer.index(a.pythonPackages)
    let pb = PythonPackageComparer.index(b.pythonPackages)
    var moves: [(Int, Int)] = []
    for i in findings.indices {
      let f = findings[i]
      guard let root = explainingRoot(f, roots: roots, pa: pa, pb: pb) else { continue }
      let r = roots[root]!
      if r == i { continue }
      findings[i].cause = [findings[i].cause, reason(root, f, findings[r], pa: pa, pb: pb)].compactMap { $0 }
        .joined(separator: "; ")
      moves.append((i, r))
    }
    guard !moves.isEmpty else { return }
    let moved = Set(moves.map(\.0))
    for (child, parent) in moves { findings[parent].children.append(findings[child]) }
    findings = findings.enumerated().filter { !moved.contains($0.offset) }.map(\.element)
  }

  static func isMinorChange(_ f: Finding) -> Bool {
    guard let b = f.before, let a = f.after else { return false }
    return InterpreterComparer.minor(b) != InterpreterComparer.minor(a)
  }

  /// The strongest root that explains a finding, if any.
  static func explainingRoot(
    _ f: Finding, roots: [Root: Int], pa: [String: PythonPackage], pb: [String: PythonPackage]
  ) -> Root? {
    switch f.category {
    case .python:
      let name = String(f.id.dropFirst("python:".count))
      guard let a = pa[name], let b = pb[name] else { return nil }
      // Version changes already explained by a requested change stay where they are.
      guard f.kind == .rebuilt || f.cause == nil else { return nil }
      let wa = WheelFacts(a.wheelTags)
      let wb = WheelFacts(b.wheelTags)
      guard wa.isBinary || wb.isBinary else { return nil }
      if roots[.architecture] != nil, wa.architectures != wb.architectures { return .architecture }
      if roots[.interpreter] != nil, wa.pythonTags != wb.pythonTags { return .interpreter }
      if roots[.libc] != nil, wa.libcBaselines != wb.libcBaselines, f.kind == .rebuilt { return .libc }
      return nil
    case .conda:
      return roots[.architecture] != nil && f.kind == .rebuilt ? .architecture : nil
    case .system:
      return roots[.architecture] != nil && f.kind == .rebuilt ? .architecture : nil
    case .interpreter:
      // The interpreter's own platform and libc follow the host.
      if f.id == "interpreter:platform" || f.id == "interpreter:abi" || f.id == "interpreter:build",
        roots[.architecture] != nil
      {
        return .architecture
      }
      if f.id == "interpreter:libc", roots[.libc] != nil { return .libc }
      return nil
    default:
      return nil
    }
  }

  private static func reason(
    _ root: Root, _ f: Finding, _ rootFinding: Finding, pa: [String: PythonPackage],
    pb: [String: PythonPackage]
  ) -> String {
    let name = String(f.id.dropFirst("python:".count))
    let ta = pa[name].map { WheelFacts($0.wheelTags) }
    let tb = pb[name].map { WheelFacts($0.wheelTags) }
    func list(_ s: Set<String>?) -> String { (s ?? []).sorted().joined(separator: "/") }
    switch root {
    case .architecture:
      return "built for \(rootFinding.after ?? "another architecture")"
    case .interpreter:
      if f.category == .python { return "\(list(ta?.pythonTags)) wheel replaced by \(list(tb?.pythonTags))" }
      return "follows the interpreter"
    case .libc:
      if f.category == .python {
        return "\(list(ta?.libcBaselines)) wheel replaced by \(list(tb?.libcBaselines))"
      }
      return "follows the host libc"
    }
  }
}
