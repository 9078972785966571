// Errors that say what went wrong, what caused it and what to do, in uv's layout:
//
//     error: <message>
//       caused by: <message of the underlying error>
//       caused by: <message of its underlying error>
//
//     hint: <hint>
//
// Every module's error conforms to `DiagnosticError`: a message, an optional hint and an optional
// underlying error kept as a value, so wrapping never stacks advice and nobody cuts text apart.
// Library errors never name command-line flags or documentation files; the executable adds those
// hints when it prints the error, once.

/// An error with a one-line message, an optional hint and the error that caused it.
public protocol DiagnosticError: Error, CustomStringConvertible {
  /// What went wrong and where: capitalized, literals in backticks, the offending value last.
  var message: String { get }
  /// What to do about it, or nil when there is nothing useful to say.
  var hint: String? { get }
  /// The error this one wraps, or nil.
  var underlying: (any Error)? { get }
}

extension DiagnosticError {
  /// No hint unless the error gives one.
  public var hint: String? { nil }

  /// No underlying error unless the error wraps one.
  public var underlying: (any Error)? { nil }

  /// The message, a `caused by:` line per underlying error, then the hint after a blank line.
  public var description: String { Diagnostic(self).rendered() }
}

/// An error laid out for printing: its message, the messages of the errors under it (innermost
/// last) and one hint.
public struct Diagnostic: Sendable, Hashable {
  /// The message of the error itself.
  public var message: String
  /// The messages of the underlying errors, outermost first.
  public var causes: [String]
  /// The hint: the first one found walking from the error to its innermost cause.
  public var hint: String?

  /// The longest chain followed; deeper causes are left out.
  public static let maximumDepth = 16

  /// Lays out `error` and the chain of errors under it.
  ///
  /// - Parameters:
  ///   - hint: a hint for one error of the chain that replaces the error's own (the command line
  ///     adds advice naming its flags this way); nil keeps the error's own hint.
  ///   - describe: the message of an error that is not a `DiagnosticError` (by default its
  ///     `description`).
  public init(
    _ error: any Error, hint: (any Error) -> String? = { _ in nil },
    describe: (any Error) -> String = { String(describing: $0) }
  ) {
    var messages: [String] = []
    var found: String?
    var current: (any Error)? = error
    while let next = current, messages.count < Self.maximumDepth {
      if let diagnostic = next as? any DiagnosticError {
        messages.append(diagnostic.message)
        found = found ?? hint(next) ?? diagnostic.hint
        current = diagnostic.underlying
      } else {
        messages.append(describe(next))
        found = found ?? hint(next)
        current = nil
      }
    }
    message = messages[0]
    causes = Array(messages.dropFirst())
    self.hint = found
  }

  /// Creates a diagnostic from its parts.
  public init(message: String, causes: [String] = [], hint: String? = nil) {
    self.message = message
    self.causes = causes
    self.hint = hint
  }

  /// The text to print: `prefix` and the message, a `  caused by: ` line per cause, then a blank
  /// line and `hint: ` when there is a hint. No trailing newline.
  public func rendered(prefix: String = "") -> String {
    var text = prefix + message
    for cause in causes { text += "\n  caused by: " + cause }
    if let hint { text += "\n\nhint: " + hint }
    return text
  }

  /// The message and its causes on one line, joined with `: ` (for a report line or a warning).
  public var summary: String { ([message] + causes).joined(separator: ": ") }
}
