// Reads envlock.toml into a `ProjectFile`: TOML syntax through EnvlockTOML, then every key checked
// against the schema below (unknown keys and wrong types are errors with the line number).

import EnvlockTOML
import Foundation

extension ProjectFile {
  /// The known sections and their keys, in documentation order.
  static let schema: [(section: String, keys: [String])] = [
    ("python", ["interpreter"]),
    ("data", ["paths", "follow_symlinks"]),
    ("config", ["files", "auto_detect"]),
    ("environment", ["include", "exclude"]),
    ("redaction", ["key_env", "key_file", "generate"]),
    ("rebuild", ["base_image", "apt_packages"]),
    ("notebooks", ["paths"]),
    ("cache", ["directory"]),
  ]

  /// Reads `envlock.toml` from the project directory; nil when there is none.
  public static func load(projectRoot: String) throws(ProjectError) -> ProjectFile? {
    let path = projectRoot.hasSuffix("/") ? projectRoot + fileName : projectRoot + "/" + fileName
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    return try load(path: path)
  }

  /// Reads a project file at `path`.
  public static func load(path: String) throws(ProjectError) -> ProjectFile {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .cannotRead(file: path, reason: "permission denied or not a regular file")
    }
    // Bytes that are not UTF-8 are a syntax error with their line, like any other.
    return try parse(bytes: [UInt8](data), file: path)
  }

  /// Parses project-file text; `file` names it in error messages.
  public static func parse(_ text: String, file: String = ProjectFile.fileName) throws(ProjectError)
    -> ProjectFile
  {
    try parse(bytes: Array(text.utf8), file: file)
  }

  static func parse(bytes: [UInt8], file: String) throws(ProjectError) -> ProjectFile {
    let root: TOMLTable
    do {
      root = try TOMLDocument.parse(bytes: bytes, file: file)
    } catch {
      throw .invalidFile(error)
    }
    let reader = TableReader(file: file, root: root)
    // `[contract]` holds the handoff contract; EnvlockContract reads and checks it.
    try reader.checkKeys(root, path: [], known: schema.map(\.section) + ["contract"])
    var project = ProjectFile()
    for (section, keys) in schema {
      guard let value = root[section] else { continue }
      guard let table = value.table else {
        throw reader.wrongType([section], expected: "a table", value: value)
      }
      try reader.checkKeys(table, path: [section], known: keys)
      try project.read(section, table, reader)
    }
    return project
  }

  private mutating func read(_ section: String, _ table: TOMLTable, _ r: TableReader) throws(ProjectError) {
    let p = [section]
    switch section {
    case "python":
      interpreter = try r.string(table, p, "interpreter")
    case "data":
      data.paths = try r.strings(table, p, "paths") ?? []
      data.followSymlinks = try r.bool(table, p, "follow_symlinks") ?? false
    case "config":
      config.files = try r.strings(table, p, "files") ?? []
      config.autoDetect = try r.bool(table, p, "auto_detect") ?? true
    case "environment":
      environment.include = try r.strings(table, p, "include") ?? []
      environment.exclude = try r.strings(table, p, "exclude") ?? []
    case "redaction":
      if let name = try r.string(table, p, "key_env") {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
          throw r.invalid(
            p + ["key_env"], "an environment variable name uses only letters, digits and `_`: \(name)")
        }
        redaction.keyEnvironmentVariable = name
      }
      redaction.keyFile = try r.string(table, p, "key_file") ?? redaction.keyFile
      redaction.generate = try r.bool(table, p, "generate") ?? true
    case "rebuild":
      rebuild.baseImage = try r.string(table, p, "base_image")
      rebuild.aptPackages = try r.strings(table, p, "apt_packages") ?? []
    case "notebooks":
      notebooks.paths = try r.strings(table, p, "paths") ?? []
    case "cache":
      cacheDirectory = try r.string(table, p, "directory")
    default:
      break
    }
  }
}

/// Typed access to TOML values with errors that name the key and its line.
private struct TableReader: TOMLFieldReading {
  let file: String
  let root: TOMLTable

  func failure(_ error: TOMLFileError) -> ProjectError { .invalidFile(error) }
}
