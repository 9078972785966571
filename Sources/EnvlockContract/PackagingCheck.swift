// `[packaging]`: the project is a package (PEP 621 `[project]` name and version, a PEP 517
// `[build-system] build-backend`) and follows a layout (`src/<package>/` or `<package>/`).

import EnvlockPackaging
import EnvlockTOML

/// Checks the packaging rules.
enum PackagingCheck {
  static func run(_ rules: PackagingRules, _ input: CheckInput) -> [RuleResult] {
    var gaps: [String] = []
    var evidence: [String] = []
    var projectName: String?
    if let file = input.projectFile("pyproject.toml") {
      if let root = try? TOMLDocument.parse(file.text, file: "pyproject.toml") {
        let project = root["project"]?.table
        let dynamic = project?["dynamic"]?.array?.compactMap { $0.string } ?? []
        projectName = project?["name"]?.string
        let version = project?["version"]?.string
        let backend = root["build-system"]?.table?["build-backend"]?.string
        if project == nil { gaps.append("pyproject.toml has no `[project]` table") }
        if project != nil, projectName == nil { gaps.append("pyproject.toml `[project]` has no `name`") }
        if project != nil, version == nil, !dynamic.contains("version") {
          gaps.append("pyproject.toml `[project]` has no `version` (and does not list it in `dynamic`)")
        }
        if backend == nil { gaps.append("pyproject.toml has no `[build-system] build-backend`") }
        if let projectName, let backend {
          evidence.append(
            "\(projectName) \(version ?? "(dynamic version)"), built by \(backend) (pyproject.toml \(file.origin))"
          )
        }
      } else {
        gaps.append("pyproject.toml is not valid TOML")
      }
    } else {
      gaps.append("the project has no pyproject.toml")
    }
    var out: [RuleResult] = [
      .judge(
        "packaging.project", gaps: gaps, passed: "the project is a package",
        failed: "the project is not a package",
        evidence: evidence,
        fix:
          "add a pyproject.toml with `[project]` name and version and a `[build-system]` (for example `build-backend = \"hatchling.build\"`); `uv init --package` writes one"
      )
    ]
    if rules.layout != nil || rules.package != nil {
      out.append(layout(rules, projectName, input))
    }
    return out
  }

  static func layout(_ rules: PackagingRules, _ projectName: String?, _ input: CheckInput) -> RuleResult {
    guard
      let package = rules.package
        ?? projectName.map({ PackageName.normalize($0).replacingOccurrences(of: "-", with: "_") })
    else {
      return .fail(
        "packaging.layout", "the package directory is unknown",
        ["no `packaging.package` and no `[project] name`"],
        fix: "set `package = \"your_package\"` under `[packaging]`")
    }
    let candidates: [(PackageLayout, String)] = [(.src, "src/\(package)"), (.flat, package)]
    let wanted = candidates.filter { rules.layout == nil || $0.0 == rules.layout }
    for (_, dir) in wanted where input.exists(dir + "/__init__.py") {
      return .pass(
        "packaging.layout",
        "the package is `\(dir)/`" + (rules.layout.map { " (\($0.rawValue) layout)" } ?? ""))
    }
    let other = candidates.first { !wanted.map(\.1).contains($0.1) && input.exists($0.1 + "/__init__.py") }
    var evidence = wanted.map { "no `\($0.1)/__init__.py`" }
    if let other { evidence.append("found `\(other.1)/` instead (\(other.0.rawValue) layout)") }
    return .fail(
      "packaging.layout",
      "the package `\(package)` is not in the \(rules.layout.map { "\($0.rawValue) " } ?? "")layout",
      evidence,
      fix: rules.layout == .src
        ? "move the package to `src/\(package)/` with an `__init__.py`"
        : "create `\(wanted.first!.1)/__init__.py`, or set `packaging.package` to the real directory name")
  }
}
