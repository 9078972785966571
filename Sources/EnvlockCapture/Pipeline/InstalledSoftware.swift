// Orders the probes for speed: the interpreter probe starts first; the interpreter's files are
// hashed, and the host and the package databases read, on threads of their own while this thread
// reads the likely site directories; then the results are reconciled with what the interpreter
// reported, and ELF dependencies are mapped to system packages.

import EnvlockFileIO
import EnvlockModel

/// What is installed where the interpreter runs: the host, the interpreter, and its Python, conda
/// and system packages (the snapshot sections the probes fill).
struct InstalledSoftware: Sendable {
  var host: Host?
  var interpreter: Interpreter?
  var pythonPackages: [PythonPackage] = []
  var condaPackages: [CondaPackage] = []
  var systemPackages: [SystemPackage] = []
  var warnings: [CaptureWarning] = []

  /// Runs every probe for `options`. Without `--python`, `notebookKernel` (the kernel all the
  /// project's notebooks use) chooses the environment.
  static func capture(
    _ options: CaptureOptions, notebookKernel: (name: String, interpreter: String)? = nil
  ) throws(CaptureError) -> InstalledSoftware {
    let selected: SelectedEnvironment
    if options.python?.isEmpty ?? true, let kernel = notebookKernel {
      selected = SelectedEnvironment(
        interpreter: kernel.interpreter, prefix: nil,
        selection: InterpreterSelection(
          path: kernel.interpreter, reason: "\(NotebookCapture.selectionReason) \(kernel.name)"))
    } else {
      selected = try EnvironmentSelector.select(
        python: options.python, source: options.pythonSource, environment: options.environment,
        workingDirectory: FileSystem.currentDirectory())
    }
    let child: ChildProcess
    switch InterpreterProbe.start(interpreter: selected.interpreter, environment: options.environment) {
    case .success(let c): child = c
    case .failure(let e):
      throw .probeFailed(
        probe: "interpreter", path: selected.interpreter, reason: "it could not be started: \(e.reason)",
        hint: "choose a working interpreter or virtual environment")
    }

    // The interpreter's files, the host and the package databases on threads of their own while
    // this one reads site-packages.
    let interpreterHashes = WorkerThread {
      InterpreterProbe.hashInterpreterFiles(
        selected.interpreter, cacheDirectory: options.interpreterHashCache)
    }
    let hostAndDatabases = WorkerThread {
      var warnings: [CaptureWarning] = []
      let host = HostProbe.probe(environment: options.environment, warnings: &warnings)
      let packages =
        (DpkgStatus.installedPackages(warnings: &warnings) ?? [])
        + (ApkInstalled.installedPackages(warnings: &warnings) ?? [])
        + (RpmDatabase.installedPackages(environment: options.environment, warnings: &warnings) ?? [])
      return (host: host, systemPackages: packages, warnings: warnings)
    }

    var scanner = SiteScanner()
    scanner.load(siteDirectories: SiteScanner.guessSiteDirectories(for: selected))
    // The dpkg file index is only needed when some distribution ships compiled code.
    var fileOwners: WorkerThread<DpkgFileOwners?>?
    func startFileOwnersIfNeeded() {
      guard fileOwners == nil, scanner.anySharedObjects else { return }
      fileOwners = WorkerThread { DpkgFileOwners() }
    }
    startFileOwnersIfNeeded()

    // While the probe still runs, encode a few of the packages read so far and drop the bytes:
    // the first encoding of each snapshot type pays the Swift runtime's one-time type-metadata
    // work (about 2 ms), better spent here, waiting anyway, than after the probe.
    if !child.outputClosed {
      let sample = scanner.reads.values.lazy.flatMap { $0 }.compactMap { $0.0?.package }.prefix(16)
      _ = try? CanonicalJSON.encode(Array(sample))
    }

    var software = InstalledSoftware()
    let report = try InterpreterProbe.finish(child, interpreter: selected.interpreter)
    scanner.load(siteDirectories: report.siteDirectories)
    startFileOwnersIfNeeded()
    software.interpreter = InterpreterProbe.interpreter(
      from: report, selection: selected.selection, siteDirectories: report.siteDirectories,
      precomputed: interpreterHashes.join(), warnings: &software.warnings)

    var (distributions, packageWarnings) = scanner.distributions(siteDirectories: report.siteDirectories)
    software.warnings += packageWarnings

    if let fileOwners {
      software.warnings += SystemDependencies.fill(
        &distributions, owners: fileOwners.join(), resolver: LibraryResolver.shared)
    }
    if let conda = CondaReader.read(prefix: report.prefix) {
      software.condaPackages = conda.packages
      software.warnings += conda.warnings
      // Distributions in the conda prefix that no conda record installed came from pip or uv.
      for d in distributions where d.package.location.hasPrefix(report.prefix + "/") {
        let dir = lastComponent(d.metadataPath)
        if !conda.ownedMetadataDirectories.contains(dir) && d.package.installer == nil {
          software.warnings.append(
            CaptureWarning(
              code: .condaPrefixForeignPackage,
              message:
                "\(d.package.displayName) is in the conda prefix but no conda record installed it, and it names no installer",
              path: d.metadataPath))
        }
      }
    }
    software.pythonPackages = distributions.map(\.package)

    let (host, systemPackages, hostWarnings) = hostAndDatabases.join()
    software.host = host
    software.warnings += hostWarnings
    software.systemPackages = systemPackages
    return software
  }
}
