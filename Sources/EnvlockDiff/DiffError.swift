/// Why a diff could not be made.
public enum DiffError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A category name given to `--only` or `--ignore` is not one envlock knows.
  case unknownCategory(String)
  /// `--only` and `--ignore` together leave nothing to compare.
  case nothingToCompare

  /// A one-line message saying what was wrong and what to do.
  public var description: String {
    switch self {
    case .unknownCategory(let name):
      let known = DiffCategory.allCases.map(\.rawValue).joined(separator: ", ")
      return "Unknown diff category: `\(name)`\n\nhint: use one of \(known)"
    case .nothingToCompare:
      return "`--only` and `--ignore` leave no category to compare\n\nhint: drop one of the options"
    }
  }
}
