// `[dependencies]`: declared requirements pinned and satisfied by the installed packages, no broken
// requirement among them (`pip check`, from EnvlockDiff), allowed sources, allow and deny lists.

import EnvlockAnalysis
import EnvlockAnalysis
import EnvlockModel
import EnvlockPackaging

/// A snapshot's marker environment as EnvlockPackaging's marker variables.
struct SnapshotMarkerVariables: MarkerVariables {
  let environment: MarkerEnvironment
  subscript(_ name: String) -> String? { environment[name] }
}

/// Checks the dependency rules.
enum DependencyCheck {
  static func run(_ rules: DependencyRules, _ input: CheckInput) -> [RuleResult] {
    let (files, missing) = DeclaredRequirements.files(rules, input)
    var out: [RuleResult] = [declared(files, missing, rules)]
    if rules.pin != .none { out.append(pinned(files, rules.pin)) }
    if rules.satisfied { out.append(satisfied(files, input.snapshot)) }
    if rules.consistent { out.append(consistent(input.snapshot)) }
    out.append(sources(rules, input.snapshot))
    if rules.allow != nil || !rules.deny.isEmpty { out.append(allowed(rules, input.snapshot)) }
    return out
  }

  static func declared(_ files: [DeclaredFile], _ missing: [String], _ rules: DependencyRules) -> RuleResult {
    var gaps = missing.map {
      "`\($0)` is listed in the contract but is neither in the snapshot nor in the project"
    }
    gaps += files.flatMap(\.problems)
    if files.isEmpty && missing.isEmpty {
      gaps.append("no pyproject.toml with `[project]`, requirements*.txt, uv.lock or poetry.lock was found")
    }
    let evidence = files.map { "\($0.path): \($0.requirements.count) requirements (\($0.origin))" }
    return .judge(
      "dependencies.declared", gaps: gaps,
      passed: "\(files.count) declared dependency file\(files.count == 1 ? "" : "s"): "
        + files.map(\.path).joined(separator: ", "),
      failed: "the declared dependencies cannot be read", evidence: evidence,
      fix: rules.files == nil
        ? "declare the dependencies (requirements.txt, pyproject.toml or a lock file) and capture again"
        : "fix the files listed in `dependencies.files`, or the lines named above")
  }

  static func pinned(_ files: [DeclaredFile], _ policy: PinPolicy) -> RuleResult {
    let lockLevel = files.filter { $0.kind.isLockLevel }
    let judged = lockLevel.isEmpty ? files : lockLevel
    var gaps: [String] = []
    var count = 0
    for file in judged {
      for r in file.requirements {
        count += 1
        let ok = policy == .exactOrHashed ? r.pinned || r.hashed : r.pinned
        if !ok {
          gaps.append(
            "\(r.file):\(r.line): `\(r.text)` is not pinned to one version (`==`)"
              + (policy == .exactOrHashed ? " and has no `--hash`" : ""))
        }
      }
      for e in file.editables {
        gaps.append("\(file.path):\(e.line): `\(e.text)` is editable: it can be neither pinned nor hashed")
      }
    }
    let what = policy == .exact ? "pinned with `==`" : "pinned with `==` or hashed"
    return .judge(
      "dependencies.pinned", gaps: gaps,
      passed: "all \(count) requirements in \(judged.map(\.path).joined(separator: ", ")) are \(what)",
      failed: "\(gaps.count) declared requirement\(gaps.count == 1 ? " is" : "s are") not \(what)",
      fix:
        "pin every requirement to the installed version (`uv pip compile` or `pip freeze > requirements.txt`), or lock the project (`uv lock`)"
    )
  }

  static func satisfied(_ files: [DeclaredFile], _ snapshot: Snapshot) -> RuleResult {
    var installed: [String: PythonPackage] = [:]
    for p in snapshot.pythonPackages where installed[p.name] == nil { installed[p.name] = p }
    let markers = snapshot.interpreter.map { SnapshotMarkerVariables(environment: $0.markers) }
    var gaps: [String] = []
    var checked = 0
    for file in files {
      for d in file.requirements {
        let r = d.requirement
        if r.marker != nil {
          guard let markers, (try? r.applies(in: markers, context: .requirement)) == true else { continue }
        }
        let name = r.name.normalized
        guard let package = installed[name] else {
          if !d.isLock { gaps.append("\(d.file) requires \(d.text), which is not installed") }
          continue
        }
        checked += 1
        if r.url != nil { continue }
        if r.specifier.isEmpty || r.specifier.contains(package.version, prereleases: true) { continue }
        if d.isLock {
          let locked = r.specifier.specifiers.first?.versionText ?? d.text
          gaps.append("\(d.file) locks \(name) \(locked), the environment has \(package.version)")
        } else if d.pinned {
          gaps.append("\(d.file) pins \(d.text), the environment has \(package.version)")
        } else {
          gaps.append("\(d.file) requires \(d.text), the environment has \(package.version)")
        }
      }
    }
    return .judge(
      "dependencies.satisfied", gaps: gaps,
      passed: "the environment satisfies all \(checked) declared requirements that apply",
      failed:
        "\(gaps.count) declared requirement\(gaps.count == 1 ? " is" : "s are") not met by the environment",
      fix:
        "install from the declared files (`uv pip sync requirements.txt` or `pip install -r requirements.txt`) and capture again, or update the declared files to what was tested"
    )
  }

