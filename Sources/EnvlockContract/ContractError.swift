import EnvlockDiagnostics
import EnvlockPackaging
import EnvlockTOML

/// Why a handoff contract could not be read or used (exit code 2 in `envlock check`).
public enum ContractError: DiagnosticError, Sendable {
  /// No contract was given and none was found in the project.
  case notFound(searched: [String])
  /// The contract file exists but could not be read.
  case cannotRead(file: String, reason: String)
  /// The contract is not valid TOML, or a key or value in it is not one a contract accepts;
  /// `underlying` is why a version range or requirement could not be parsed.
  case invalidFile(TOMLFileError, underlying: PackagingError? = nil)
  /// The contract declares no rule at all.
  case empty(file: String)
  /// `envlock init` would replace an existing contract.
  case alreadyExists(file: String)
  /// Writing the starter contract failed.
  case writeFailed(file: String, underlying: any Error)

  /// What is wrong and where.
  public var message: String {
    switch self {
    case .notFound(let searched):
      let list = searched.map { "`\($0)`" }.joined(separator: ", ")
      return "No handoff contract found: looked for \(list)"
    case .cannotRead(let file, let reason):
      return "Failed to read the contract `\(file)`: \(reason)"
    case .invalidFile(let error, _):
      return error.message
    case .empty(let file):
      return "The contract `\(file)` declares no rule"
    case .alreadyExists(let file):
      return "The contract already exists: `\(file)`"
    case .writeFailed(let file, _):
      return "Failed to write `\(file)`"
    }
  }

  /// What to do: the keys allowed, what to write instead, or which rule to start with.
  public var hint: String? {
    switch self {
    case .invalidFile(let error, _): return error.hint
    case .empty: return "uncomment a rule (for example `[interpreter]`)"
    case .notFound, .cannotRead, .alreadyExists, .writeFailed: return nil
    }
  }

  /// Why a value could not be parsed, or why a write failed.
  public var underlying: (any Error)? {
    switch self {
    case .invalidFile(_, let error): return error
    case .writeFailed(_, let error): return error
    case .notFound, .cannotRead, .empty, .alreadyExists: return nil
    }
  }
}
