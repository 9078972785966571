// The one error of a TOML file envlock reads (envlock.toml, handoff.toml): syntax, unknown keys,
// wrong types and unusable values, each with the file and the line.

import EnvlockDiagnostics

/// Why a TOML file envlock reads is invalid: every case names the file and the line.
public enum TOMLFileError: DiagnosticError, Hashable, Sendable {
  /// The file is not valid TOML.
  case syntax(file: String, line: Int, column: Int, reason: String)
  /// A key the file's schema does not know (a typo, or a setting of a newer version); `known`
  /// lists the keys allowed in its table.
  case unknownKey(file: String, line: Int, key: String, known: [String])
  /// A known key with a value of the wrong type.
  case wrongType(file: String, line: Int, key: String, expected: String, found: String)
  /// A known key with a value of the right type that is still not usable (a bad range, size, ...).
  case invalidValue(file: String, line: Int, key: String, reason: String, hint: String? = nil)

  /// What is wrong, in which file and at which line.
  public var message: String {
    switch self {
    case .syntax(let file, let line, let column, let reason):
      return "Invalid TOML in `\(file)` at line \(line), column \(column): \(reason)"
    case .unknownKey(let file, let line, let key, _):
      return "Unknown key in `\(file)` at line \(line): `\(key)`"
    case .wrongType(let file, let line, let key, let expected, let found):
      return "Expected \(expected) for `\(key)` in `\(file)` at line \(line), found: \(found)"
    case .invalidValue(let file, let line, let key, let reason, _):
      return "Invalid value for `\(key)` in `\(file)` at line \(line): \(reason)"
    }
  }

  /// The keys allowed instead of an unknown one, or what to write instead of an unusable value.
  public var hint: String? {
    switch self {
    case .unknownKey(_, _, _, let known):
      return known.isEmpty
        ? "remove it" : "the keys allowed here are \(known.map { "`\($0)`" }.joined(separator: ", "))"
    case .invalidValue(_, _, _, _, let hint):
      return hint
    case .syntax, .wrongType:
      return nil
    }
  }

  /// The file the error is in.
  public var file: String {
    switch self {
    case .syntax(let file, _, _, _), .unknownKey(let file, _, _, _), .wrongType(let file, _, _, _, _),
      .invalidValue(let file, _, _, _, _):
      return file
    }
  }
}