  static func consistent(_ snapshot: Snapshot) -> RuleResult {
    let broken = RequirementCheck.brokenRequirements(in: snapshot)
    return .judge(
      "dependencies.consistent", gaps: broken.map(\.message),
      passed: "no broken requirements among \(snapshot.pythonPackages.count) installed packages (pip check)",
      failed:
        "\(broken.count) broken requirement\(broken.count == 1 ? "" : "s") among the installed packages",
      fix: "install versions that satisfy each other (`pip check` lists the same), then capture again")
  }

  /// Where an installed package came from.
  static func source(_ p: PythonPackage) -> SourceKind {
    guard let url = p.directUrl else { return p.installer == nil ? .unknown : .index }
    if let dir = url.dirInfo { return dir.editable ? .editable : .local }
    if url.vcsInfo != nil { return .vcs }
    if url.archiveInfo != nil || url.url.hasPrefix("http") {
      return url.url.hasPrefix("file:") ? .file : .url
    }
    return url.url.hasPrefix("file:") ? .local : .unknown
  }

  static func sources(_ rules: DependencyRules, _ snapshot: Snapshot) -> RuleResult {
    let allowed = Set(rules.sources)
    var gaps: [String] = []
    for p in snapshot.pythonPackages where !rules.sourceExempt.contains(p.name) {
      let kind = source(p)
      guard !allowed.contains(kind) else { continue }
      let from = p.directUrl.map { " from \($0.url)" } ?? ""
      switch kind {
      case .editable: gaps.append("\(p.name) \(p.version) is an editable install\(from)")
      case .local: gaps.append("\(p.name) \(p.version) is installed from a local directory\(from)")
      case .file: gaps.append("\(p.name) \(p.version) is installed from a local archive\(from)")
      case .unknown:
        gaps.append("\(p.name) \(p.version) has an unknown source (no INSTALLER, no direct_url.json)")
      default: gaps.append("\(p.name) \(p.version) is installed from a `\(kind.rawValue)` source\(from)")
      }
    }
    let list = rules.sources.map(\.rawValue).joined(separator: ", ")
    return .judge(
      "dependencies.sources", gaps: gaps,
      passed: "every installed package comes from an allowed source (\(list))",
      failed:
        "\(gaps.count) installed package\(gaps.count == 1 ? "" : "s") from a source the contract does not allow",
      fix:
        "install these from an index or a pinned VCS URL (build the project as a wheel instead of `pip install -e .`), or list them in `dependencies.source_exempt`"
    )
  }

  static func allowed(_ rules: DependencyRules, _ snapshot: Snapshot) -> RuleResult {
    var gaps: [String] = []
    for p in snapshot.pythonPackages {
      for deny in rules.deny where deny.name.normalized == p.name {
        if deny.specifier.isEmpty || deny.specifier.contains(p.version, prereleases: true) {
          gaps.append("\(p.name) \(p.version) is denied by `\(deny)`")
        }
      }
      if let allow = rules.allow {
        let entries = allow.filter { $0.name.normalized == p.name }
        if entries.isEmpty {
          gaps.append("\(p.name) \(p.version) is not in the allow list")
        } else if !entries.contains(where: {
          $0.specifier.isEmpty || $0.specifier.contains(p.version, prereleases: true)
        }) {
          gaps.append(
            "\(p.name) \(p.version) is outside the allowed range `\(entries.map(\.description).joined(separator: "`, `"))`"
          )
        }
      }
    }
    return .judge(
      "dependencies.allowed", gaps: gaps,
      passed: "every installed package passes the allow and deny lists",
      failed: "\(gaps.count) installed package\(gaps.count == 1 ? "" : "s") break the allow or deny list",
      fix:
        "remove or replace these packages, or change `dependencies.allow` / `dependencies.deny` after review")
  }
}
