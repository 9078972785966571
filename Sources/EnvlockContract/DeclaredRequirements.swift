// The requirements a project declares: pyproject.toml `[project] dependencies` (PEP 621),
// requirements files (pip's format: comments, continuations, `-r` includes, `--hash` options),
// and the `[[package]]` entries of uv.lock and poetry.lock.

import EnvlockPackaging
import EnvlockTOML
import Foundation

/// One declared requirement, where it was declared.
struct DeclaredRequirement: Sendable {
  /// The file that declares it.
  let file: String
  /// The 1-based line.
  let line: Int
  /// The requirement as written (options removed).
  let text: String
  /// The parsed requirement.
  let requirement: Requirement
  /// True for a lock-file entry (exactly one version, by construction).
  let isLock: Bool
  /// True when the line carries `--hash` options (or the lock entry has hashes).
  let hashed: Bool

  /// True when the requirement names exactly one version (`==` without wildcard, `===`), or a URL
  /// fixed by a commit or a hash.
  var pinned: Bool {
    if isLock { return true }
    if let url = requirement.url {
      return url.contains("#sha256=") || url.range(of: "@[0-9a-f]{40}", options: .regularExpression) != nil
    }
    let specs = requirement.specifier.specifiers
    return specs.count == 1 && (specs[0].op == .equal && !specs[0].isWildcard || specs[0].op == .arbitrary)
  }
}

/// The kind of a declared dependency file.
enum DeclaredFileKind: Sendable {
  case pyproject, requirements, uvLock, poetryLock

  /// The kind of a file, by name.
  init?(path: String) {
    let name = (path as NSString).lastPathComponent
    switch name {
    case "pyproject.toml": self = .pyproject
    case "uv.lock": self = .uvLock
    case "poetry.lock": self = .poetryLock
    default:
      guard name.hasSuffix(".txt") || name.hasSuffix(".in") else { return nil }
      self = .requirements
    }
  }

  /// True for files that fix versions for installation (requirements files and lock files).
  var isLockLevel: Bool { self != .pyproject }
}

/// One declared dependency file, parsed.
struct DeclaredFile: Sendable {
  let path: String
  let kind: DeclaredFileKind
  let origin: String
  var requirements: [DeclaredRequirement] = []
  /// Lines that could not be parsed, as messages.
  var problems: [String] = []
  /// Editable entries (`-e ...`), which can be neither pinned nor hashed.
  var editables: [(line: Int, text: String)] = []
}

/// Finds and parses the declared dependency files.
enum DeclaredRequirements {
  /// The files to read: the contract's list, else pyproject.toml (with `[project]`), requirements*.txt,
  /// uv.lock and poetry.lock found in the project root or among the snapshot's config files.
  static func files(_ rules: DependencyRules, _ input: CheckInput) -> (
    found: [DeclaredFile], missing: [String]
  ) {
    var found: [DeclaredFile] = []
    var missing: [String] = []
    let paths: [String]
    if let listed = rules.files {
      paths = listed
    } else {
      paths = input.rootFileNames().filter { name in
        name == "pyproject.toml" || name == "uv.lock" || name == "poetry.lock"
          || (name.hasPrefix("requirements") && name.hasSuffix(".txt"))
      }
    }
    for path in paths {
      guard let file = input.projectFile(path) else {
        missing.append(path)
        continue
      }
      let kind = DeclaredFileKind(path: path) ?? .requirements
      var parsed = DeclaredFile(path: path, kind: kind, origin: file.origin)
      switch kind {
      case .pyproject:
        guard parsePyproject(file.text, into: &parsed) else { continue }
      case .requirements:
        parseRequirements(file.text, path: path, input: input, into: &parsed, depth: 0)
      case .uvLock, .poetryLock:
        parseLock(file.text, into: &parsed)
      }
      found.append(parsed)
    }
    return (found, missing)
  }

