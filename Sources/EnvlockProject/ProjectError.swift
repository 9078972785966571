/// Why envlock.toml could not be read, or `envlock init` could not write it.
public enum ProjectError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The file exists but could not be read.
  case cannotRead(file: String, reason: String)
  /// The file is not valid TOML.
  case syntax(file: String, line: Int, column: Int, reason: String)
  /// A key envlock does not know (a typo, or a setting of a newer version).
  case unknownKey(file: String, line: Int, key: String, known: [String])
  /// A known key with a value of the wrong type.
  case wrongType(file: String, line: Int, key: String, expected: String, found: String)
  /// A known key with a value of the right type that is still not usable.
  case invalidValue(file: String, line: Int, key: String, reason: String)
  /// `envlock init` would replace an existing file.
  case alreadyExists(file: String)
  /// Writing a file failed.
  case writeFailed(file: String, reason: String)

  /// The message: what is wrong, where, and what to do.
  public var description: String {
    switch self {
    case .cannotRead(let file, let reason):
      return "Failed to read `\(file)`: \(reason)"
    case .syntax(let file, let line, let column, let reason):
      return "Invalid TOML in `\(file)` at line \(line), column \(column): \(reason)"
    case .unknownKey(let file, let line, let key, let known):
      let hint =
        known.isEmpty
        ? "remove it; see Docs/project-file.md for the keys envlock.toml accepts"
        : "the keys allowed here are \(known.map { "`\($0)`" }.joined(separator: ", ")); see Docs/project-file.md"
      return "Unknown key in `\(file)` at line \(line): `\(key)`\n\nhint: \(hint)"
    case .wrongType(let file, let line, let key, let expected, let found):
      return "Expected \(expected) for `\(key)` in `\(file)` at line \(line), found: \(found)"
    case .invalidValue(let file, let line, let key, let reason):
      return "Invalid value for `\(key)` in `\(file)` at line \(line): \(reason)"
    case .alreadyExists(let file):
      return "The project file already exists: `\(file)`\n\nhint: pass `--force` to replace it"
    case .writeFailed(let file, let reason):
      return "Failed to write `\(file)`: \(reason)"
    }
  }
}
