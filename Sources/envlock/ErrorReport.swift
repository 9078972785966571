// How the command line prints an error: once, in uv's layout, with hints that name envlock's
// flags, commands and documentation (which the library errors never name).

import EnvlockArchive
import EnvlockCapture
import EnvlockContract
import EnvlockDiagnostics
import EnvlockDiff
import EnvlockFileIO
import EnvlockProject
import EnvlockRebuild
import EnvlockRegistry
import EnvlockTOML
import Foundation

/// Renders errors for standard error.
enum ErrorReport {
  /// `error: <message>`, a `  caused by: <message>` line per underlying error (innermost last),
  /// then a blank line and `hint: <hint>` when there is one. No trailing newline.
  static func render(_ error: any Error) -> String {
    diagnostic(error).rendered(prefix: "error: ")
  }

  /// The error laid out with the command line's hints and Foundation's messages.
  static func diagnostic(_ error: any Error) -> Diagnostic {
    Diagnostic(error, hint: CommandHints.hint(for:), describe: message(of:))
  }

  /// The message of an error that is not a `DiagnosticError`: the system's reason for a file
  /// error (`No such file or directory`), Foundation's localized text for its other errors
  /// (network), else the error's description.
  static func message(of error: any Error) -> String {
    guard error is CocoaError || error is URLError || error is POSIXError || type(of: error) is NSError.Type
    else { return String(describing: error) }
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey]
    if let posix = error as? POSIXError ?? underlying as? POSIXError {
      return String(cString: strerror(posix.code.rawValue))
    }
    if let posix = underlying as? NSError, posix.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(posix.code)))
    }
    return (error as NSError).localizedDescription
  }
}

/// The hints the command line gives instead of a library error's own: they name the flag, the
/// command or the documentation that helps.
enum CommandHints {
  /// The hint for `error`, or nil to keep the error's own.
  static func hint(for error: any Error) -> String? {
    switch error {
    case let error as ArchiveError:
      switch error {
      case .destinationExists: return replace
      case .unsigned:
        return "capture again with a signing key (`envlock keygen`, then `envlock capture --key KEY`)"
      default: return nil
      }
    case let error as FileWriteError:
      if case .destinationExists = error { return replace }
      return nil
    case let error as ProjectError:
      switch error {
      case .alreadyExists: return replace
      case .invalidFile(.unknownKey(_, _, _, let known)):
        return known.isEmpty
          ? "remove it; see Docs/project-file.md for the keys envlock.toml accepts"
          : "\(error.hint ?? ""); see Docs/project-file.md"
      default: return nil
      }
    case let error as ContractError:
      return hint(for: error)
    case let error as RebuildError:
      return hint(for: error)
    case let error as DiffError:
      if case .nothingToCompare = error { return "drop one of `--only` and `--ignore`" }
      return nil
    case let error as CaptureError:
      return hint(for: error)
    case let error as RegistryError:
      if case .unreachable = error {
        return
          "check the host and port; pass `--ca-file` for a registry with a private certificate authority, or `--plain-http` for one without TLS"
      }
      return nil
    default:
      return nil
    }
  }

  private static let replace = "pass `--force` to replace it"

  private static func hint(for error: ContractError) -> String? {
    switch error {
    case .notFound: return "write one with `envlock init`, or pass `--contract FILE`"
    case .alreadyExists: return replace
    case .empty: return "\(error.hint ?? ""); see Docs/contract.md"
    case .invalidFile(let toml, _):
      switch toml {
      case .syntax: return "see Docs/contract.md for a complete example"
      case .unknownKey(_, _, _, let known):
        return known.isEmpty
          ? "remove it; see Docs/contract.md for the rules a contract accepts"
          : "\(toml.hint ?? ""); see Docs/contract.md"
      case .wrongType: return "see Docs/contract.md for the type of each key"
      case .invalidValue: return nil
      }
    case .cannotRead, .writeFailed: return nil
    }
  }

  private static func hint(for error: RebuildError) -> String? {
    switch error {
    case .noInterpreter: return "pass `--base-image IMAGE`"
    case .outputNotEmpty: return "choose a new directory, or pass `--force` to replace envlock's files in it"
    case .interpreterNotFound(let wanted, _):
      return "pass `--python PATH` to an interpreter of version \(wanted)"
    case .interpreterMismatch(_, _, let wanted): return "pass `--python` an interpreter of version \(wanted)"
    case .indexUnreachable: return "pass `--index-url` with a reachable simple index, or leave out `--hashes`"
    default: return nil
    }
  }

  private static func hint(for error: CaptureError) -> String? {
    switch error {
    case .configFile: return "fix the path in `--config` or `[config] files`"
    case .notebook: return "fix the path in `--notebook` or `[notebooks] paths`"
    case .dataIncomplete: return "fix them, or pass `--allow-partial` to capture without them"
    case .secretsWithoutKey:
      return
        "free some space or make the key's folder writable, pass `--redaction-key FILE` or set `ENVLOCK_REDACTION_KEY`, or set `generate = false` under `[redaction]` in envlock.toml to store secrets without fingerprints"
    case .probeFailed("interpreter", _, _, let hint?): return "\(hint); `--python` chooses the interpreter"
    default: return nil
    }
  }
}
