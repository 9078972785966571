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

  /// Reads a snapshot from JSON: an `envlock.json` manifest or a bare snapshot document.
  public static func decode(json bytes: [UInt8], file: String) throws(DiffError) -> Snapshot {
    let tree: JSONValue
    do {
      tree = try CanonicalJSON.parse(bytes)
    } catch {
      throw .invalidInput(file: file, underlying: error)
    }
    guard case .object(let top) = tree, case .string(let schema)? = top["schema"] else {
      throw .invalidInput(file: file, reason: "no string field `schema` at the top level")
    }
    do {
      switch schema {
      case Manifest.currentSchema: return try CanonicalJSON.decode(Manifest.self, fromTree: tree).snapshot
      case Snapshot.currentSchema: return try CanonicalJSON.decode(Snapshot.self, fromTree: tree)
      default:
        throw DiffError.invalidInput(
          file: file,
          reason: "schema `\(schema)` is neither \(Manifest.currentSchema) nor \(Snapshot.currentSchema)")
      }
    } catch let error as DiffError {
      throw error
    } catch {
      throw .invalidInput(file: file, underlying: error)
    }
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
