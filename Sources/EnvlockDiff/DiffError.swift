import EnvlockDiagnostics

/// Why a diff could not be made.
public enum DiffError: DiagnosticError, Sendable {
  /// A category name to compare or ignore is not one envlock knows.
  case unknownCategory(String)
  /// The categories compared, less those ignored, leave nothing to compare.
  case nothingToCompare

  /// One line saying what was wrong.
  public var message: String {
    switch self {
    case .unknownCategory(let name):
      return "Unknown diff category: `\(name)`"
    case .nothingToCompare:
      return "The categories chosen and those ignored leave no category to compare"
    }
  }

  /// The known categories, or what to pass instead.
  public var hint: String? {
    switch self {
    case .unknownCategory:
      return "use one of \(DiffCategory.allCases.map(\.rawValue).joined(separator: ", "))"
    case .nothingToCompare:
      return nil
    }
  }

  /// No diff error has an underlying cause.
  public var underlying: (any Error)? { nil }
}
