import EnvlockDiagnostics
import EnvlockTOML

/// Why envlock.toml could not be read, or `envlock init` could not write it.
public enum ProjectError: DiagnosticError, Sendable {
  /// The file exists but could not be read.
  case cannotRead(file: String, reason: String)
  /// The file is not valid TOML, or a key or value in it is not one envlock.toml accepts.
  case invalidFile(TOMLFileError)
  /// `envlock init` would replace an existing file.
  case alreadyExists(file: String)
  /// Writing a file failed.
  case writeFailed(file: String, underlying: any Error)

  /// What is wrong and where.
  public var message: String {
    switch self {
    case .cannotRead(let file, let reason):
      return "Failed to read `\(file)`: \(reason)"
    case .invalidFile(let error):
      return error.message
    case .alreadyExists(let file):
      return "The project file already exists: `\(file)`"
    case .writeFailed(let file, _):
      return "Failed to write `\(file)`"
    }
  }

  /// What to write instead, for an invalid file.
  public var hint: String? {
    if case .invalidFile(let error) = self { return error.hint }
    return nil
  }

  /// The error a failed write reports.
  public var underlying: (any Error)? {
    if case .writeFailed(_, let error) = self { return error }
    return nil
  }
}
