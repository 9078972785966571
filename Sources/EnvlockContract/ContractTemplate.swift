// The starter handoff.toml that `envlock init` writes: the interpreter range and the dependency
// files found in the project filled in, every other rule present but commented out, each explained.

import EnvlockProject
import EnvlockTOML
import Foundation

/// What the starter contract is filled from.
public struct ContractDiscovery: Hashable, Sendable {
  /// The Python version of the project's virtual environment (`pyvenv.cfg`), for example `3.11.2`.
  public var pythonVersion: String?
  /// The declared dependency files in the project root.
  public var dependencyFiles: [String]
  /// The project's import package and its layout, when pyproject.toml names one that exists.
  public var package: (name: String, layout: PackageLayout)?

  /// Creates a discovery result.
  public init(
    pythonVersion: String? = nil, dependencyFiles: [String] = [],
    package: (name: String, layout: PackageLayout)? = nil
  ) {
    self.pythonVersion = pythonVersion
    self.dependencyFiles = dependencyFiles
    self.package = package
  }

  /// Equality over every field.
  public static func == (lhs: ContractDiscovery, rhs: ContractDiscovery) -> Bool {
    lhs.pythonVersion == rhs.pythonVersion && lhs.dependencyFiles == rhs.dependencyFiles
      && lhs.package?.name == rhs.package?.name && lhs.package?.layout == rhs.package?.layout
  }

  /// Hashes consistently with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(pythonVersion)
    hasher.combine(dependencyFiles)
    hasher.combine(package?.name)
    hasher.combine(package?.layout)
  }

  /// Looks at the project root: the virtual environment's `pyvenv.cfg`, dependency files, pyproject.toml.
  public static func scan(projectRoot: String) -> ContractDiscovery {
    let fm = FileManager.default
    let project = ProjectDiscovery.scan(projectRoot: projectRoot)
    var result = ContractDiscovery()
    if let venv = project.virtualEnvironment,
      let cfg = try? String(contentsOfFile: projectRoot + "/" + venv + "/pyvenv.cfg", encoding: .utf8)
    {
      for line in cfg.split(separator: "\n") {
        let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2, parts[0] == "version" || parts[0] == "version_info" {
          result.pythonVersion = parts[1]
          break
        }
      }
    }
    let names = ((try? fm.contentsOfDirectory(atPath: projectRoot)) ?? []).sorted()
    result.dependencyFiles = names.filter {
      $0 == "pyproject.toml" || $0 == "uv.lock" || $0 == "poetry.lock"
        || ($0.hasPrefix("requirements") && $0.hasSuffix(".txt"))
    }
    if let text = try? String(contentsOfFile: projectRoot + "/pyproject.toml", encoding: .utf8),
      let name = (try? TOMLDocument.parse(text, file: "pyproject.toml"))?["project"]?.table?["name"]?.string
    {
      let package = name.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(
        of: ".", with: "_")
      if fm.fileExists(atPath: "\(projectRoot)/src/\(package)/__init__.py") {
        result.package = (package, .src)
      } else if fm.fileExists(atPath: "\(projectRoot)/\(package)/__init__.py") {
        result.package = (package, .flat)
      }
    }
    return result
  }
}

