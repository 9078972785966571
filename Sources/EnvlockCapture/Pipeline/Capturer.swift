// Capture: probes that fill a Snapshot from the running machine.

import EnvlockRedaction
import EnvlockDiagnostics
import EnvlockFileIO
import EnvlockModel
import Foundation

/// What a capture should record and where.
public struct CaptureOptions: Sendable {
  /// `--python`: an interpreter path or a venv/conda prefix; nil lets the capture choose.
  public var python: String?
  /// Where `python` came from, recorded as the selection reason: `--python` or `envlock.toml`.
  public var pythonSource = "--python"
  /// The project directory (absolute).
  public var projectRoot: String
  /// The environment of the capturing process.
  public var environment: [String: String]
  /// The command line, recorded in the snapshot.
  public var commandLine: [String]
  /// The envlock version, recorded in the snapshot.
  public var toolVersion: String
  /// The capture time.
  public var time: Date
  /// `--data` and `[data] paths`: files, folders and globs to hash, relative to the project.
  public var dataPaths: [String] = []
  /// `[data] follow_symlinks`: hash what links inside data folders point to.
  public var followSymlinks = false
  /// How to hash data files (workers, cache folder, progress).
  public var dataHashing = DataHashOptions()
  /// `--allow-partial`: record unreadable or changing data files as warnings instead of failing.
  public var allowPartial = false
  /// Where digests of the interpreter binary and libpython are cached (by device, inode, size,
  /// mtime and ctime), so re-captures do not hash the same 20+ MB again; nil disables the cache.
  /// Defaults to `$XDG_CACHE_HOME/envlock` or `~/.cache/envlock`.
  public var interpreterHashCache: String?
  /// `--config` and `[config] files`: config files to store, relative to the project.
  public var configFiles: [String] = []
  /// `[config] auto_detect`: also store the well-known config files.
  public var autoDetectConfig = true
  /// `--notebook` and `[notebooks] paths`: Jupyter notebooks (files and globs), relative to the project.
  public var notebooks: [String] = []
  /// Which environment variables to record.
  public var environmentFilter = EnvironmentFilter()
  /// The key that fingerprints secrets; nil stores them without fingerprints.
  public var redactionKey: RedactionKey?
  /// Why the project's redaction key could not be made, when generating it failed (a full disk, a
  /// read-only project). A capture that then finds a secret fails rather than store it without a
  /// fingerprint; without this (no key, and none was to be made) secrets have no fingerprints.
  public var redactionKeyFailure: CaptureError?
  /// The variable that holds the redaction key (never recorded).
  public var redactionKeyVariable: String?

  /// Creates capture options.
  public init(
    python: String? = nil, projectRoot: String, environment: [String: String], commandLine: [String],
    toolVersion: String, time: Date = Date()
  ) {
    self.python = python
    self.projectRoot = projectRoot
    self.environment = environment
    self.commandLine = commandLine
    self.toolVersion = toolVersion
    self.time = time
    self.interpreterHashCache = CaptureOptions.userCacheDirectory(environment: environment)
  }

  /// `$XDG_CACHE_HOME/envlock`, else `$HOME/.cache/envlock`; nil without either.
  public static func userCacheDirectory(environment: [String: String]) -> String? {
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/envlock" }
    if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/envlock" }
    return nil
  }
}

/// Why a capture could not produce a snapshot at all.
public enum CaptureError: DiagnosticError, Hashable, Sendable {
  /// A probe failed in a way the capture cannot work around.
  case probeFailed(probe: String, path: String?, reason: String, hint: String?)
  /// The redaction key could not be read or made.
  case redactionKey(path: String, reason: String, hint: String)
  /// A config file named in the options or in `[config] files` could not be read.
  case configFile(path: String, reason: String)
  /// A notebook named in the options or in `[notebooks] paths` could not be read.
  case notebook(path: String, reason: String)
  /// Data files could not be hashed (unreadable, missing or changing) and a partial capture was not allowed.
  case dataIncomplete(problems: [DataProblem])
  /// Secrets were found, but the redaction key that fingerprints them could not be made
  /// (`keyFailure` says why); the capture is not written.
  indirect case secretsWithoutKey(count: Int, keyFailure: CaptureError)

  /// What could not be captured and why.
  public var message: String {
    switch self {
    case .probeFailed(let probe, let path, let reason, _):
      var text = "Capture of the \(probe) failed"
      if let path { text += " (`\(path)`)" }
      return text + ": \(reason)"
    case .redactionKey(let path, let reason, _):
      return "Failed to use the redaction key `\(path)`: \(reason)"
    case .configFile(let path, let reason):
      return "Failed to read the config file `\(path)`: \(reason)"
    case .notebook(let path, let reason):
      return "Failed to read the notebook `\(path)`: \(reason)"
    case .dataIncomplete(let problems):
      let list = problems.prefix(20).map { "  \($0.path): \($0.reason)" }.joined(separator: "\n")
      let more = problems.count > 20 ? "\n  ... and \(problems.count - 20) more" : ""
      return "Failed to hash \(problems.count) data file(s); the capture was not written:\n\(list)\(more)"
    case .secretsWithoutKey(let count, _):
      return
        "Found \(count) secret(s) but could not create the redaction key that fingerprints them; the capture was not written"
    }
  }

