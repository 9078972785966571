// What `envlock check` found: one result per rule, each with its evidence and, for a failure,
// what to do about it.

/// Whether a rule holds.
public enum RuleStatus: String, Codable, Hashable, Sendable {
  /// The rule holds.
  case pass
  /// The rule does not hold.
  case fail
  /// The rule could not be evaluated with the given inputs (for example no `--target`).
  case skip
}

/// The outcome of one rule.
public struct RuleResult: Codable, Hashable, Sendable {
  /// The rule id, `<family>.<rule>`, for example `dependencies.pinned`.
  public var id: String
  /// The rule family (the contract table), for example `dependencies`.
  public var family: String
  /// Pass, fail or skip.
  public var status: RuleStatus
  /// One line: what was checked and found.
  public var summary: String
  /// The details: one line per item checked or per gap found.
  public var evidence: [String]
  /// What to do about a failure.
  public var fix: String?

  /// Creates a result; the family is the id's first component.
  public init(id: String, status: RuleStatus, summary: String, evidence: [String] = [], fix: String? = nil) {
    self.id = id
    self.family = String(id.prefix { $0 != "." })
    self.status = status
    self.summary = summary
    self.evidence = evidence
    self.fix = status == .fail ? fix : nil
  }

  /// A passing result.
  static func pass(_ id: String, _ summary: String, _ evidence: [String] = []) -> RuleResult {
    RuleResult(id: id, status: .pass, summary: summary, evidence: evidence)
  }

  /// A failing result.
  static func fail(_ id: String, _ summary: String, _ evidence: [String] = [], fix: String) -> RuleResult {
    RuleResult(id: id, status: .fail, summary: summary, evidence: evidence, fix: fix)
  }

  /// A skipped result.
  static func skip(_ id: String, _ summary: String) -> RuleResult {
    RuleResult(id: id, status: .skip, summary: summary)
  }

  /// Passes when `gaps` is empty, else fails listing them.
  static func judge(
    _ id: String, gaps: [String], passed: String, failed: String, evidence: [String] = [], fix: String
  ) -> RuleResult {
    gaps.isEmpty ? .pass(id, passed, evidence) : .fail(id, failed, gaps, fix: fix)
  }
}

/// Every rule's result, and the verdict.
public struct CheckReport: Codable, Hashable, Sendable {
  /// The report schema identifier.
  public static let currentSchema = "envlock.check/1"

  /// Always `envlock.check/1`.
  public var schema: String
  /// The contract file.
  public var contract: String
  /// The snapshot checked.
  public var snapshot: String
  /// The target snapshot, when one was given.
  public var target: String?
  /// The results, in contract order.
  public var rules: [RuleResult]

  /// Creates a report.
  public init(contract: String, snapshot: String, target: String?, rules: [RuleResult]) {
    self.schema = CheckReport.currentSchema
    self.contract = contract
    self.snapshot = snapshot
    self.target = target
    self.rules = rules
  }

  /// True when no rule failed.
  public var passed: Bool { !rules.contains { $0.status == .fail } }

  /// The number of rules with `status`.
  public func count(_ status: RuleStatus) -> Int { rules.filter { $0.status == status }.count }
}
