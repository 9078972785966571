// Inputs and options of a diff: a snapshot, a label, and a way to read its config file contents.

import EnvlockModel
import Foundation

/// One side of a diff: a snapshot plus a lookup for the config contents stored beside it.
public struct DiffInput: Sendable {
  /// A label for reports, for example the file name or `live`.
  public var label: String
  /// The snapshot.
  public var snapshot: Snapshot
  /// Returns a config file's bytes (from the archive's `config/` members), or nil when unknown.
  public var configContent: @Sendable (ConfigFile) -> [UInt8]?

  /// Creates an input.
  public init(
    label: String, snapshot: Snapshot,
    configContent: @escaping @Sendable (ConfigFile) -> [UInt8]? = { _ in nil }
  ) {
    self.label = label
    self.snapshot = snapshot
    self.configContent = configContent
  }
}

/// What to compare and how.
public struct DiffOptions: Sendable, Hashable {
  /// The categories compared.
  public var categories: Set<DiffCategory>

  /// Compares every category.
  public init(categories: Set<DiffCategory> = Set(DiffCategory.allCases)) { self.categories = categories }

  /// Builds options from `--only` and `--ignore` lists (comma-separated or repeated).
  public init(only: [String], ignore: [String]) throws(DiffError) {
    func parse(_ list: [String]) throws(DiffError) -> Set<DiffCategory> {
      var out = Set<DiffCategory>()
      for item in list.flatMap({ $0.split(separator: ",") }) {
        let name = item.trimmingCharacters(in: .whitespaces).lowercased()
        guard let c = DiffCategory(rawValue: name) else { throw .unknownCategory(String(item)) }
        out.insert(c)
      }
      return out
    }
    var selected = only.isEmpty ? Set(DiffCategory.allCases) : try parse(only)
    selected.subtract(try parse(ignore))
    if selected.isEmpty { throw .nothingToCompare }
    categories = selected
  }
}
