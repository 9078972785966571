/// Why a handoff contract could not be read or used (exit code 2 in `envlock check`).
public enum ContractError: Error, Hashable, Sendable, CustomStringConvertible {
  /// No contract was given and none was found in the project.
  case notFound(searched: [String])
  /// The contract file exists but could not be read.
  case cannotRead(file: String, reason: String)
  /// The contract is not valid TOML.
  case syntax(file: String, line: Int, column: Int, reason: String)
  /// A key the contract format does not know (a typo, or a rule of a newer version).
  case unknownKey(file: String, line: Int, key: String, known: [String])
  /// A known key with a value of the wrong type.
  case wrongType(file: String, line: Int, key: String, expected: String, found: String)
  /// A known key with a value of the right type that is still not usable (a bad range, size, ...).
  case invalidValue(file: String, line: Int, key: String, reason: String, hint: String)
  /// The contract declares no rule at all.
  case empty(file: String)
  /// A file the contract is checked against (snapshot, key) could not be read.
  case cannotReadInput(file: String, reason: String)
  /// `envlock init` would replace an existing contract.
  case alreadyExists(file: String)
  /// Writing the starter contract failed.
  case writeFailed(file: String, reason: String)

  /// The message: what is wrong, where, and what to do.
  public var description: String {
    switch self {
    case .notFound(let searched):
      let list = searched.map { "`\($0)`" }.joined(separator: ", ")
      return
        "No handoff contract found: looked for \(list)\n\nhint: write one with `envlock init`, or pass `--contract FILE`"
    case .cannotRead(let file, let reason):
      return "Failed to read the contract `\(file)`: \(reason)"
    case .syntax(let file, let line, let column, let reason):
      return
        "Invalid TOML in `\(file)` at line \(line), column \(column): \(reason)\n\nhint: see Docs/contract.md for a complete example"
    case .unknownKey(let file, let line, let key, let known):
      let hint =
        known.isEmpty
        ? "remove it; see Docs/contract.md for the rules a contract accepts"
        : "the keys allowed here are \(known.map { "`\($0)`" }.joined(separator: ", ")); see Docs/contract.md"
      return "Unknown key in `\(file)` at line \(line): `\(key)`\n\nhint: \(hint)"
    case .wrongType(let file, let line, let key, let expected, let found):
      return
        "Expected \(expected) for `\(key)` in `\(file)` at line \(line), found: \(found)\n\nhint: see Docs/contract.md for the type of each key"
    case .invalidValue(let file, let line, let key, let reason, let hint):
      return "Invalid value for `\(key)` in `\(file)` at line \(line): \(reason)\n\nhint: \(hint)"
    case .empty(let file):
      return
        "The contract `\(file)` declares no rule\n\nhint: uncomment a rule (for example `[interpreter]`); see Docs/contract.md"
    case .cannotReadInput(let file, let reason):
      return "Failed to read `\(file)`: \(reason)"
    case .alreadyExists(let file):
      return "The contract already exists: `\(file)`\n\nhint: pass `--force` to replace it"
    case .writeFailed(let file, let reason):
      return "Failed to write `\(file)`: \(reason)"
    }
  }
}
