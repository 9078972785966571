// Reads a handoff contract: TOML syntax through EnvlockTOML, then every key checked against the
// schema below. The parsed tables know the line of each key, so every error names the file, the
// line and what to write instead.

import EnvlockModel
import EnvlockPackaging
import EnvlockProject
import EnvlockTOML
import Foundation

/// Finds, reads and parses handoff contracts.
public enum ContractParser {
  /// The contract's own file name, looked for in the project directory first.
  public static let fileName = "handoff.toml"

  /// The rule families and their keys, in documentation order.
  public static let schema: [(family: String, keys: [String])] = [
    ("interpreter", ["implementation", "version"]),
    (
      "dependencies",
      ["files", "pin", "satisfied", "consistent", "sources", "source_exempt", "allow", "deny"]
    ),
    ("packaging", ["layout", "package"]),
    ("schemas", ["files", "modules"]),
    ("performance", ["metrics", "thresholds", "sha256"]),
    ("tests", ["coverage", "min_line_rate", "paths"]),
    ("resources", ["cpu_cores", "memory", "gpus", "gpu_memory", "disk", "wheels"]),
    ("environment", ["required", "forbidden", "equal", "data", "signed_by", "max_age"]),
  ]

  /// The contract of a project: `handoff.toml`, else the `[contract]` table of envlock.toml.
  public static func find(projectRoot: String) throws(ContractError) -> Contract {
    let root = projectRoot.hasSuffix("/") ? String(projectRoot.dropLast()) : projectRoot
    let handoff = root + "/" + fileName
    let project = root + "/" + ProjectFile.fileName
    if FileManager.default.fileExists(atPath: handoff) { return try load(path: handoff) }
    if FileManager.default.fileExists(atPath: project) {
      let bytes = try read(project)
      if let contract = try parse(bytes: bytes, file: project, requireContractTable: true) { return contract }
    }
    throw .notFound(searched: [handoff, project + " [contract]"])
  }

  /// Reads the contract at `path`: a file holding a `[contract]` table (such as envlock.toml) is
  /// read from that table, any other file is the contract itself.
  public static func load(path: String) throws(ContractError) -> Contract {
    let bytes = try read(path)
    let isProjectFile = (path as NSString).lastPathComponent == ProjectFile.fileName
    guard let contract = try parse(bytes: bytes, file: path, requireContractTable: isProjectFile) else {
      throw .empty(file: path)
    }
    return contract
  }

  /// Parses contract text. A top-level `[contract]` table, when present, holds the rules; with
  /// `requireContractTable` a file without one yields nil.
  public static func parse(_ text: String, file: String = fileName, requireContractTable: Bool = false)
    throws(ContractError) -> Contract?
  {
    try parse(bytes: Array(text.utf8), file: file, requireContractTable: requireContractTable)
  }

  static func parse(bytes: [UInt8], file: String, requireContractTable: Bool) throws(ContractError)
    -> Contract?
  {
    let root: TOMLTable
    do {
      root = try TOMLDocument.parse(bytes: bytes, file: file)
    } catch {
      throw .invalidFile(error)
    }
    let reader = ContractReader(file: file, root: root)
    var table = root
    var prefix: [String] = []
    if let nested = root["contract"] {
      guard let contractTable = nested.table else {
        throw reader.wrongType(["contract"], expected: "a table", value: nested)
      }
      table = contractTable
      prefix = ["contract"]
    } else if requireContractTable {
      return nil
    } else {
      try reader.checkKeys(root, path: [], known: schema.map(\.family))
    }
    if !prefix.isEmpty { try reader.checkKeys(table, path: prefix, known: schema.map(\.family)) }
    var contract = Contract(file: file)
    for (family, keys) in schema {
      guard let value = table[family] else { continue }
      let path = prefix + [family]
      guard let section = value.table else { throw reader.wrongType(path, expected: "a table", value: value) }
      try reader.checkKeys(section, path: path, known: keys)
      try contract.read(family, section, path, reader)
    }
    if contract.isEmpty { throw .empty(file: file) }
    return contract
  }

  /// The bytes of the file at `path`; bytes that are not UTF-8 are a syntax error with their line.
  private static func read(_ path: String) throws(ContractError) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .cannotRead(file: path, reason: "no such file, permission denied or not a regular file")
    }
    return [UInt8](data)
  }
}

