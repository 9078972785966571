// The handoff contract (Docs/contract.md): rules a snapshot must meet before a model is handed from
// data science to engineering. Read from `handoff.toml` or the `[contract]` table of envlock.toml;
// versions, specifiers and requirements follow PEP 440 / PEP 508 through EnvlockPackaging.

import EnvlockModel
import EnvlockPackaging

/// A parsed handoff contract: every rule family is optional.
public struct Contract: Hashable, Sendable {
  /// The file the contract was read from (for messages and relative paths).
  public var file: String
  /// `[interpreter]`: allowed implementations and version range.
  public var interpreter: InterpreterRules?
  /// `[dependencies]`: declared requirements, pinning, consistency, sources, allow/deny lists.
  public var dependencies: DependencyRules?
  /// `[packaging]`: the project is a package with a layout.
  public var packaging: PackagingRules?
  /// `[schemas]`: schema files and modules that must exist and be captured.
  public var schemas: SchemaRules?
  /// `[performance]`: a metrics file with thresholds.
  public var performance: PerformanceRules?
  /// `[tests]`: a coverage report with minimum line rates.
  public var tests: CoverageRules?
  /// `[resources]`: CPU, memory, GPU and disk needs; wheel compatibility with a target.
  public var resources: ResourceRules?
  /// `[environment]`: variables, data hashes, signature and age.
  public var environment: EnvironmentRules?

  /// Creates a contract; every family defaults to absent.
  public init(
    file: String, interpreter: InterpreterRules? = nil, dependencies: DependencyRules? = nil,
    packaging: PackagingRules? = nil, schemas: SchemaRules? = nil, performance: PerformanceRules? = nil,
    tests: CoverageRules? = nil, resources: ResourceRules? = nil, environment: EnvironmentRules? = nil
  ) {
    self.file = file
    self.interpreter = interpreter
    self.dependencies = dependencies
    self.packaging = packaging
    self.schemas = schemas
    self.performance = performance
    self.tests = tests
    self.resources = resources
    self.environment = environment
  }

  /// True when no rule family is present.
  public var isEmpty: Bool {
    interpreter == nil && dependencies == nil && packaging == nil && schemas == nil && performance == nil
      && tests == nil && resources == nil && environment == nil
  }
}

/// `[interpreter]`: which Python may run the environment.
public struct InterpreterRules: Hashable, Sendable {
  /// `implementation`: allowed `sys.implementation.name` values (lowercase); empty allows any.
  public var implementations: [String]
  /// `version`: a PEP 440 specifier set the interpreter version must be in.
  public var version: SpecifierSet?

  /// Creates interpreter rules.
  public init(implementations: [String] = [], version: SpecifierSet? = nil) {
    self.implementations = implementations
    self.version = version
  }
}

/// How strictly declared requirements must be pinned.
public enum PinPolicy: String, Hashable, Sendable, CaseIterable {
  /// Every requirement is `==` (or `===`) one version, or a lock file entry.
  case exact
  /// Every requirement is pinned exactly or carries a `--hash`.
  case exactOrHashed = "exact-or-hashed"
  /// Pinning is not checked.
  case none
}

/// Where an installed distribution came from (PEP 610 `direct_url.json` and INSTALLER).
public enum SourceKind: String, Hashable, Sendable, CaseIterable {
  /// A package index (no `direct_url.json`).
  case index
  /// A version-control checkout (`vcs_info`).
  case vcs
  /// A remote archive URL (`archive_info`, not `file:`).
  case url
  /// A local archive file (`archive_info` with a `file:` URL).
  case file
  /// A local directory, not editable (`dir_info`).
  case local
  /// An editable install (`dir_info.editable`).
  case editable
  /// No INSTALLER and no `direct_url.json`: nobody knows.
  case unknown
}

/// `[dependencies]`: the declared requirements and the installed packages.
public struct DependencyRules: Hashable, Sendable {
  /// `files`: the declared dependency files, project-relative; nil finds them (pyproject.toml,
  /// requirements*.txt, uv.lock, poetry.lock).
  public var files: [String]?
  /// `pin`: how strictly the declared requirements must be pinned.
  public var pin: PinPolicy
  /// `satisfied`: the installed packages must satisfy every declared requirement.
  public var satisfied: Bool
  /// `consistent`: no broken requirement among the installed packages (`pip check`).
  public var consistent: Bool
  /// `sources`: the allowed source kinds of installed packages.
  public var sources: [SourceKind]
  /// `source_exempt`: package names exempt from the source rule (normalized).
  public var sourceExempt: [String]
  /// `allow`: when set, every installed package must match one of these (name and version range).
  public var allow: [Requirement]?
  /// `deny`: no installed package may match one of these.
  public var deny: [Requirement]

