import EnvlockDiagnostics

/// Why a diff could not be made.
public enum DiffError: DiagnosticError, Sendable {
  /// A category name to compare or ignore is not one envlock knows.
  case unknownCategory(String)
  /// The categories compared, less those ignored, leave nothing to compare.
  case nothingToCompare
  /// An input is not a snapshot or manifest JSON document: `reason` says how, or `underlying` is
  /// the JSON or decoding error.
  case invalidInput(file: String, reason: String? = nil, underlying: (any Error)? = nil)

  /// One line saying what was wrong.
  public var message: String {
    switch self {
    case .unknownCategory(let name):
      return "Unknown diff category: `\(name)`"
    case .nothingToCompare:
      return "The categories chosen and those ignored leave no category to compare"
    case .invalidInput(let file, let reason, _):
      return "Cannot read a snapshot from `\(file)`" + (reason.map { ": \($0)" } ?? "")
    }
  }

  /// The known categories, or what to pass instead.
  public var hint: String? {
    switch self {
    case .unknownCategory:
      return "use one of \(DiffCategory.allCases.map(\.rawValue).joined(separator: ", "))"
    case .nothingToCompare:
      return nil
    case .invalidInput:
      return "pass an .envlock archive, its envlock.json, or a snapshot JSON"
    }
  }

  /// The JSON or decoding error behind an unreadable input.
  public var underlying: (any Error)? {
    if case .invalidInput(_, _, let error) = self { return error }
    return nil
  }
}