extension Contract {
  fileprivate mutating func read(_ family: String, _ t: TOMLTable, _ p: [String], _ r: ContractReader)
    throws(ContractError)
  {
    switch family {
    case "interpreter":
      var rules = InterpreterRules()
      if let value = t["implementation"] {
        if let one = value.string {
          rules.implementations = [one.lowercased()]
        } else {
          rules.implementations = try r.strings(t, p, "implementation")?.map { $0.lowercased() } ?? []
        }
      }
      rules.version = try r.specifiers(t, p, "version")
      interpreter = rules
    case "dependencies":
      var rules = DependencyRules()
      rules.files = try r.strings(t, p, "files")
      if let text = try r.string(t, p, "pin") {
        guard let policy = PinPolicy(rawValue: text) else {
          throw r.invalid(
            p + ["pin"], "not a pinning policy: \(text)",
            hint: "use one of \(PinPolicy.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "))")
        }
        rules.pin = policy
      }
      rules.satisfied = try r.bool(t, p, "satisfied") ?? true
      rules.consistent = try r.bool(t, p, "consistent") ?? true
      if let kinds = try r.strings(t, p, "sources") {
        rules.sources = []
        for kind in kinds {
          guard let source = SourceKind(rawValue: kind) else {
            throw r.invalid(
              p + ["sources"], "not a source kind: \(kind)",
              hint: "use any of \(SourceKind.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", "))")
          }
          rules.sources.append(source)
        }
      }
      rules.sourceExempt = try r.strings(t, p, "source_exempt")?.map { PackageName.normalize($0) } ?? []
      rules.allow = try r.requirements(t, p, "allow")
      rules.deny = try r.requirements(t, p, "deny") ?? []
      dependencies = rules
    case "packaging":
      var rules = PackagingRules()
      if let text = try r.string(t, p, "layout") {
        guard let layout = PackageLayout(rawValue: text) else {
          throw r.invalid(p + ["layout"], "not a layout: \(text)", hint: "use `src` or `flat`")
        }
        rules.layout = layout
      }
      if let name = try r.string(t, p, "package") {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
          throw r.invalid(
            p + ["package"], "not an import package name: \(name)",
            hint: "write the directory name Python imports, for example `churn_model`")
        }
        rules.package = name
      }
      packaging = rules
    case "schemas":
      var rules = SchemaRules()
      rules.files = try r.strings(t, p, "files") ?? []
      rules.modules = try r.strings(t, p, "modules") ?? []
      for module in rules.modules where !Contract.isDottedName(module) {
        throw r.invalid(
          p + ["modules"], "not a dotted module name: \(module)",
          hint: "write modules as Python imports them, for example `churn.schemas.input`")
      }
      schemas = rules
    case "performance":
      guard let metrics = try r.string(t, p, "metrics") else {
        throw r.invalid(
          p, "`metrics` is required", hint: "name the metrics JSON file: `metrics = \"reports/metrics.json\"`"
        )
      }
      var rules = PerformanceRules(metrics: metrics)
      if let value = t["thresholds"] {
        guard let table = value.table else {
          throw r.wrongType(p + ["thresholds"], expected: "a table of `metric = \">= 0.85\"`", value: value)
        }
        for key in r.orderedKeys(table, p + ["thresholds"]) {
          rules.thresholds.append(try r.threshold(table[key]!, path: p + ["thresholds", key], metric: key))
        }
      }
      if let text = try r.string(t, p, "sha256") {
        guard let digest = Digest(hex: text.hasPrefix("sha256:") ? String(text.dropFirst(7)) : text) else {
          throw r.invalid(p + ["sha256"], "not a SHA-256 digest: \(text)", hint: "write 64 hex digits")
        }
        rules.sha256 = digest
      }
      performance = rules
    case "tests":
      guard let report = try r.string(t, p, "coverage") else {
        throw r.invalid(
          p, "`coverage` is required",
          hint:
            "name the report: `coverage = \"coverage.json\"` (coverage.py JSON) or `\"coverage.xml\"` (Cobertura)"
        )
      }
      var rules = CoverageRules(report: report)
      rules.minLineRate = try r.rate(t, p, "min_line_rate")
      if let value = t["paths"] {
        guard let table = value.table else {
          throw r.wrongType(p + ["paths"], expected: "a table of `\"src/pkg\" = 0.9`", value: value)
        }
        for key in r.orderedKeys(table, p + ["paths"]) {
          rules.paths.append((key, try r.rate(table, p + ["paths"], key)!))
        }
      }
      tests = rules
    case "resources":
      var rules = ResourceRules()
      rules.cpuCores = try r.count(t, p, "cpu_cores")
      rules.memoryBytes = try r.size(t, p, "memory")
      rules.gpus = try r.count(t, p, "gpus")
      rules.gpuMemoryBytes = try r.size(t, p, "gpu_memory")
      rules.diskBytes = try r.size(t, p, "disk")
      rules.wheels = try r.bool(t, p, "wheels") ?? true
      resources = rules
    case "environment":
      var rules = EnvironmentRules()
      rules.required = try r.strings(t, p, "required") ?? []
      rules.forbidden = try r.strings(t, p, "forbidden") ?? []
      if let value = t["equal"] {
        guard let table = value.table else {
          throw r.wrongType(p + ["equal"], expected: "a table of `NAME = \"value\"`", value: value)
        }
        for key in r.orderedKeys(table, p + ["equal"]) {
          guard let text = try r.string(table, p + ["equal"], key) else { continue }
          rules.equal.append((key, text))
        }
      }
      if let value = t["data"] {
        guard let table = value.table else {
          throw r.wrongType(p + ["data"], expected: "a table of `\"path\" = \"<sha256>\"`", value: value)
        }
        for key in r.orderedKeys(table, p + ["data"]) {
          guard let text = try r.string(table, p + ["data"], key) else { continue }
          guard let digest = Digest(hex: text.hasPrefix("sha256:") ? String(text.dropFirst(7)) : text) else {
            throw r.invalid(
              p + ["data", key], "not a SHA-256 digest: \(text)",
              hint: "write the 64 hex digits `sha256sum` prints for the file")
          }
          rules.data.append((key, digest))
        }
      }
      rules.signedBy = try r.strings(t, p, "signed_by") ?? []
      if let text = try r.string(t, p, "max_age") {
        guard let seconds = Contract.parseDuration(text) else {
          throw r.invalid(
            p + ["max_age"], "not a duration: \(text)",
            hint: "write a number and a unit: `30d`, `12h`, `90m`, `2w`")
        }
        rules.maxAgeSeconds = seconds
        rules.maxAgeText = text
      }
      environment = rules
    default:
      break
    }
  }

  static func isDottedName(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return !parts.isEmpty
      && parts.allSatisfy { part in
        guard let first = part.first, first.isLetter || first == "_" else { return false }
        return part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
      }
  }

  /// Seconds in `30d`, `12h`, `90m`, `45s`, `2w`; nil for anything else.
  static func parseDuration(_ text: String) -> Int64? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let unit = trimmed.last,
      let number = Int64(trimmed.dropLast().trimmingCharacters(in: .whitespaces)),
      number > 0
    else { return nil }
    let scale: Int64
    switch unit {
    case "s": scale = 1
    case "m": scale = 60
    case "h": scale = 3600
    case "d": scale = 86_400
    case "w": scale = 604_800
    default: return nil
    }
    return number.multipliedReportingOverflow(by: scale).overflow ? nil : number * scale
  }

  /// Bytes in `16 GiB`, `512MB`, `2T` (binary), or a plain integer; nil for anything else.
  static func parseSize(_ text: String) -> Int64? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let digits = trimmed.prefix { $0.isNumber || $0 == "." }
    guard let number = Double(digits), number >= 0 else { return nil }
    let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
    let units: [String: Double] = [
      "": 1, "b": 1, "k": 1024, "kib": 1024, "kb": 1000, "m": 1_048_576, "mib": 1_048_576, "mb": 1e6,
      "g": 1_073_741_824, "gib": 1_073_741_824, "gb": 1e9, "t": 1_099_511_627_776, "tib": 1_099_511_627_776,
      "tb": 1e12,
    ]
    guard let scale = units[unit] else { return nil }
    let bytes = number * scale
    guard bytes < 9e18 else { return nil }
    return Int64(bytes.rounded())
  }
}