  /// The source kinds allowed when `sources` is not given.
  public static let defaultSources: [SourceKind] = [.index, .vcs, .url]

  /// Creates dependency rules with the documented defaults.
  public init(
    files: [String]? = nil, pin: PinPolicy = .exact, satisfied: Bool = true, consistent: Bool = true,
    sources: [SourceKind] = DependencyRules.defaultSources, sourceExempt: [String] = [],
    allow: [Requirement]? = nil, deny: [Requirement] = []
  ) {
    self.files = files
    self.pin = pin
    self.satisfied = satisfied
    self.consistent = consistent
    self.sources = sources
    self.sourceExempt = sourceExempt
    self.allow = allow
    self.deny = deny
  }
}

/// The package layout a project must follow.
public enum PackageLayout: String, Hashable, Sendable, CaseIterable {
  /// `src/<package>/`.
  case src
  /// `<package>/` at the project root.
  case flat
}

/// `[packaging]`: the project is an installable package.
public struct PackagingRules: Hashable, Sendable {
  /// `layout`: the required layout; nil accepts either.
  public var layout: PackageLayout?
  /// `package`: the import package directory name; nil derives it from `[project] name`.
  public var package: String?

  /// Creates packaging rules.
  public init(layout: PackageLayout? = nil, package: String? = nil) {
    self.layout = layout
    self.package = package
  }
}

/// `[schemas]`: input/output schemas that must exist and be captured.
public struct SchemaRules: Hashable, Sendable {
  /// `files`: schema files, project-relative.
  public var files: [String]
  /// `modules`: dotted module names, found under the project root or `src/`.
  public var modules: [String]

  /// Creates schema rules.
  public init(files: [String] = [], modules: [String] = []) {
    self.files = files
    self.modules = modules
  }
}

/// A comparison of a metric against a number.
public enum ThresholdOperator: String, Hashable, Sendable, CaseIterable {
  /// `>=`.
  case atLeast = ">="
  /// `<=`.
  case atMost = "<="
  /// `>`.
  case above = ">"
  /// `<`.
  case below = "<"
  /// `==`.
  case equal = "=="

  /// Whether `value` meets `bound` under this operator.
  public func holds(_ value: Double, _ bound: Double) -> Bool {
    switch self {
    case .atLeast: return value >= bound
    case .atMost: return value <= bound
    case .above: return value > bound
    case .below: return value < bound
    case .equal: return value == bound
    }
  }
}

/// One metric threshold, for example `auc >= 0.85`.
public struct Threshold: Hashable, Sendable {
  /// The metric name: a key of the metrics JSON, or a dotted path into nested objects.
  public var metric: String
  /// The comparison.
  public var op: ThresholdOperator
  /// The bound.
  public var bound: Double
  /// The bound as the contract spells it.
  public var boundText: String

  /// Creates a threshold.
  public init(metric: String, op: ThresholdOperator, bound: Double, boundText: String) {
    self.metric = metric
    self.op = op
    self.bound = bound
    self.boundText = boundText
  }

  /// `auc >= 0.85`.
  public var text: String { "\(metric) \(op.rawValue) \(boundText)" }
}

/// `[performance]`: evaluation metrics that must meet thresholds and match the snapshot.
public struct PerformanceRules: Hashable, Sendable {
  /// `metrics`: the metrics JSON file, project-relative.
  public var metrics: String
  /// `thresholds`: metric bounds, in contract order.
  public var thresholds: [Threshold]
  /// `sha256`: the expected SHA-256 of the metrics file, when pinned in the contract.
  public var sha256: Digest?

  /// Creates performance rules.
  public init(metrics: String, thresholds: [Threshold] = [], sha256: Digest? = nil) {
    self.metrics = metrics
    self.thresholds = thresholds
    self.sha256 = sha256
  }
}

/// `[tests]`: a coverage report and its minimum line rates.
public struct CoverageRules: Hashable, Sendable {
  /// `coverage`: a coverage.py JSON report or a Cobertura XML report, project-relative.
  public var report: String
  /// `min_line_rate`: the overall minimum, 0 to 1.
  public var minLineRate: Double?
  /// `paths`: minimum line rates for files under a path prefix, in contract order.
  public var paths: [(path: String, minLineRate: Double)]

  /// Creates coverage rules.
  public init(report: String, minLineRate: Double? = nil, paths: [(path: String, minLineRate: Double)] = []) {
    self.report = report
    self.minLineRate = minLineRate
    self.paths = paths
  }

