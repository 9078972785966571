// EnvlockDiff: snapshot x snapshot -> a tree of findings, each with a cause and an impact.
// The JSON form of the tree is the schema `envlock.diff/1`, documented in Docs/diff.md.

import EnvlockPackaging

/// The section of a snapshot a finding belongs to; `--only` and `--ignore` select by these names.
public enum DiffCategory: String, CaseIterable, Sendable, Hashable, Comparable {
  /// The Python interpreter.
  case interpreter
  /// The machine: OS, kernel, architecture, libc, CPU, GPU.
  case host
  /// Broken requirements (`pip check`-like).
  case requirements
  /// Installed Python distributions.
  case python
  /// conda package records.
  case conda
  /// dpkg/apk/rpm packages.
  case system
  /// Environment variables.
  case environment
  /// Data files.
  case data
  /// Config files.
  case config
  /// Jupyter notebooks and their kernels.
  case notebooks

  /// The order categories are listed in when severities tie.
  var rank: Int { DiffCategory.allCases.firstIndex(of: self)! }

  /// Orders categories by their listing order.
  public static func < (lhs: DiffCategory, rhs: DiffCategory) -> Bool { lhs.rank < rhs.rank }
}

/// How much a difference is likely to change behaviour, from `info` (cosmetic) to `high`.
public enum Severity: String, CaseIterable, Sendable, Hashable, Comparable {
  /// Recorded but unlikely to change behaviour.
  case info
  /// A patch-level or rebuild-level change.
  case low
  /// A minor-version change, a pre-release, a changed setting.
  case medium
  /// A major change, a root cause or a broken requirement.
  case high

  /// Orders severities from `info` to `high`.
  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// What kind of difference a finding describes.
public enum ChangeKind: String, Sendable, Hashable, CaseIterable {
  /// Present only in B.
  case added
  /// Present only in A.
  case removed
  /// A higher version in B.
  case upgraded
  /// A lower version in B.
  case downgraded
  /// The same version built differently (wheel tag, content, installer, source).
  case rebuilt
  /// A value changed.
  case changed
  /// The same content under a new path.
  case renamed
  /// A requirement is not satisfied.
  case broken
  /// The values cannot be compared (for example secrets without a shared key).
  case unknown
}

extension VersionChange {
  /// The severity a version change carries.
  public var severity: Severity {
    switch self {
    case .epoch, .major: return .high
    case .minor, .prerelease, .unknown: return .medium
    case .patch, .post, .local: return .low
    }
  }
}

/// What a difference is likely to do, and how much it matters.
public struct Impact: Sendable, Hashable {
  /// How much it matters.
  public var severity: Severity
  /// The version change it comes from, for package and interpreter versions.
  public var versionChange: VersionChange?
  /// A documented note on the behaviour it changes, when known.
  public var note: String?

  /// Creates an impact.
  public init(severity: Severity, versionChange: VersionChange? = nil, note: String? = nil) {
    self.severity = severity
    self.versionChange = versionChange
    self.note = note
  }
}

/// One explained difference; findings that share a cause are its children.
public struct Finding: Sendable, Hashable {
  /// A stable identifier, for example `python:numpy` or `host:architecture`.
  public var id: String
  /// The snapshot section.
  public var category: DiffCategory
  /// The kind of difference.
  public var kind: ChangeKind
  /// What differs, for example `numpy` or `OMP_NUM_THREADS`.
  public var subject: String
  /// The value in A, when there is one.
  public var before: String?
  /// The value in B, when there is one.
  public var after: String?
  /// Why it differs, when the diff can tell.
  public var cause: String?
  /// What it is likely to do.
  public var impact: Impact
  /// Extra lines: key-level changes, a unified diff, rebuild details.
  public var details: [String]
  /// Differences explained by this one.
  public var children: [Finding]

  /// Creates a finding.
  public init(
    id: String, category: DiffCategory, kind: ChangeKind, subject: String, before: String? = nil,
    after: String? = nil, cause: String? = nil, impact: Impact, details: [String] = [],
    children: [Finding] = []
  ) {
    self.id = id
    self.category = category
    self.kind = kind
    self.subject = subject
    self.before = before
    self.after = after
    self.cause = cause
    self.impact = impact
    self.details = details
    self.children = children
  }

  /// The one-line statement of the change, for example `numpy 1.26.4 → 2.1.0 (upgraded)`.
  public var headline: String {
    if kind == .renamed, let before, let after { return "\(before) → \(after) (renamed)" }
    switch (before, after) {
    case (let b?, let a?): return "\(subject) \(b) → \(a) (\(kind.rawValue))"
    case (nil, let a?): return "\(subject) \(a) (\(kind.rawValue))"
    case (let b?, nil): return "\(subject) \(b) (\(kind.rawValue))"
    case (nil, nil): return "\(subject) (\(kind.rawValue))"
    }
  }

  /// The highest severity in this finding's subtree (a cause ranks with what it explains).
  public var effectiveSeverity: Severity {
    children.reduce(impact.severity) { max($0, $1.effectiveSeverity) }
  }

  /// This finding and all its descendants.
  public var count: Int { 1 + children.reduce(0) { $0 + $1.count } }

  /// Orders findings: higher severity first, then category order, then subject.
  static func precedes(_ l: Finding, _ r: Finding) -> Bool {
    if l.effectiveSeverity != r.effectiveSeverity { return l.effectiveSeverity > r.effectiveSeverity }
    if l.category != r.category { return l.category < r.category }
    if l.subject != r.subject { return l.subject < r.subject }
    return l.id < r.id
  }
}

/// How many values were treated as equal because they differed only by noise.
public struct NormalizationCount: Sendable, Hashable {
  /// The rule, for example `capture time` or `project root in paths`.
  public var rule: String
  /// How many values it made equal.
  public var count: Int

  /// Creates a count.
  public init(rule: String, count: Int) {
    self.rule = rule
    self.count = count
  }
}

/// The result of a diff: the findings tree, a short summary and what was normalized away.
public struct DiffReport: Sendable, Hashable {
  /// The JSON schema identifier of this report.
  public static let schema = "envlock.diff/1"

  /// A label for A, for example its file name.
  public var labelA: String
  /// A label for B.
  public var labelB: String
  /// The most likely causes of behavioural difference, most important first (one line each).
  public var summary: [String]
  /// Top-level findings, most important first; explained differences are their children.
  public var findings: [Finding]
  /// Noise that was not reported as a difference, by rule.
  public var normalized: [NormalizationCount]
  /// Categories compared (after `--only` / `--ignore`).
  public var categories: [DiffCategory]

  /// Creates a report.
  public init(
    labelA: String, labelB: String, summary: [String], findings: [Finding], normalized: [NormalizationCount],
    categories: [DiffCategory]
  ) {
    self.labelA = labelA
    self.labelB = labelB
    self.summary = summary
    self.findings = findings
    self.normalized = normalized
    self.categories = categories
  }

  /// True when no difference was found.
  public var isEmpty: Bool { findings.isEmpty }

  /// The number of findings, children included.
  public var totalCount: Int { findings.reduce(0) { $0 + $1.count } }
}