  /// `[project] dependencies`; false when the file has no `[project]` table (and is auto-detected).
  static func parsePyproject(_ text: String, into file: inout DeclaredFile) -> Bool {
    guard let root = try? TOMLDocument.parse(text, file: file.path) else {
      file.problems.append("\(file.path): not valid TOML")
      return true
    }
    guard let project = root["project"]?.table else { return false }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let start = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("dependencies") } ?? 0
    for element in project["dependencies"]?.array ?? [] {
      guard let entry = element.string else { continue }
      let line =
        (lines[start...].firstIndex { $0.contains("\"\(entry)\"") || $0.contains("'\(entry)'") } ?? start) + 1
      add(entry, line: line, hashed: false, isLock: false, to: &file)
    }
    return true
  }

  /// pip's requirements format.
  static func parseRequirements(
    _ text: String, path: String, input: CheckInput, into file: inout DeclaredFile, depth: Int
  ) {
    var logical: [(line: Int, text: String)] = []
    var pending = ""
    var pendingLine = 0
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      var line = String(raw).replacingOccurrences(of: "\r", with: "")
      if pending.isEmpty { pendingLine = index + 1 }
      if line.hasSuffix("\\") {
        line.removeLast()
        pending += line + " "
        continue
      }
      logical.append((pendingLine, pending + line))
      pending = ""
    }
    if !pending.isEmpty { logical.append((pendingLine, pending)) }
    for (number, rawLine) in logical {
      var line = rawLine
      if let hash = line.range(of: "(^|\\s)#", options: .regularExpression) {
        line = String(line[..<hash.lowerBound])
      }
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      guard let first = words.first else { continue }
      if first == "-r" || first == "--requirement" || first.hasPrefix("--requirement=")
        || first.hasPrefix("-r")
      {
        let target =
          first.count > 2 && !first.hasPrefix("--")
          ? String(first.dropFirst(2))
          : first.hasPrefix("--requirement=")
            ? String(first.dropFirst("--requirement=".count))
            : (words.count > 1 ? words[1] : "")
        let nested = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
        guard depth < 10, let content = input.projectFile(nested) else {
          file.problems.append("\(path):\(number): cannot read the included file `\(target)`")
          continue
        }
        parseRequirements(content.text, path: nested, input: input, into: &file, depth: depth + 1)
        continue
      }
      if first == "-e" || first == "--editable" || first.hasPrefix("--editable=") {
        file.editables.append((number, line.trimmingCharacters(in: .whitespaces)))
        continue
      }
      if first.hasPrefix("-") { continue }  // -c, -i, --index-url, --find-links, ...: not requirements
      let hashed = words.contains { $0.hasPrefix("--hash") }
      let requirementText = words.prefix { !$0.hasPrefix("--") }.joined(separator: " ")
      add(requirementText, line: number, hashed: hashed, isLock: false, to: &file, path: path)
    }
  }

  /// `[[package]]` entries of uv.lock and poetry.lock (name and version); the project itself
  /// (uv's editable, virtual or directory source) is left out.
  static func parseLock(_ text: String, into file: inout DeclaredFile) {
    guard let root = try? TOMLDocument.parse(text, file: file.path) else {
      file.problems.append("\(file.path): not valid TOML")
      return
    }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var searchFrom = 0
    for element in root["package"]?.array ?? [] {
      guard let package = element.table, let name = package["name"]?.string else { continue }
      let nameLine = lines[searchFrom...].firstIndex { $0.hasPrefix("name = \"\(name)\"") } ?? searchFrom
      searchFrom = min(nameLine + 1, lines.count - 1)
      if let source = package["source"]?.table,
        source["editable"] != nil || source["virtual"] != nil || source["directory"] != nil
      {
        continue
      }
      guard let version = package["version"]?.string else { continue }
      let hashed =
        (package["wheels"]?.array?.isEmpty == false) || package["sdist"] != nil
        || (package["files"]?.array?.isEmpty == false)
      add("\(name)==\(version)", line: nameLine + 1, hashed: hashed, isLock: true, to: &file)
    }
  }

  private static func add(
    _ text: String, line: Int, hashed: Bool, isLock: Bool, to file: inout DeclaredFile, path: String? = nil
  ) {
    let where_ = "\(path ?? file.path):\(line)"
    do {
      let requirement = try Requirement(text)
      file.requirements.append(
        DeclaredRequirement(
          file: path ?? file.path, line: line, text: text, requirement: requirement, isLock: isLock,
          hashed: hashed))
    } catch {
      file.problems.append("\(where_): cannot parse `\(text)`: \(error.message)")
    }
  }
}