  /// Equality over every field.
  public static func == (lhs: CoverageRules, rhs: CoverageRules) -> Bool {
    lhs.report == rhs.report && lhs.minLineRate == rhs.minLineRate
      && lhs.paths.map(\.path) == rhs.paths.map(\.path)
      && lhs.paths.map(\.minLineRate) == rhs.paths.map(\.minLineRate)
  }

  /// Hashes consistently with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(report)
    hasher.combine(minLineRate)
    for p in paths {
      hasher.combine(p.path)
      hasher.combine(p.minLineRate)
    }
  }
}

/// `[resources]`: what the environment needs from the machine that runs it.
public struct ResourceRules: Hashable, Sendable {
  /// `cpu_cores`: logical CPUs.
  public var cpuCores: Int?
  /// `memory`: physical memory in bytes.
  public var memoryBytes: Int64?
  /// `gpus`: number of GPUs.
  public var gpus: Int?
  /// `gpu_memory`: memory of each required GPU in bytes.
  public var gpuMemoryBytes: Int64?
  /// `disk`: disk space in bytes; must cover the environment's packages and data.
  public var diskBytes: Int64?
  /// `wheels`: with a target, the target must be able to install the snapshot's wheels.
  public var wheels: Bool

  /// Creates resource rules.
  public init(
    cpuCores: Int? = nil, memoryBytes: Int64? = nil, gpus: Int? = nil, gpuMemoryBytes: Int64? = nil,
    diskBytes: Int64? = nil, wheels: Bool = true
  ) {
    self.cpuCores = cpuCores
    self.memoryBytes = memoryBytes
    self.gpus = gpus
    self.gpuMemoryBytes = gpuMemoryBytes
    self.diskBytes = diskBytes
    self.wheels = wheels
  }

  /// True when a host capacity (CPU, memory, GPU) is declared.
  public var declaresHostNeeds: Bool {
    cpuCores != nil || memoryBytes != nil || gpus != nil || gpuMemoryBytes != nil
  }
}

/// `[environment]`: variables, data files, signature and age of the snapshot.
public struct EnvironmentRules: Hashable, Sendable {
  /// `required`: variables that must be set.
  public var required: [String]
  /// `forbidden`: variables that must not be set.
  public var forbidden: [String]
  /// `equal`: variables that must have exactly this value, in contract order.
  public var equal: [(name: String, value: String)]
  /// `data`: data files that must be captured with this SHA-256, in contract order.
  public var data: [(path: String, sha256: Digest)]
  /// `signed_by`: minisign public key files, relative to the contract; one must have signed the snapshot.
  public var signedBy: [String]
  /// `max_age`: the oldest acceptable capture, in seconds.
  public var maxAgeSeconds: Int64?
  /// `max_age` as the contract spells it, for example `30d`.
  public var maxAgeText: String?

  /// Creates environment rules.
  public init(
    required: [String] = [], forbidden: [String] = [], equal: [(name: String, value: String)] = [],
    data: [(path: String, sha256: Digest)] = [], signedBy: [String] = [], maxAgeSeconds: Int64? = nil,
    maxAgeText: String? = nil
  ) {
    self.required = required
    self.forbidden = forbidden
    self.equal = equal
    self.data = data
    self.signedBy = signedBy
    self.maxAgeSeconds = maxAgeSeconds
    self.maxAgeText = maxAgeText
  }

  /// True when any variable rule is present.
  public var hasVariableRules: Bool { !required.isEmpty || !forbidden.isEmpty || !equal.isEmpty }

  /// Equality over every field.
  public static func == (lhs: EnvironmentRules, rhs: EnvironmentRules) -> Bool {
    lhs.required == rhs.required && lhs.forbidden == rhs.forbidden
      && lhs.equal.map { $0.name + "=" + $0.value } == rhs.equal.map { $0.name + "=" + $0.value }
      && lhs.data.map { $0.path + "=" + $0.sha256.hex } == rhs.data.map { $0.path + "=" + $0.sha256.hex }
      && lhs.signedBy == rhs.signedBy && lhs.maxAgeSeconds == rhs.maxAgeSeconds
  }

  /// Hashes consistently with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(required)
    hasher.combine(forbidden)
    hasher.combine(equal.map { $0.name + "=" + $0.value })
    hasher.combine(data.map { $0.path + "=" + $0.sha256.hex })
    hasher.combine(signedBy)
    hasher.combine(maxAgeSeconds)
  }
}
