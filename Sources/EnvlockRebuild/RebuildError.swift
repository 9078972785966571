/// Why a rebuild could not be planned, written or verified.
public enum RebuildError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The snapshot file could not be read or is not an `.envlock` archive, manifest or snapshot.
  case cannotReadSnapshot(path: String, reason: String)
  /// The snapshot has no interpreter section and no `--base-image` was given.
  case noInterpreter
  /// An output file could not be written.
  case cannotWrite(path: String, reason: String)
  /// The output directory exists and is not empty.
  case outputNotEmpty(path: String)
  /// No interpreter with the snapshot's Python minor version was found.
  case interpreterNotFound(wanted: String, tried: [String])
  /// The interpreter given with `--python` has another minor version than the snapshot.
  case interpreterMismatch(path: String, found: String, wanted: String)
  /// A command the realizer runs failed.
  case commandFailed(command: String, status: Int32, output: String)
  /// The package index could not be queried.
  case indexUnreachable(url: String, reason: String)
  /// The index answered with a page envlock cannot read.
  case indexPageInvalid(url: String, reason: String)
  /// Capturing the realized environment for verification failed.
  case verificationCaptureFailed(path: String, reason: String)

  /// The message, with a `hint:` line saying what to do where one helps.
  public var description: String {
    switch self {
    case .cannotReadSnapshot(let path, let reason):
      return
        "Cannot read the snapshot `\(path)`: \(reason)\n\nhint: pass an `.envlock` archive, an extracted `envlock.json` or a snapshot in canonical JSON"
    case .noInterpreter:
      return
        "The snapshot records no interpreter, so no base image follows from it\n\nhint: pass `--base-image IMAGE`"
    case .cannotWrite(let path, let reason):
      return "Cannot write `\(path)`: \(reason)"
    case .outputNotEmpty(let path):
      return
        "The output directory is not empty: `\(path)`\n\nhint: choose a new directory, or pass `--force` to replace envlock's files in it"
    case .interpreterNotFound(let wanted, let tried):
      return
        "No Python \(wanted) found; tried: \(tried.joined(separator: ", "))\n\nhint: pass `--python PATH` to an interpreter of version \(wanted)"
    case .interpreterMismatch(let path, let found, let wanted):
      return
        "The interpreter `\(path)` is Python \(found), but the snapshot needs \(wanted) (the minor version must match)\n\nhint: pass `--python` an interpreter of version \(wanted)"
    case .commandFailed(let command, let status, let output):
      let tail = output.split(separator: "\n").suffix(15).joined(separator: "\n")
      return "`\(command)` failed with status \(status):\n\(tail)"
    case .indexUnreachable(let url, let reason):
      return
        "Cannot query the package index at `\(url)`: \(reason)\n\nhint: pass `--index-url` with a reachable simple index, or leave out `--hashes`"
    case .indexPageInvalid(let url, let reason):
      return "The index page `\(url)` is not a PEP 691 JSON or PEP 503 HTML project page: \(reason)"
    case .verificationCaptureFailed(let path, let reason):
      return "Cannot capture the rebuilt environment `\(path)` to verify it: \(reason)"
    }
  }
}
