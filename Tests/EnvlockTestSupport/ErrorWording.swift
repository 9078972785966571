// Library errors never name the command line's flags or the repository's documentation: the
// executable adds those hints when it prints an error.

import EnvlockDiagnostics

extension TestSupport {
  /// The message or hint of `error` that names a command-line flag (`--force`) or a documentation
  /// file (`Docs/...`); empty when the error is worded as a library error should be.
  public static func commandLineWording(in error: any DiagnosticError) -> [String] {
    [error.message, error.hint].compactMap { $0 }.filter { $0.contains("--") || $0.contains("Docs/") }
  }
}
