// The `envlock` command: argument parsing and printing only; the work is done by the library modules.

import ArgumentParser
import EnvlockArchive
import EnvlockDiagnostics
import EnvlockModel
import EnvlockRegistry
import Foundation

@main
struct Envlock: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "envlock",
    abstract: "Capture a Python environment into a signed lockfile archive, and check it.",
    discussion: """
      envlock records the interpreter, installed packages and host of a Python environment into one signed `.envlock` archive (tar + zstd, minisign-compatible Ed25519 signature).

      Exit codes: 0 success; 1 a verification or check failed; 2 usage or input error.
      """,
    version: envlockVersion,
    subcommands: [
      Init.self, Keygen.self, Capture.self, Show.self, Verify.self, Extract.self, Diff.self, Rebuild.self,
      Check.self, Fleet.self, Export.self, Push.self, Pull.self,
    ]
  )

  /// Runs the command and maps errors to envlock's exit codes (0 ok, 1 check failed, 2 usage/input).
  static func main() async {
    do {
      var command = try parseAsRoot()
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let failure as CommandFailure {
      report(failure)
    } catch let error as any DiagnosticError {
      report(CommandFailure.from(error))
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      if let exit = error as? ExitCode, exit != .validationFailure {
        Foundation.exit(exit.rawValue)
      }
      FileHandle.standardError.write(Data("Run `envlock --help` for usage.\n".utf8))
      Foundation.exit(2)
    }
  }

  /// Prints a failure once, in uv's layout (`error:`, `caused by:` lines, `hint:`), and exits with its code.
  static func report(_ failure: CommandFailure) -> Never {
    FileHandle.standardError.write(Data((ErrorReport.render(failure.error) + "\n").utf8))
    Foundation.exit(failure.exitCode)
  }
}

/// A failure a command reports with its own exit code: 1 for failed checks, 2 for bad input.
struct CommandFailure: Error {
  /// What went wrong, with its causes: a library error, or a `CommandError`.
  let error: any Error
  let exitCode: Int32

  static func input(_ error: any Error) -> CommandFailure {
    CommandFailure(error: error, exitCode: 2)
  }

  static func check(_ error: any Error) -> CommandFailure {
    CommandFailure(error: error, exitCode: 1)
  }

  /// Maps a library error to its exit code: failed verifications 1, everything else 2.
  static func from(_ error: any Error) -> CommandFailure {
    switch error {
    case let failure as CommandFailure: return failure
    case let archive as ArchiveError: return archive.isVerificationFailure ? check(archive) : input(archive)
    case let registry as RegistryError:
      if case .invalidArchive(_, let archive) = registry, archive.isVerificationFailure {
        return check(registry)
      }
      return input(registry)
    default: return input(error)
    }
  }
}

/// A problem the command line finds itself (a file it cannot read, flags that do not fit together).
struct CommandError: DiagnosticError {
  let message: String
  let hint: String?

  init(_ message: String, hint: String? = nil) {
    self.message = message
    self.hint = hint
  }
}

/// Writes a diagnostic line to standard error.
func diagnostic(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}
