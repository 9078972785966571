// The screening step of `RebuildPlan.make`, taken first: every snapshot entry whose name, version,
// URL or path cannot be written safely in the files rebuild writes is taken out of the snapshot the
// other steps see, each with an `unrepresentable-value` hazard (grammars in OutputText.swift). A
// snapshot is input from another machine: a variable named `A=1\nRUN touch /pwned` must not become a
// Dockerfile instruction, a version must not become a requirements option.

import EnvlockModel
import EnvlockRedaction

/// The screening step: the snapshot without its unrepresentable entries, and a hazard for each.
struct Screening {
  /// The snapshot the other steps plan from.
  var snapshot: Snapshot
  /// The config file contents of the entries kept.
  var configContents: [String: [UInt8]]
  /// One `unrepresentable-value` hazard per entry or field taken out.
  var hazards: [Hazard] = []

  /// Screens `snapshot`: Python packages (name, version, direct URL, VCS fields, Requires-Python,
  /// wheel tags), conda packages, environment variable names, data and config file paths, and the
  /// interpreter's marker values and version.
  static func make(_ snapshot: Snapshot, configContents: [String: [UInt8]]) -> Screening {
    var screening = Screening(snapshot: snapshot, configContents: configContents)
    screening.screenPythonPackages()
    screening.screenCondaPackages()
    screening.screenEnvironment()
    screening.screenFiles()
    screening.screenInterpreter()
    return screening
  }

  private mutating func screenPythonPackages() {
    var kept: [PythonPackage] = []
    let leftOut = "the package is left out of the lock files"
    for var package in snapshot.pythonPackages {
      guard ValueGrammar.isPackageName(package.name) else {
        hazards.append(
          .unrepresentable(
            field: "package name", value: package.name, rule: "a PEP 508 name", consequence: leftOut))
        continue
      }
      guard ValueGrammar.isVersion(package.version) else {
        hazards.append(
          .unrepresentable(
            field: "version of \(package.name)", value: package.version, rule: "a PEP 440 version",
            consequence: leftOut))
        continue
      }
      if let direct = package.directUrl, let problem = Self.problem(of: direct) {
        hazards.append(
          .unrepresentable(
            field: "\(problem.field) of \(package.name)", value: problem.value, rule: problem.rule,
            consequence: leftOut))
        continue
      }
      if let requires = package.requiresPython, !ValueGrammar.isSpecifierSet(requires) {
        hazards.append(
          .unrepresentable(
            field: "Requires-Python of \(package.name)", value: requires, rule: "a PEP 440 specifier set",
            consequence: "pylock.toml names no `requires-python` for it"))
        package.requiresPython = nil
      }
      for tag in package.wheelTags where !ValueGrammar.isWheelTag(tag) {
        hazards.append(
          .unrepresentable(
            field: "wheel tag of \(package.name)", value: tag, rule: "a wheel tag",
            consequence: "it is not used to choose the base image or an index file"))
      }
      package.wheelTags = package.wheelTags.filter(ValueGrammar.isWheelTag)
      kept.append(package)
    }
    snapshot.pythonPackages = kept
  }

  /// The first field of a `direct_url.json` record that cannot be written in a requirement line.
  static func problem(of direct: DirectURL) -> (field: String, value: String, rule: String)? {
    let url = URLMasking.withoutCredentials(direct.url).text
    if !ValueGrammar.isURL(url) {
      return ("source URL", url, "a URL without spaces, quotes or control characters")
    }
    if let vcs = direct.vcsInfo {
      if !ValueGrammar.isVCS(vcs.vcs) {
        return ("version-control system", vcs.vcs, "one of git, hg, svn, bzr")
      }
      if !ValueGrammar.isRevision(vcs.commitId) {
        return ("commit", vcs.commitId, "a revision of letters, digits and `._+-`")
      }
    }
    if let subdirectory = direct.subdirectory, !ValueGrammar.isSubdirectory(subdirectory) {
      return ("subdirectory", subdirectory, "a relative path of letters, digits and `-._~/+@`")
    }
    return nil
  }

  private mutating func screenCondaPackages() {
    var kept: [CondaPackage] = []
    for package in snapshot.condaPackages {
      let channel = package.channel.map { URLMasking.withoutCredentials($0).text }
      let problem: (String, String)? =
        !ValueGrammar.isCondaField(package.name)
        ? ("conda package name", package.name)
        : !ValueGrammar.isCondaField(package.version, version: true)
          ? ("version of conda package \(package.name)", package.version)
          : !ValueGrammar.isCondaField(package.build)
            ? ("build of conda package \(package.name)", package.build)
            : channel.flatMap {
              ValueGrammar.isCondaChannel($0) ? nil : ("channel of conda package \(package.name)", $0)
            }
      if let (field, value) = problem {
        hazards.append(
          .unrepresentable(
            field: field, value: value, rule: "made of letters, digits and `._+-` (a channel name or URL)",
            consequence: "the build is left out of conda-packages.txt"))
        continue
      }
      kept.append(package)
    }
    snapshot.condaPackages = kept
  }

  private mutating func screenEnvironment() {
    snapshot.environment = snapshot.environment.filter { variable in
      if ValueGrammar.isEnvironmentName(variable.name) { return true }
      hazards.append(
        .unrepresentable(
          field: "environment variable name", value: variable.name,
          rule: "a name of `[A-Za-z_][A-Za-z0-9_]*`",
          consequence: "it is neither set in the image nor written to environment.env"))
      return false
    }
  }

  private mutating func screenFiles() {
    snapshot.dataFiles = snapshot.dataFiles.filter { file in
      if !ValueGrammar.isRelativePath(file.path) {
        hazards.append(
          .unrepresentable(
            field: "data file path", value: file.path,
            rule: "a relative path inside the project on one line (no `..`)",
            consequence: "it is not listed in SHA256SUMS nor recreated in the image"))
        return false
      }
      if let target = file.linkTarget, !OutputText.isOneLine(target) {
        hazards.append(
          .unrepresentable(
            field: "link target of data file \(file.path)", value: target, rule: "a path on one line",
            consequence: "the link is not recreated in the image"))
        return false
      }
      return true
    }
    snapshot.configFiles = snapshot.configFiles.filter { file in
      if ValueGrammar.isRelativePath(file.path) { return true }
      hazards.append(
        .unrepresentable(
          field: "config file path", value: file.path,
          rule: "a relative path inside the project on one line (no `..`)",
          consequence: "the file is not written and not copied into the image"))
      configContents[file.path] = nil
      return false
    }
  }

  private mutating func screenInterpreter() {
    guard let interpreter = snapshot.interpreter else { return }
    let markers = interpreter.markers
    for (name, value) in [
      ("implementation_name", markers.implementationName), ("sys_platform", markers.sysPlatform),
      ("platform_machine", markers.platformMachine),
    ] where !ValueGrammar.isMarkerValue(value) {
      hazards.append(
        .unrepresentable(
          field: "marker \(name)", value: value, rule: "a marker value of letters, digits and `._+-`",
          consequence: "pylock.toml names no `environments`"))
    }
    if !ValueGrammar.isVersion(interpreter.version) {
      hazards.append(
        .unrepresentable(
          field: "interpreter version", value: interpreter.version, rule: "a PEP 440 version",
          consequence: "pylock.toml names no `requires-python`"))
    }
  }
}
