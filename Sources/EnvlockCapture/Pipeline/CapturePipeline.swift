// Orders the probes for speed: the interpreter probe starts first; the host, the package databases
// and the likely site directories are read while it runs; then the results are reconciled with
// what the interpreter reported, and ELF dependencies are mapped to system packages.

import EnvlockFileIO
import Dispatch
import EnvlockModel

/// The sections of a snapshot that the capture probes fill.
struct CapturedSections: Sendable {
  var host: Host?
  var interpreter: Interpreter?
  var pythonPackages: [PythonPackage] = []
  var condaPackages: [CondaPackage] = []
  var systemPackages: [SystemPackage] = []
  var warnings: [CaptureWarning] = []
}

/// Where the host-level databases live (tests point them at fixtures).
struct CaptureSources: Sendable {
  var dpkgStatus = "/var/lib/dpkg/status"
  var apkInstalled = "/lib/apk/db/installed"
  var rpmDatabase = "/var/lib/rpm"
  var dpkgInfo = "/var/lib/dpkg/info"
  var ldCache = "/etc/ld.so.cache"
}

enum CapturePipeline {
  /// Runs every probe for `options`. Without `--python`, `notebookKernel` (the kernel all the
  /// project's notebooks use) chooses the environment.
  static func run(
    _ options: CaptureOptions, sources: CaptureSources = CaptureSources(),
    notebookKernel: (name: String, interpreter: String)? = nil
  ) throws(CaptureError) -> CapturedSections {
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

    // Host and dpkg status on another thread while this one reads site-packages.
    let background = DispatchGroup()
    let hostBox = Box<(Host, [CaptureWarning])>()
    let systemBox = Box<[SystemPackage]>()
    let hashBox = Box<[String: Digest]>()
    let hashing = DispatchGroup()
    hashing.enter()
    startThread {
      hashBox.value = InterpreterProbe.hashInterpreterFiles(
        selected.interpreter, cacheDirectory: options.interpreterHashCache)
      hashing.leave()
    }
    background.enter()
    startThread {
      var w: [CaptureWarning] = []
      let host = HostProbe.probe(environment: options.environment, warnings: &w)
      systemBox.value =
        (DpkgStatus.installedPackages(statusPath: sources.dpkgStatus, warnings: &w) ?? [])
        + (ApkInstalled.installedPackages(path: sources.apkInstalled, warnings: &w) ?? [])
        + (RpmDatabase.installedPackages(
          directory: sources.rpmDatabase, environment: options.environment, warnings: &w) ?? [])
      hostBox.value = (host, w)
      background.leave()
    }

    let scanner = SiteScanner()
    scanner.load(siteDirectories: SiteScanner.guessSiteDirectories(for: selected))
    // The dpkg file index is only needed when some distribution ships compiled code.
    let ownersBox = Box<DpkgFileOwners>()
    let ownersGroup = DispatchGroup()
    var ownersStarted = false
    func startOwnersIfNeeded() {
      guard !ownersStarted else { return }
      let anyShared = scanner.reads.values.contains { $0.contains { !($0.0?.sharedObjects.isEmpty ?? true) } }
      guard anyShared else { return }
      ownersStarted = true
      DispatchQueue.global().async(group: ownersGroup) {
        ownersBox.value = DpkgFileOwners(infoDirectory: sources.dpkgInfo)
      }
    }
    startOwnersIfNeeded()

    // While the probe still runs, encode a few of the packages read so far and drop the bytes:
    // the first encoding of each snapshot type pays the Swift runtime's one-time type-metadata
    // work (about 2 ms), better spent here, waiting anyway, than after the probe.
    if !child.outputClosed {
      let sample = scanner.reads.values.lazy.flatMap { $0 }.compactMap { $0.0?.package }.prefix(16)
      _ = try? CanonicalJSON.encode(Array(sample))
    }

    var sections = CapturedSections()
    let report = try InterpreterProbe.finish(child, interpreter: selected.interpreter)
    scanner.load(siteDirectories: report.siteDirectories)
    startOwnersIfNeeded()
    hashing.wait()
    sections.interpreter = InterpreterProbe.interpreter(
      from: report, selection: selected.selection, siteDirectories: report.siteDirectories,
      precomputed: hashBox.value ?? [:], warnings: &sections.warnings)

    var (distributions, packageWarnings) = scanner.distributions(siteDirectories: report.siteDirectories)
    sections.warnings += packageWarnings

    if ownersStarted {
      ownersGroup.wait()
      let resolver =
        sources.ldCache == "/etc/ld.so.cache"
        ? LibraryResolver.shared : LibraryResolver(cachePath: sources.ldCache, multiarch: report.multiarch)
      sections.warnings += SystemDependencies.fill(
        &distributions, owners: ownersBox.value, resolver: resolver)
    }
    if let conda = CondaReader.read(prefix: report.prefix) {
      sections.condaPackages = conda.packages
      sections.warnings += conda.warnings
      // Distributions in the conda prefix that no conda record installed came from pip or uv.
      for d in distributions where d.package.location.hasPrefix(report.prefix + "/") {
        let dir = lastComponent(d.metadataPath)
        if !conda.ownedMetadataDirectories.contains(dir) && d.package.installer == nil {
          sections.warnings.append(
            CaptureWarning(
              code: .condaPrefixForeignPackage,
              message:
                "\(d.package.displayName) is in the conda prefix but no conda record installed it, and it names no installer",
              path: d.metadataPath))
        }
      }
    }
    sections.pythonPackages = distributions.map(\.package)

    background.wait()
    if let (host, w) = hostBox.value {
      sections.host = host
      sections.warnings += w
    }
    sections.systemPackages = systemBox.value ?? []
    return sections
  }
}

/// A mutable cell handed between threads; each writer owns it until the reader waits for it.
final class Box<T>: @unchecked Sendable {
  /// The value, nil until a writer sets it.
  var value: T?
  init(_ value: T? = nil) { self.value = value }
}
