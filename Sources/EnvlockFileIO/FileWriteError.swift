// Errors of envlock's file writers.

import EnvlockDiagnostics

/// Why a file could not be written; nothing was left behind.
public enum FileWriteError: DiagnosticError, Hashable, Sendable {
  /// The destination exists and replacing it was not asked for.
  case destinationExists(path: String)
  /// Creating, writing, syncing or renaming the file failed.
  case writeFailed(path: String, reason: String)

  /// A one-line message naming the file.
  public var message: String {
    switch self {
    case .destinationExists(let path): return "`\(path)` already exists"
    case .writeFailed(let path, let reason): return "Cannot write `\(path)`: \(reason)"
    }
  }
}