/// Typed access to TOML values with errors that name the key and its line.
private struct ContractReader: TOMLFieldReading {
  let file: String
  let root: TOMLTable

  func line(_ path: [String]) -> Int { line(of: path) }

  /// The keys of a table in the order they appear in the file.
  func orderedKeys(_ table: TOMLTable, _ path: [String]) -> [String] {
    table.keys.sorted { (line(path + [$0]), $0) < (line(path + [$1]), $1) }
  }

  func failure(_ error: TOMLFileError) -> ContractError { .invalidFile(error) }

  /// The error for a value that the packaging parser rejected: `underlying` says why.
  func invalid(_ path: [String], _ reason: String, hint: String, underlying: PackagingError) -> ContractError
  {
    .invalidFile(
      .invalidValue(
        file: file, line: line(path), key: path.joined(separator: "."), reason: reason, hint: hint),
      underlying: underlying)
  }

  func count(_ table: TOMLTable, _ section: [String], _ key: String) throws(ContractError) -> Int? {
    guard let value = table[key] else { return nil }
    guard let number = value.int else {
      throw wrongType(section + [key], expected: "an integer", value: value)
    }
    guard number >= 0 else {
      throw invalid(section + [key], "a count cannot be negative: \(number)", hint: "write 0 or more")
    }
    return number
  }

