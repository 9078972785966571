// A fleet against one baseline without a diff per member: each member is reduced to its deviation
// (the items that differ from the baseline, found by hashing and comparing sections), members with
// the same deviation share one explaining diff, and the diffs' top-level findings are counted
// across members. The grouping is exact: two members with the same deviation hold the same values
// in every compared field, so their diffs are the same.

import Dispatch
import EnvlockAnalysis
import EnvlockModel

/// One member of a fleet, as the caller resolved it: a snapshot to compare, or why it could not be
/// read (the caller's rendered message, kept in the report when it continues past unreadable members).
public enum FleetMemberInput: Sendable {
  /// A snapshot read from the member.
  case snapshot(DiffInput)
  /// A member that could not be read: its label and what went wrong.
  case unreadable(label: String, reason: String)

  /// The member's label.
  public var label: String {
    switch self {
    case .snapshot(let input): input.label
    case .unreadable(let label, _): label
    }
  }
}

/// What to compare across a fleet and how much to list.
public struct FleetOptions: Sendable, Hashable {
  /// The categories compared, as for a diff.
  public var diff: DiffOptions
  /// How many differences each category lists.
  public var topCauses: Int

  /// Creates options.
  public init(diff: DiffOptions = DiffOptions(), topCauses: Int = 5) {
    self.diff = diff
    self.topCauses = topCauses
  }
}

/// Compares many environments with one baseline.
public enum FleetComparison {
  /// Compares every member with the baseline. Pure: members are compared in parallel, and each
  /// distinct deviation is diffed once.
  public static func compare(
    baseline: DiffInput, members: [FleetMemberInput], options: FleetOptions = FleetOptions()
  ) -> FleetReport {
    let base = DeviationBaseline(baseline.snapshot)
    let signatures: [DeviationSignature?] = parallelMap(members.count) { i in
      guard case .snapshot(let input) = members[i] else { return nil }
      return base.signature(of: input.snapshot)
    }
    // One diff per distinct, non-empty deviation, run on its first member.
    var groupOf: [DeviationSignature: Int] = [:]
    var representatives: [Int] = []
    var memberGroup = [Int?](repeating: nil, count: members.count)
    for (i, signature) in signatures.enumerated() {
      guard let signature, !signature.isEmpty else { continue }
      if let g = groupOf[signature] {
        memberGroup[i] = g
      } else {
        groupOf[signature] = representatives.count
        memberGroup[i] = representatives.count
        representatives.append(i)
      }
    }
    let chosen = representatives
    let reports: [DiffReport] = parallelMap(chosen.count) { g in
      guard case .snapshot(let input) = members[chosen[g]] else { preconditionFailure() }
      return EnvironmentDiff.compare(baseline, input, options: options.diff)
    }
    return aggregate(
      baseline: baseline.label, members: members, memberGroup: memberGroup, reports: reports,
      options: options)
  }

  /// Counts the groups' top-level findings across members and orders everything for the report.
  static func aggregate(
    baseline: String, members: [FleetMemberInput], memberGroup: [Int?], reports: [DiffReport],
    options: FleetOptions
  ) -> FleetReport {
    struct Key: Hashable {
      var id: String
      var kind: ChangeKind
      var subject: String
      var before: String?
      var after: String?
    }
    // Each group's findings, at every depth, as difference indices (first-seen order, remapped
    // after sorting): an upgrade counts for every member that has it, explained by another change or not.
    var indexOf: [Key: Int] = [:]
    var found: [Finding] = []
    var topLevel: [Bool] = []
    var holders: [[Int]] = []
    var groupDifferences: [[Int]] = reports.map { _ in [] }
    var groupCounts: [[DiffCategory: Int]] = reports.map { _ in [:] }
    func visit(_ f: Finding, depth: Int, group g: Int) {
      let key = Key(id: f.id, kind: f.kind, subject: f.subject, before: f.before, after: f.after)
      let d: Int
      if let known = indexOf[key] {
        d = known
      } else {
        d = found.count
        indexOf[key] = d
        found.append(f)
        topLevel.append(false)
        holders.append([])
      }
      if depth == 0 { topLevel[d] = true }
      if !groupDifferences[g].contains(d) { groupDifferences[g].append(d) }
      groupCounts[g][f.category, default: 0] += 1
      for c in f.children { visit(c, depth: depth + 1, group: g) }
    }
    for (g, report) in reports.enumerated() {
      for f in report.findings { visit(f, depth: 0, group: g) }
    }
    var results: [FleetMember] = []
    for (m, input) in members.enumerated() {
      switch input {
      case .unreadable(let label, let reason):
        results.append(FleetMember(label: label, status: .unreadable, error: reason))
      case .snapshot(let snapshot):
        guard let g = memberGroup[m], !reports[g].isEmpty else {
          results.append(FleetMember(label: snapshot.label, status: .matches))
          continue
        }
        for d in groupDifferences[g] where holders[d].last != m { holders[d].append(m) }
        let report = reports[g]
        results.append(
          FleetMember(
            label: snapshot.label, status: .deviates, differences: groupDifferences[g],
            findingCount: report.totalCount,
            highestSeverity: report.findings.map(\.effectiveSeverity).max(), summary: report.summary,
            categoryCounts: groupCounts[g], deviationGroup: g))
      }
    }
    // Most widespread first, then most severe, then the diff's own order.
    let order = found.indices.filter { !holders[$0].isEmpty }.sorted { l, r in
      if holders[l].count != holders[r].count { return holders[l].count > holders[r].count }
      return Finding.precedes(found[l], found[r])
    }
    var position: [Int: Int] = [:]
    for (p, d) in order.enumerated() { position[d] = p }
    let differences = order.map {
      FleetDifference(finding: found[$0], members: holders[$0], topLevel: topLevel[$0])
    }
    for i in results.indices {
      results[i].differences = results[i].differences.compactMap { position[$0] }
    }
    let wanted = DiffCategory.allCases.filter(options.diff.categories.contains)
    let byCategory = wanted.compactMap { c -> FleetCategorySummary? in
      let deviating = results.filter { ($0.categoryCounts[c] ?? 0) > 0 }.count
      guard deviating > 0 else { return nil }
      let top = differences.indices.filter { differences[$0].finding.category == c }.prefix(options.topCauses)
      return FleetCategorySummary(category: c, deviatingMembers: deviating, topDifferences: Array(top))
    }
    return FleetReport(
      baseline: baseline, categories: wanted, members: results, differences: differences,
      byCategory: byCategory, distinctDeviations: reports.count)
  }

  /// `transform` over `0..<count`, spread over the machine's cores; results in index order.
  static func parallelMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(transform) }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
      _ = results.deinitialize()
      results.deallocate()
    }
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: count) { i in slots[i] = transform(i) }
    return results.map { $0! }
  }
}
