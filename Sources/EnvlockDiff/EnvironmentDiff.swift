// The entry point: compare two snapshots section by section, explain the differences (root
// causes, dependency reasoning, broken requirements, CUDA), rank them and summarize.

import EnvlockAnalysis
import EnvlockModel

/// Compares two environments and explains why they differ, most important cause first.
public enum EnvironmentDiff {
  /// Diffs A and B. Pure: no I/O beyond the inputs' config-content lookups.
  public static func compare(_ a: DiffInput, _ b: DiffInput, options: DiffOptions = DiffOptions())
    -> DiffReport
  {
    let sa = a.snapshot
    let sb = b.snapshot
    var n = SnapshotNormalizer(projectRootA: sa.capture.projectRoot, projectRootB: sb.capture.projectRoot)
    n.absorbCaptureInfo(sa.capture, sb.capture)
    let wants = options.categories
    var findings: [Finding] = []
    // Every section is compared when it could explain a selected one; filtering happens at the end.
    findings += InterpreterComparer.compare(sa.interpreter, sb.interpreter, &n)
    findings += HostComparer.compare(sa.host, sb.host)
    let pa = PythonPackageComparer.index(sa.pythonPackages)
    let pb = PythonPackageComparer.index(sb.pythonPackages)
    findings += PythonPackageComparer.compare(pa, pb, &n)
    findings += CondaComparer.compare(sa.condaPackages, sb.condaPackages)
    if wants.contains(.system) {
      var linkedBy: [String: [String]] = [:]
      for p in sb.pythonPackages {
        for dep in p.systemDependencies { linkedBy[dep, default: []].append(p.name) }
      }
      findings += SystemPackageComparer.compare(sa.systemPackages, sb.systemPackages, linkedBy: linkedBy)
    }
    if wants.contains(.environment) {
      findings += EnvironmentComparer.compare(sa.environment, sb.environment, &n)
    }
    if wants.contains(.data) { findings += DataFileComparer.compare(sa.dataFiles, sb.dataFiles, &n) }
    if wants.contains(.config) { findings += ConfigComparer.compare(a, b) }
    if wants.contains(.notebooks) { findings += NotebookComparer.compare(sa.notebooks, sb.notebooks) }

    if wants.contains(.python) || wants.contains(.requirements) {
      let graphA = RequirementGraph(packages: pa, markers: sa.interpreter?.markers)
      let graphB = RequirementGraph(packages: pb, markers: sb.interpreter?.markers)
      if wants.contains(.requirements) {
        let broken = BrokenRequirementRule.findings(graphA: graphA, graphB: graphB)
        BrokenRequirementRule.annotate(&findings, graphB: graphB)
        findings += broken
      }
      DependencyRule.apply(&findings, graphA: graphA, graphB: graphB)
    }
    findings += CUDARule.findings(sa, sb)
    RootCauseRule.apply(&findings, a: sa, b: sb)
    findings = select(findings, wants)
    findings = sorted(findings)
    return DiffReport(
      labelA: a.label, labelB: b.label, summary: summarize(findings), findings: findings,
      normalized: n.report,
      categories: DiffCategory.allCases.filter(wants.contains))
  }

  /// Keeps findings of the selected categories; children of a dropped finding that are selected move up.
  static func select(_ findings: [Finding], _ wants: Set<DiffCategory>) -> [Finding] {
    var out: [Finding] = []
    for var f in findings {
      if wants.contains(f.category) {
        f.children = select(f.children, wants)
        out.append(f)
      } else {
        out += select(f.children, wants)
      }
    }
    return out
  }

  /// Sorts findings (and their children) most important first.
  static func sorted(_ findings: [Finding]) -> [Finding] {
    findings.map { f in
      var f = f
      f.children = sorted(f.children)
      return f
    }.sorted { l, r in
      // A root cause that explains others outranks a lone finding of the same severity.
      if l.effectiveSeverity == r.effectiveSeverity, l.children.isEmpty != r.children.isEmpty {
        return !l.children.isEmpty
      }
      return Finding.precedes(l, r)
    }
  }

  /// The most likely causes of behavioural difference, in order (at most five lines).
  static func summarize(_ findings: [Finding]) -> [String] {
    let important = findings.filter { $0.effectiveSeverity >= .medium }
    let chosen = important.isEmpty ? Array(findings.prefix(3)) : Array(important.prefix(5))
    return chosen.map { f in
      var line = f.headline
      if let why = f.cause ?? f.impact.note { line += ": " + why }
      let explained = f.count - 1
      if explained > 0 {
        let names = f.children.prefix(3).map(\.subject).joined(separator: ", ")
        line += " (explains \(explained) more: \(names)\(f.children.count > 3 ? ", ..." : ""))"
      }
      return line
    }
  }
}
