import EnvlockDiagnostics

/// Why a rebuild could not be planned, written or verified.
public enum RebuildError: DiagnosticError, Sendable {
  /// The snapshot file could not be read or is not an `.envlock` archive, manifest or snapshot:
  /// `reason` says how, or `underlying` is the error of the reader.
  case cannotReadSnapshot(path: String, reason: String? = nil, underlying: (any Error)? = nil)
  /// The snapshot has no interpreter section and no base image was given.
  case noInterpreter
  /// The base image given is not a container image reference.
  case invalidBaseImage(reference: String)
  /// An output file could not be written.
  case cannotWrite(path: String, underlying: any Error)
  /// The output directory exists and is not empty.
  case outputNotEmpty(path: String)
  /// No interpreter with the snapshot's Python minor version was found.
  case interpreterNotFound(wanted: String, tried: [String])
  /// The interpreter given has another minor version than the snapshot.
  case interpreterMismatch(path: String, found: String, wanted: String)
  /// A command the realizer runs failed.
  case commandFailed(command: String, status: Int32, output: String)
  /// The package index could not be queried: `reason` says how, or `underlying` is the network error.
  case indexUnreachable(url: String, reason: String? = nil, underlying: (any Error)? = nil)
  /// The index answered with a page envlock cannot read.
  case indexPageInvalid(url: String, reason: String? = nil, underlying: (any Error)? = nil)
  /// Capturing the realized environment for verification failed.
  case verificationCaptureFailed(path: String, underlying: any Error)

  /// What could not be done, and with which file, interpreter or index.
  public var message: String {
    switch self {
    case .cannotReadSnapshot(let path, let reason, _):
      return "Cannot read the snapshot `\(path)`" + (reason.map { ": \($0)" } ?? "")
    case .noInterpreter:
      return "The snapshot records no interpreter, so no base image follows from it"
    case .invalidBaseImage(let reference):
      return
        "The base image \(OutputText.code(reference)) is not an image reference (letters, digits and `._/:@+-`)"
    case .cannotWrite(let path, _):
      return "Cannot write `\(path)`"
    case .outputNotEmpty(let path):
      return "The output directory is not empty: `\(path)`"
    case .interpreterNotFound(let wanted, let tried):
      return "No Python \(wanted) found; tried: \(tried.joined(separator: ", "))"
    case .interpreterMismatch(let path, let found, let wanted):
      return
        "The interpreter `\(path)` is Python \(found), but the snapshot needs \(wanted) (the minor version must match)"
    case .commandFailed(let command, let status, let output):
      let tail = output.split(separator: "\n").suffix(15).joined(separator: "\n")
      return "`\(command)` failed with status \(status):\n\(tail)"
    case .indexUnreachable(let url, let reason, _):
      return "Cannot query the package index at `\(url)`" + (reason.map { ": \($0)" } ?? "")
    case .indexPageInvalid(let url, let reason, _):
      return "The index page `\(url)` is not a PEP 691 JSON or PEP 503 HTML project page"
        + (reason.map { ": \($0)" } ?? "")
    case .verificationCaptureFailed(let path, _):
      return "Cannot capture the rebuilt environment `\(path)` to verify it"
    }
  }

  /// What to do instead, where there is a choice.
  public var hint: String? {
    switch self {
    case .cannotReadSnapshot:
      return "pass an `.envlock` archive, an extracted `envlock.json` or a snapshot in canonical JSON"
    case .noInterpreter:
      return "name the base image to build on"
    case .outputNotEmpty:
      return "choose a new directory, or allow envlock to replace its files in it"
    case .interpreterNotFound(let wanted, _), .interpreterMismatch(_, _, let wanted):
      return "use an interpreter of version \(wanted)"
    case .indexUnreachable:
      return "use a reachable simple index, or do not look up hashes"
    default:
      return nil
    }
  }

  /// The error of the reader, writer, network or capture behind this one.
  public var underlying: (any Error)? {
    switch self {
    case .cannotReadSnapshot(_, _, let error), .indexUnreachable(_, _, let error),
      .indexPageInvalid(_, _, let error):
      return error
    case .cannotWrite(_, let error), .verificationCaptureFailed(_, let error):
      return error
    default:
      return nil
    }
  }
}
