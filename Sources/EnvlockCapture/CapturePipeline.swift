// Orders the probes for speed: the interpreter probe starts first; the host, dpkg database and
// site-packages are read while it runs; then the results are reconciled.

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

enum CapturePipeline {
  /// Runs every probe for `options`.
  static func run(_ options: CaptureOptions) throws(CaptureError) -> CapturedSections {
    let selected = try EnvironmentSelector.select(
      python: options.python, environment: options.environment,
      workingDirectory: FileSystem.currentDirectory())
    let child: ChildProcess
    switch InterpreterProbe.start(interpreter: selected.interpreter, environment: options.environment) {
    case .success(let c): child = c
    case .failure(let e):
      throw .probeFailed(
        probe: "interpreter", path: selected.interpreter, reason: "it could not be started: \(e.reason)",
        hint: "pass `--python` with a working interpreter or virtual environment")
    }

    // The host probe runs on another thread while this one waits for the interpreter.
    let hostBox = Box<(Host, [CaptureWarning])>()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) {
      var w: [CaptureWarning] = []
      let host = HostProbe.probe(environment: options.environment, warnings: &w)
      hostBox.value = (host, w)
    }

    var sections = CapturedSections()
    let report = try InterpreterProbe.finish(child, interpreter: selected.interpreter)
    sections.interpreter = InterpreterProbe.interpreter(
      from: report, selection: selected.selection, siteDirectories: report.siteDirectories,
      warnings: &sections.warnings)
    group.wait()
    if let (host, w) = hostBox.value {
      sections.host = host
      sections.warnings += w
    }
    return sections
  }
}

/// A mutable cell handed between threads; each writer owns it until the reader waits for it.
final class Box<T>: @unchecked Sendable {
  /// The value, nil until a writer sets it.
  var value: T?
  init(_ value: T? = nil) { self.value = value }
}
