// The one error type of EnvlockPackaging. Messages follow the guide: capitalized, literals
// in backticks, the offending value last after a colon; an optional hint says what to write.

import EnvlockDiagnostics

/// Why a version, specifier, requirement, marker, name or wheel filename was rejected.
public enum PackagingError: DiagnosticError, Sendable, Hashable {
  /// The string is not a PEP 440 version; `position` is the UTF-8 offset where parsing stopped.
  case invalidVersion(String, position: Int)
  /// The string is not a PEP 440 version specifier (or specifier list).
  case invalidSpecifier(String, position: Int)
  /// The string is not a valid project name (core metadata `Name`).
  case invalidName(String)
  /// The string is not a PEP 508 dependency specifier; `position` counts Unicode scalars.
  case invalidRequirement(String, reason: String, position: Int)
  /// The string is not a PEP 508 environment marker; `position` counts Unicode scalars.
  case invalidMarker(String, reason: String, position: Int)
  /// A marker compares values in a way PEP 508 leaves undefined (for example `os_name ~= "x"`).
  case undefinedComparison(String)
  /// A marker names a variable that the environment does not define.
  case undefinedEnvironmentName(String)
  /// A marker holds a value that cannot be written back with either quote character.
  case unserializableMarkerValue(String)
  /// The string is not a wheel filename (PEP 427) or its tags are malformed.
  case invalidWheelFilename(String, reason: String)
  /// The string is not a `interpreter-abi-platform` tag triple (PEP 425).
  case invalidTag(String, reason: String)

  /// What was rejected and where parsing stopped.
  public var message: String {
    switch self {
    case .invalidVersion(let text, let position):
      return "Invalid version at offset \(position): `\(text)`"
    case .invalidSpecifier(let text, let position):
      return "Invalid version specifier at offset \(position): `\(text)`"
    case .invalidName(let text):
      return "Invalid project name (letters, digits, `.`, `_`, `-`; alphanumeric at both ends): `\(text)`"
    case .invalidRequirement(let text, let reason, let position):
      return "Invalid requirement, \(reason) at position \(position): `\(text)`"
    case .invalidMarker(let text, let reason, let position):
      return "Invalid marker, \(reason) at position \(position): `\(text)`"
    case .undefinedComparison(let detail):
      return "Undefined marker comparison: \(detail)"
    case .undefinedEnvironmentName(let name):
      return "Marker variable is not defined by the environment: `\(name)`"
    case .unserializableMarkerValue(let value):
      return "Marker value contains both `'` and `\"` and cannot be quoted: `\(value)`"
    case .invalidWheelFilename(let text, let reason):
      return "Invalid wheel filename (\(reason)): `\(text)`"
    case .invalidTag(let text, let reason):
      return "Invalid wheel tag (\(reason)): `\(text)`"
    }
  }

  /// What a valid value looks like, for versions, specifiers and marker variables.
  public var hint: String? {
    switch self {
    case .invalidVersion:
      return "PEP 440 versions look like `1.2.3`, `1!2.0rc1`, `1.0.post1.dev2+local`;"
        + " use `LegacyVersion` for old egg-info strings"
    case .invalidSpecifier:
      return "a specifier is an operator (`~=`, `==`, `!=`, `<=`, `>=`, `<`, `>`, `===`)"
        + " followed by a version, for example `>=1.19.5,<2.0`"
    case .undefinedEnvironmentName:
      return "capture records eleven marker values; `extra` comes from the requested extras"
    default:
      return nil
    }
  }
}