/// Renders and writes the starter contract.
public enum ContractTemplate {
  /// The text of a starter handoff.toml for what `discovery` found.
  public static func render(_ discovery: ContractDiscovery) -> String {
    let version: String
    if let found = discovery.pythonVersion, let minor = minorVersion(found) {
      version =
        "version = \">=\(minor.0).\(minor.1),<\(minor.0).\(minor.1 + 1)\"  # the venv runs Python \(found)"
    } else {
      version = "version = \">=3.10,<3.14\"  # no virtual environment found: adjust to the Python you deploy"
    }
    let files =
      discovery.dependencyFiles.isEmpty
      ? "# files = [\"requirements.txt\"]  # none found yet: by default pyproject.toml, requirements*.txt, uv.lock, poetry.lock"
      : "files = [\(discovery.dependencyFiles.map { "\"\($0)\"" }.joined(separator: ", "))]"
    let layout =
      discovery.package.map { "# layout = \"\($0.layout.rawValue)\"\n# package = \"\($0.name)\"" }
      ?? "# layout = \"src\"            # `src` (src/<package>/) or `flat` (<package>/)\n# package = \"my_package\"     # default: [project] name with `-` as `_`"
    return """
      # envlock handoff contract: what this project must meet before it is handed to production.
      # `envlock check SNAPSHOT` evaluates every rule below and exits 0 (all pass) or 1 (any fails).
      # Reference: Docs/contract.md. Unknown keys are an error, so a typo never disables a rule.
      # Rules that are commented out are not checked: agree on them, then uncomment.

      [interpreter]
      # The Python implementation(s) and PEP 440 version range the environment must run on.
      implementation = ["cpython"]
      \(version)

      [dependencies]
      # The declared dependency files (project-relative).
      \(files)
      # How strictly they pin: "exact" (==), "exact-or-hashed" (== or --hash), or "none".
      # Lock files (uv.lock, poetry.lock) and requirements files are judged when present, else pyproject.toml.
      pin = "exact"
      # The installed packages must satisfy every declared requirement ...
      satisfied = true
      # ... and each other's requirements (pip check).
      consistent = true
      # Allowed sources of installed packages: index, vcs, url, file, local, editable, unknown.
      sources = ["index", "vcs", "url"]
      # Packages exempt from `sources`, for example the project itself while it is installed editable.
      source_exempt = []
      # allow = ["numpy>=1.26,<2", "pandas"]   # when set, only these packages (and ranges) may be installed
      # deny = ["tensorflow", "requests<2.31"]  # these may never be installed

      # [packaging]
      # The project is a package: pyproject.toml with [project] name and version and a build backend.
      \(layout)

      # [schemas]
      # Input/output schemas that must exist and be captured (add them to [data] paths in envlock.toml).
      # files = ["schemas/input.json", "schemas/output.json"]
      # modules = ["my_package.schemas"]

      # [performance]
      # The evaluation's metrics (JSON). Its SHA-256 must be recorded in the snapshot (add it to
      # [data] paths), so the numbers cannot drift from the environment that produced them.
      # metrics = "reports/metrics.json"
      # sha256 = "<64 hex digits>"   # optional: pin the exact metrics file
      # [performance.thresholds]
      # auc = ">= 0.85"
      # p95_latency_ms = "<= 40"

      # [tests]
      # A coverage report: coverage.py JSON (`coverage json`) or Cobertura XML (`coverage xml`).
      # coverage = "coverage.json"
      # min_line_rate = 0.8
      # [tests.paths]
      # "src/my_package/model" = 0.9

      # [resources]
      # What the model needs from the machine; checked against `--target prod.envlock`.
      # cpu_cores = 4
      # memory = "16 GiB"
      # gpus = 1
      # gpu_memory = "16 GiB"
      # disk = "20 GiB"     # must cover the installed packages and data files
      # wheels = true       # the target's interpreter, architecture and libc must accept every wheel

      # [environment]
      # required = ["MODEL_URI"]
      # forbidden = ["DEBUG"]
      # equal = { PYTHONHASHSEED = "0", OMP_NUM_THREADS = "4" }
      # data = { "data/train.parquet" = "<sha256>" }
      # signed_by = ["keys/release.pub"]   # minisign public keys, relative to this file
      # max_age = "30d"                    # s, m, h, d or w

      """
  }

  /// Writes `text` to `path`; an existing file is replaced only with `force`.
  public static func write(_ text: String, to path: String, force: Bool) throws(ContractError) {
    if !force, FileManager.default.fileExists(atPath: path) { throw .alreadyExists(file: path) }
    do {
      try Data(text.utf8).write(
        to: URL(fileURLWithPath: path), options: force ? .atomic : .withoutOverwriting)
    } catch {
      throw .writeFailed(file: path, underlying: error)
    }
  }

  private static func minorVersion(_ text: String) -> (Int, Int)? {
    let parts = text.split(separator: ".").compactMap { Int($0) }
    return parts.count >= 2 ? (parts[0], parts[1]) : nil
  }
}
