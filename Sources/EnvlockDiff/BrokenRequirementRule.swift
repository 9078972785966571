// Broken requirements in either environment, like `pip check`: a requirement whose marker holds
// (with the extras other packages request) but whose distribution is missing or has a version the
// specifier excludes (pre-releases allowed, as pip check does).

import EnvlockAnalysis
import EnvlockModel

/// Finds unsatisfied requirements in A and B and reports each one once.
enum BrokenRequirementRule {
  /// One unsatisfied requirement.
  typealias Problem = BrokenRequirement

  /// The unsatisfied requirements of one environment, keyed `dependent->required`.
  static func problems(in graph: RequirementGraph) -> [String: Problem] {
    RequirementCheck.problems(in: graph)
  }

  /// Findings in category `requirements`: broken in B (high), in both (medium), fixed in B (info).
  static func findings(graphA: RequirementGraph, graphB: RequirementGraph) -> [Finding] {
    let pa = problems(in: graphA)
    let pb = problems(in: graphB)
    var out: [Finding] = []
    for key in Set(pa.keys).union(pb.keys) {
      let a = pa[key]
      let b = pb[key]
      let p = (b ?? a)!
      let side = b != nil ? "B" : "A"
      let text =
        p.installed.map {
          "\(p.dependent) \(p.version) requires \(p.requirement) but \(side) has \(p.required) \($0)"
        }
        ?? "\(p.dependent) \(p.version) requires \(p.requirement), which \(side) does not have"
      let severity: Severity
      let note: String
      switch (a, b) {
      case (nil, _?):
        severity = .high
        note = "broken in B only: code paths that import \(p.required) may fail or misbehave"
      case (_?, _?):
        severity = .medium
        note = "broken in both environments"
      default:
        severity = .info
        note = "broken in A only; B satisfies it"
      }
      out.append(
        Finding(
          id: "requirements:\(key)", category: .requirements, kind: .broken,
          subject: "\(p.dependent) → \(p.required)", cause: text,
          impact: Impact(severity: severity, note: note)))
    }
    return out
  }

  /// Says on each changed package of B which requirements its new version breaks.
  static func annotate(_ findings: inout [Finding], graphB: RequirementGraph) {
    var breaks: [String: [String]] = [:]
    for p in problems(in: graphB).values where p.installed != nil {
      breaks[p.required, default: []].append("\(p.dependent) \(p.version)")
    }
    for i in findings.indices where findings[i].category == .python {
      let name = String(findings[i].id.dropFirst("python:".count))
      guard let who = breaks[name], findings[i].kind != .removed, findings[i].kind != .rebuilt else {
        continue
      }
      let text = "breaks the requirements of \(who.sorted().joined(separator: ", "))"
      findings[i].cause = [findings[i].cause, text].compactMap { $0 }.joined(separator: "; ")
      findings[i].impact.severity = .high
    }
  }
}
