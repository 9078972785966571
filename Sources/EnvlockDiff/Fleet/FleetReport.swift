// The result of comparing a fleet of environments with one baseline: the schema `envlock.fleet/1`
// (Docs/fleet-and-sbom.md). Members keep their input order; differences are the distinct top-level
// findings of the members' diffs, each with the members that have it.

/// Whether a member matches the baseline.
public enum FleetMemberStatus: String, Sendable, Hashable, CaseIterable {
  /// No difference from the baseline (noise aside).
  case matches
  /// At least one difference from the baseline.
  case deviates
  /// The member could not be read (the caller chose to report it and go on).
  case unreadable
}

/// One difference as the fleet sees it: a finding of the member diffs (at any depth of their
/// trees), identified by what changed (id, kind, subject, before and after), with the members that
/// have it.
public struct FleetDifference: Sendable, Hashable {
  /// The finding as the first member (in input order) that has it reports it, children included.
  public var finding: Finding
  /// Indices into `FleetReport.members` of the members that have it, ascending.
  public var members: [Int]
  /// True when some member's diff lists it at the top level (not only as explained by another).
  public var topLevel: Bool

  /// Creates a difference.
  public init(finding: Finding, members: [Int], topLevel: Bool) {
    self.finding = finding
    self.members = members
    self.topLevel = topLevel
  }

  /// The number of findings this difference explains (its descendants).
  public var explains: Int { finding.count - 1 }
}

/// One member of the fleet and how it compares with the baseline.
public struct FleetMember: Sendable, Hashable {
  /// The member's label, for example its file name.
  public var label: String
  /// Whether it matches, deviates or could not be read.
  public var status: FleetMemberStatus
  /// Indices into `FleetReport.differences` of its differences (at every depth of its diff), in the
  /// diff's order.
  public var differences: [Int]
  /// The number of findings of its diff, children included.
  public var findingCount: Int
  /// The highest severity among its findings, nil when it matches.
  public var highestSeverity: Severity?
  /// The most likely causes of its deviation (the diff's summary lines).
  public var summary: [String]
  /// Findings per category (children included), for the categories that have any.
  public var categoryCounts: [DiffCategory: Int]
  /// Which distinct deviation it shares with other members (an index into the deviation groups the
  /// fleet diffed once each); nil when it matches or is unreadable.
  public var deviationGroup: Int?
  /// Why it could not be read, when `status` is `unreadable`.
  public var error: String?

  /// Creates a member result.
  public init(
    label: String, status: FleetMemberStatus, differences: [Int] = [], findingCount: Int = 0,
    highestSeverity: Severity? = nil, summary: [String] = [], categoryCounts: [DiffCategory: Int] = [:],
    deviationGroup: Int? = nil, error: String? = nil
  ) {
    self.label = label
    self.status = status
    self.differences = differences
    self.findingCount = findingCount
    self.highestSeverity = highestSeverity
    self.summary = summary
    self.categoryCounts = categoryCounts
    self.deviationGroup = deviationGroup
    self.error = error
  }
}

/// One category's share of the fleet's deviation.
public struct FleetCategorySummary: Sendable, Hashable {
  /// The category.
  public var category: DiffCategory
  /// How many members have at least one finding in it.
  public var deviatingMembers: Int
  /// Indices into `FleetReport.differences` of its most widespread differences (at most
  /// `FleetOptions.topCauses`).
  public var topDifferences: [Int]

  /// Creates a category summary.
  public init(category: DiffCategory, deviatingMembers: Int, topDifferences: [Int]) {
    self.category = category
    self.deviatingMembers = deviatingMembers
    self.topDifferences = topDifferences
  }
}

/// A fleet compared with a baseline.
public struct FleetReport: Sendable, Hashable {
  /// The JSON schema identifier of this report.
  public static let schema = "envlock.fleet/1"

  /// The baseline's label.
  public var baseline: String
  /// Categories compared.
  public var categories: [DiffCategory]
  /// Every member, in input order.
  public var members: [FleetMember]
  /// Distinct differences, most widespread first (then severity, then finding order).
  public var differences: [FleetDifference]
  /// Per category, in category order, for the categories in which some member deviates.
  public var byCategory: [FleetCategorySummary]
  /// How many distinct deviations were diffed (members with the same deviation share one diff).
  public var distinctDeviations: Int

  /// Creates a report.
  public init(
    baseline: String, categories: [DiffCategory], members: [FleetMember], differences: [FleetDifference],
    byCategory: [FleetCategorySummary], distinctDeviations: Int
  ) {
    self.baseline = baseline
    self.categories = categories
    self.members = members
    self.differences = differences
    self.byCategory = byCategory
    self.distinctDeviations = distinctDeviations
  }

  /// The members whose status is `status`.
  public func members(_ status: FleetMemberStatus) -> [Int] {
    members.indices.filter { members[$0].status == status }
  }

  /// Differences that two or more members have and some member lists at the top level, most
  /// widespread first (what they explain is counted, not listed).
  public var shared: [Int] {
    differences.indices.filter { differences[$0].members.count >= 2 && differences[$0].topLevel }
  }

  /// Members with a top-level difference no other member has, with those differences; empty in a
  /// fleet of fewer than two readable members (there is nobody to compare with).
  public var outliers: [(member: Int, differences: [Int])] {
    let readable = members.filter { $0.status != .unreadable }.count
    guard readable >= 2 else { return [] }
    return members.indices.compactMap { m in
      let unique = members[m].differences.filter {
        differences[$0].members.count == 1 && differences[$0].topLevel
      }
      return unique.isEmpty ? nil : (m, unique)
    }
  }

  /// True when every member was read and matches the baseline.
  public var allMatch: Bool { members.allSatisfy { $0.status == .matches } }
}