  func size(_ table: TOMLTable, _ section: [String], _ key: String) throws(ContractError) -> Int64? {
    guard let value = table[key] else { return nil }
    if let number = value.int {
      guard number >= 0 else {
        throw invalid(
          section + [key], "a size cannot be negative: \(number)", hint: "write a size like `16 GiB`")
      }
      return Int64(number)
    }
    guard let text = value.string else {
      throw wrongType(section + [key], expected: "a size such as \"16 GiB\"", value: value)
    }
    guard let bytes = Contract.parseSize(text) else {
      throw invalid(
        section + [key], "not a size: \(text)", hint: "write a number and a unit: `16 GiB`, `512 MB`, `2 TB`")
    }
    return bytes
  }

  func rate(_ table: TOMLTable, _ section: [String], _ key: String) throws(ContractError) -> Double? {
    guard let value = table[key] else { return nil }
    guard let number = value.double ?? value.int.map(Double.init) else {
      throw wrongType(section + [key], expected: "a number from 0 to 1", value: value)
    }
    guard (0...1).contains(number) else {
      throw invalid(
        section + [key], "a line rate is a fraction from 0 to 1: \(number)",
        hint: "write 0.8 for 80%")
    }
    return number
  }

  func specifiers(_ table: TOMLTable, _ section: [String], _ key: String) throws(ContractError)
    -> SpecifierSet?
  {
    guard let text = try string(table, section, key) else { return nil }
    do {
      return try SpecifierSet(text)
    } catch {
      throw invalid(
        section + [key], "not a PEP 440 version range: \(text)",
        hint: "write specifiers separated by commas, for example `>=3.10,<3.13`", underlying: error)
    }
  }

  func requirements(_ table: TOMLTable, _ section: [String], _ key: String) throws(ContractError)
    -> [Requirement]?
  {
    guard let texts = try strings(table, section, key) else { return nil }
    var out: [Requirement] = []
    for text in texts {
      let requirement: Requirement
      do {
        requirement = try Requirement(text)
      } catch {
        throw invalid(
          section + [key], "not a package name with an optional version range: \(text)",
          hint: "write entries like `torch>=2.1,<2.3` or `tensorflow`", underlying: error)
      }
      guard requirement.url == nil, requirement.marker == nil else {
        throw invalid(
          section + [key], "only a name and a version range are allowed: \(text)",
          hint: "write entries like `torch>=2.1,<2.3` or `tensorflow`")
      }
      out.append(requirement)
    }
    return out
  }

  func threshold(_ value: TOMLValue, path: [String], metric: String) throws(ContractError)
    -> Threshold
  {
    guard let text = value.string else {
      throw wrongType(path, expected: "a comparison string such as \">= 0.85\"", value: value)
    }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    for op in [ThresholdOperator.atLeast, .atMost, .equal, .above, .below]
    where trimmed.hasPrefix(op.rawValue) {
      let number = trimmed.dropFirst(op.rawValue.count).trimmingCharacters(in: .whitespaces)
      if let bound = Double(number), bound.isFinite {
        return Threshold(metric: metric, op: op, bound: bound, boundText: number)
      }
    }
    throw invalid(
      path, "not a threshold: \(text)", hint: "write an operator and a number: `>= 0.85`, `<= 40`, `< 0.1`")
  }
}