  /// The key failure, for `secretsWithoutKey`.
  public var underlying: (any Error)? {
    if case .secretsWithoutKey(_, let failure) = self { return failure }
    return nil
  }

  /// What to do about it.
  public var hint: String? {
    switch self {
    case .probeFailed(_, _, _, let hint): return hint
    case .redactionKey(_, _, let hint): return hint
    case .configFile: return "fix the path, or leave the file out"
    case .notebook: return "fix the path, or leave the notebook out"
    case .dataIncomplete: return "fix them, or allow a partial capture without them"
    case .secretsWithoutKey:
      return
        "make room for the key or make its folder writable, provide a key, or turn key generation off to store secrets without fingerprints"
    }
  }

  /// True when the capture failed a check of the data (exit code 1) rather than on bad input.
  public var isIncompleteData: Bool {
    if case .dataIncomplete = self { return true }
    return false
  }
}

/// A capture: the snapshot and the (redacted) contents of its config files by recorded path.
public struct CaptureResult: Sendable {
  /// The snapshot.
  public var snapshot: Snapshot
  /// Config file contents, for `SnapshotArchive.write(snapshot:configContents:...)`.
  public var configContents: [String: [UInt8]]
  /// What the capture chose on its own and the user should hear about (one line each).
  public var notes: [String] = []
}

/// Runs the probes and assembles a snapshot.
public enum Capturer {
  /// Captures the environment described by `options` into a normalized snapshot. Blocks until the
  /// probes are done (about 35 ms for a venv of 160 packages, more with data files to hash); the
  /// work runs on threads of its own.
  public static func capture(_ options: CaptureOptions) throws -> CaptureResult {
    let redactor = Redactor(key: options.redactionKey, home: options.environment["HOME"])
    let info = CaptureInfo(
      toolVersion: options.toolVersion, time: Timestamp(options.time), hostName: hostName(),
      commandLine: redactor.redactCommandLine(options.commandLine), projectRoot: options.projectRoot)
    var snapshot = Snapshot(capture: info)
    let notebooks = try NotebookCapture.prepare(options)
    let kernelProbes = notebooks.startProbes(environment: options.environment)
    // Data files and environment variables do not depend on the interpreter: they are read while
    // the interpreter probe and the package scan run. If the probe fails, the error is reported
    // without waiting for the data (the reader only ever writes its own hash cache, atomically).
    let projectReader = WorkerThread {
      (
        data: Result { () throws(CaptureError) in try ProjectInputs.data(options) },
        environment: ProjectInputs.environment(options, redactor: redactor)
      )
    }
    let software = try InstalledSoftware.capture(options, notebookKernel: notebooks.agreedKernel)
    let (data, environment) = projectReader.join()
    snapshot.host = software.host
    snapshot.interpreter = software.interpreter
    snapshot.pythonPackages = software.pythonPackages
    snapshot.condaPackages = software.condaPackages
    snapshot.systemPackages = software.systemPackages
    snapshot.warnings = software.warnings
    snapshot.environment = environment
    let config = try ProjectInputs.config(options, redactor: redactor, interpreter: snapshot.interpreter)
    snapshot.configFiles = config.files
    snapshot.warnings += config.warnings
    let (dataFiles, dataWarnings) = try data.get()
    snapshot.dataFiles = dataFiles
    snapshot.warnings += dataWarnings
    let (entries, notebookWarnings) = notebooks.entries(
      interpreter: snapshot.interpreter, reports: NotebookCapture.finishProbes(kernelProbes),
      redactor: redactor)
    snapshot.notebooks = entries
    snapshot.warnings += notebookWarnings
    snapshot.normalize()
    if options.redactionKey == nil, let failure = options.redactionKeyFailure {
      let secrets = snapshot.redactionCount
      if secrets > 0 { throw CaptureError.secretsWithoutKey(count: secrets, keyFailure: failure) }
    }
    var result = CaptureResult(snapshot: snapshot, configContents: config.contents)
    if options.redactionKey == nil, let failure = options.redactionKeyFailure {
      result.notes.append(
        "no redaction key could be created (\(Diagnostic(failure).summary)); the capture found no secret to fingerprint"
      )
    }
    if let selection = snapshot.interpreter?.selection,
      selection.reason.hasPrefix(NotebookCapture.selectionReason),
      let kernel = notebooks.agreedKernel
    {
      let count = notebooks.items.filter { $0.document.kernelspec != nil }.count
      result.notes.append(
        "capturing the environment of notebook kernel `\(kernel.name)` (`\(kernel.interpreter)`), the kernel "
          + (count == 1 ? "of the notebook" : "all \(count) notebooks use")
          + "; pass `--python` to capture another")
    }
    return result
  }

  static func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
    return stringFromCBuffer(buffer)
  }
}

extension Snapshot {
  /// How many values the capture redacted: environment variables, config file values and
  /// kernelspec `env` values.
  var redactionCount: Int {
    environment.filter { $0.redaction != nil }.count
      + configFiles.reduce(0) { $0 + ($1.redactions?.count ?? 0) }
      + notebooks.reduce(0) { $0 + ($1.kernel?.env.filter { $0.redaction != nil }.count ?? 0) }
  }
}
