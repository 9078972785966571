// Dependency reasoning: why a transitive distribution moved ("urllib3 2.2.1 → 1.26.18 because
// requests 2.31.0 in B requires urllib3<2"), and which top-level (REQUESTED) change pulled it in;
// the transitive finding becomes a child of that change.

import EnvlockAnalysis
import EnvlockModel

/// Explains transitive package changes with the requirement graphs of A and B.
enum DependencyRule {
  /// Sets causes on transitive package findings and moves them under the requested change that pulled them in.
  static func apply(_ findings: inout [Finding], graphA: RequirementGraph, graphB: RequirementGraph) {
    var index: [String: Int] = [:]
    for (i, f) in findings.enumerated() { index[f.id] = i }
    // The requested distributions whose own version changed, and what each of them pulls in.
    let changedKinds: Set<ChangeKind> = [.upgraded, .downgraded, .changed, .added, .removed]
    func changedRequested(_ graph: RequirementGraph) -> [String] {
      graph.packages.values.filter { p in
        p.requested
          && index[PythonPackageComparer.id(p.name)].map { changedKinds.contains(findings[$0].kind) } == true
      }.map(\.name).sorted()
    }
    let ownerB = graphB.nearestSource(from: changedRequested(graphB))
    let ownerA = graphA.nearestSource(from: changedRequested(graphA))
    var moves: [(child: Int, parent: Int)] = []
    for i in findings.indices where findings[i].category == .python {
      let f = findings[i]
      let key = String(f.id.dropFirst("python:".count))
      let removed = f.kind == .removed
      let graph = removed ? graphA : graphB
      guard graph.packages[key]?.requested != true else { continue }
      if let cause = cause(for: f, name: key, graphA: graphA, graphB: graphB) {
        findings[i].cause = cause
      }
      // Attribute to the nearest requested ancestor whose own version changed.
      if let parent = (removed ? ownerA : ownerB)[key], parent != key,
        let j = index[PythonPackageComparer.id(parent)]
      {
        let pf = findings[j]
        let what =
          pf.kind == .added
          ? "the addition of \(pf.subject)"
          : "the \(pf.kind == .removed ? "removal" : "change") of \(pf.subject)"
        let range = pf.before.flatMap { b in pf.after.map { "\(b) → \($0)" } } ?? pf.after ?? pf.before ?? ""
        findings[i].cause = [findings[i].cause, "pulled in by \(what)\(range.isEmpty ? "" : " " + range)"]
          .compactMap { $0 }.joined(separator: "; ")
        moves.append((i, j))
      }
    }
    guard !moves.isEmpty else { return }
    let moved = Set(moves.map(\.child))
    for (child, parent) in moves { findings[parent].children.append(findings[child]) }
    findings = findings.enumerated().filter { !moved.contains($0.offset) }.map(\.element)
  }

  /// "because X v in B requires name<spec>" for a changed transitive distribution.
  static func cause(for f: Finding, name: String, graphA: RequirementGraph, graphB: RequirementGraph)
    -> String?
  {
    switch f.kind {
    case .removed:
      let was = graphA.dependents[name] ?? []
      let stillNeeded = (graphB.dependents[name] ?? []).isEmpty
      guard let e = was.first else { return "nothing in A required it" }
      return stillNeeded
        ? "no longer required: \(e.dependent) \(e.version) in A required \(e.requirement.text)"
        : nil
    case .added:
      guard let e = (graphB.dependents[name] ?? []).first else { return nil }
      return "\(e.dependent) \(e.version) in B requires \(e.requirement.text)"
    case .upgraded, .downgraded, .changed:
      let edges = graphB.dependents[name] ?? []
      guard !edges.isEmpty else { return nil }
      // A requirement that excludes A's version forces the move; otherwise B's requirements allow it.
      if let before = f.before,
        let forcing = edges.first(where: {
          PackagingBridge.satisfies($0.requirement, version: before) == false
        })
      {
        return
          "\(forcing.dependent) \(forcing.version) in B requires \(forcing.requirement.text), which excludes \(before)"
      }
      let e = edges[0]
      let spec = e.requirement.specifier.isEmpty ? "any version" : e.requirement.specifier
      return
        "\(e.dependent) \(e.version) in B requires \(e.requirement.name) \(spec), which allows both versions"
    default:
      return nil
    }
  }
}
