// Notebooks in a capture: read the notebooks, find each one's kernelspec, pick the kernel's
// environment when every notebook agrees on one kernel (and no interpreter was named), start a
// small probe of every kernel interpreter while the main capture runs, then record one entry per
// notebook with the warnings a user needs (missing kernel, Python changed, kernels disagree).

import EnvlockRedaction
import EnvlockFileIO
import EnvlockModel
import Foundation

/// One notebook file that was read, with the kernelspec found for it.
struct NotebookItem: Sendable {
  /// The notebook's path relative to the project.
  var path: String
  /// What the notebook says.
  var document: NotebookDocument
  /// The kernelspec lookup for `document.kernelspec`, nil when the notebook names no kernel.
  var lookup: KernelLookup?
  /// The interpreter the kernel's `argv[0]` starts, when it resolved.
  var interpreter: String?
}

/// What a kernel interpreter reports about itself now.
struct KernelInterpreterReport: Sendable, Hashable {
  /// `sys.prefix`.
  var prefix: String
  /// The full Python version, for example `3.11.7`.
  var version: String
}

/// The notebooks of a capture, read before the interpreter is chosen.
struct NotebookCapture: Sendable {
  /// Notebooks that could be read, sorted by path.
  var items: [NotebookItem] = []
  /// Problems found so far (malformed notebooks, kernels that disagree).
  var warnings: [CaptureWarning] = []
  /// The kernel every notebook names, when they agree on one whose interpreter resolved.
  var agreedKernel: (name: String, interpreter: String)?
  /// The kernelspec search path used.
  var finder: KernelspecFinder

  /// The start of `interpreter.selection.reason` when the notebooks' kernel chose the environment.
  static let selectionReason = "notebook kernel"

  /// The probe every distinct kernel interpreter gets: its prefix (as the interpreter probe
  /// computes it, venvs included under `-S`) and its version (as `platform.python_version()`).
  static let probeScript = """
    import sys, os
    exe_dir = os.path.dirname(os.path.abspath(sys.executable))
    prefix = sys.prefix
    if any(os.path.isfile(os.path.join(d, 'pyvenv.cfg')) for d in (exe_dir, os.path.dirname(exe_dir))):
        prefix = os.path.dirname(exe_dir)
    sys.stdout.write(prefix + '\\n' + sys.version.split(None, 1)[0] + '\\n')
    """

  /// Reads the notebooks of `options` and looks up their kernels.
  static func prepare(_ options: CaptureOptions) throws(CaptureError) -> NotebookCapture {
    let finder = KernelspecFinder(
      environment: options.environment, candidatePrefixes: candidatePrefixes(options))
    var plan = NotebookCapture(finder: finder)
    guard !options.notebooks.isEmpty else { return plan }
    for file in try notebookFiles(options, warnings: &plan.warnings) {
      let path = DataWalker.relative(file, to: options.projectRoot)
      let bytes: [UInt8]
      switch InputFile.read(file, .notebook) {
      case .success(let b): bytes = b
      case .failure(let problem) where problem.isRefused:
        plan.warnings.append(
          InputFile.warning(problem, path: path, kind: .notebook, unreadableCode: .notebookMalformed))
        continue
      case .failure(let problem):
        throw .notebook(path: file, reason: problem.reason)
      }
      switch NotebookReader.parse(bytes) {
      case .failure(let problem):
        plan.warnings.append(
          CaptureWarning(
            code: .notebookMalformed,
            message: "notebook `\(path)` was left out: \(problem.reason)"
              + (problem.hint.map { "; \($0)" } ?? ""),
            path: path))
      case .success(let document):
        var item = NotebookItem(path: path, document: document)
        if let name = document.kernelspec?.name {
          let lookup = finder.find(name)
          item.lookup = lookup
          if case .found(let spec) = lookup {
            item.interpreter = finder.interpreter(of: spec, workingDirectory: options.projectRoot)
          }
        }
        plan.items.append(item)
      }
    }
    plan.items.sort { $0.path < $1.path }
    plan.decideKernel()
    return plan
  }

  /// Sets `agreedKernel`, or warns that the notebooks use different kernels.
  private mutating func decideKernel() {
    var byName: [String: [String]] = [:]
    for item in items {
      guard let name = item.document.kernelspec?.name.lowercased() else { continue }
      byName[name, default: []].append(item.path)
    }
    if byName.count > 1 {
      let list = byName.keys.sorted().map { name in
        "`\(name)` (\(byName[name]!.joined(separator: ", ")))"
      }
      warnings.append(
        CaptureWarning(
          code: .notebookKernelsDiffer,
          message:
            "the project's notebooks use different kernels: \(list.joined(separator: "; ")); the snapshot records one environment, so pass `--python` with the kernel to capture"
        ))
      return
    }
    guard let name = byName.keys.first,
      let item = items.first(where: { $0.document.kernelspec?.name.lowercased() == name }),
      let interpreter = item.interpreter
    else { return }
    agreedKernel = (name, interpreter)
  }

  /// Starts the small probe of every distinct kernel interpreter (run while the capture works).
  func startProbes(environment: [String: String]) -> [String: ChildProcess] {
    var children: [String: ChildProcess] = [:]
    for interpreter in Set(items.compactMap(\.interpreter)) {
      if case .success(let child) = ChildProcess.start(
        interpreter, ["-I", "-S", "-c", Self.probeScript], environment: environment)
      {
        children[interpreter] = child
      }
    }
    return children
  }

  /// Collects the probes started by `startProbes`.
  static func finishProbes(_ children: [String: ChildProcess]) -> [String: KernelInterpreterReport] {
    var reports: [String: KernelInterpreterReport] = [:]
    for (interpreter, child) in children {
      let outcome = child.wait(timeout: 20)
      guard outcome.status == 0, !outcome.timedOut else { continue }
      let lines = String(decoding: outcome.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
      guard lines.count >= 2 else { continue }
      reports[interpreter] = KernelInterpreterReport(prefix: lines[0], version: lines[1])
    }
    return reports
  }

  /// The snapshot entries and warnings, given the captured interpreter and the kernel probes.
  func entries(
    interpreter captured: Interpreter?, reports: [String: KernelInterpreterReport], redactor: Redactor
  ) -> ([NotebookEntry], [CaptureWarning]) {
    var out: [NotebookEntry] = []
    var warnings = self.warnings
    for item in items {
      let doc = item.document
      var entry = NotebookEntry(
        path: item.path, sha256: doc.sha256, nbformat: doc.nbformat, nbformatMinor: doc.nbformatMinor,
        kernelspec: doc.kernelspec, languageInfo: doc.languageInfo)
      func warn(_ code: CaptureWarning.Code, _ message: String) {
        warnings.append(CaptureWarning(code: code, message: message, path: item.path))
      }
      guard let wanted = doc.kernelspec else {
        warn(.notebookNoKernelspec, "notebook `\(item.path)` names no kernel (`metadata.kernelspec`)")
        out.append(entry)
        continue
      }
      switch item.lookup {
      case .none, .notFound:
        warn(
          .kernelspecNotFound,
          "kernelspec `\(wanted.name)` of notebook `\(item.path)` was not found in the Jupyter data directories ("
            + finder.dataDirectories.map { redactor.normalizeHome($0) }.joined(separator: ", ")
            + "); the notebook cannot start on this machine")
      case .malformed(let file, let reason):
        warn(
          .kernelspecMalformed,
          "kernelspec `\(wanted.name)` of notebook `\(item.path)` is unusable: `\(redactor.normalizeHome(file))`: \(reason)"
        )
      case .found(let spec):
        let report = item.interpreter.flatMap { reports[$0] }
        entry.kernel = JupyterKernel(
          name: spec.name, resourceDirectory: redactor.normalizeHome(spec.directory),
          displayName: spec.displayName, language: spec.language,
          argv: redactor.redactCommandLine(spec.argv), interruptMode: spec.interruptMode,
          env: spec.env.map { variable in
            let (value, redaction) = redactor.redact(name: variable.name, value: variable.value)
            return RecordedVariable(name: variable.name, value: value, redaction: redaction)
          },
          interpreter: item.interpreter, pythonVersion: report?.version)
        guard let interpreter = item.interpreter else {
          warn(
            .kernelInterpreterMissing,
            "kernel `\(spec.name)` of notebook `\(item.path)` starts `\(spec.argv[0])`, which was not found")
          break
        }
        guard let report else {
          warn(
            .kernelInterpreterFailed,
            "kernel `\(spec.name)` of notebook `\(item.path)`: `\(interpreter)` did not run as a Python interpreter"
          )
          break
        }
        if let captured, report.prefix == captured.prefix {
          entry.environment = captured.prefix
        } else {
          warn(
            .notebookKernelNotCaptured,
            "notebook `\(item.path)` runs in kernel `\(spec.name)` (`\(report.prefix)`), which is not the captured environment"
              + (captured.map { " (`\($0.prefix)`)" } ?? "")
              + "; pass `--python \(report.prefix)` to capture it")
        }
        let language = (spec.language ?? wanted.language ?? doc.languageInfo?.name ?? "").lowercased()
        if language == "python", let ran = doc.languageInfo?.version, ran != report.version {
          warn(
            .notebookPythonVersionChanged,
            "notebook `\(item.path)` last ran with Python \(ran), but its kernel `\(spec.name)` now runs Python \(report.version)"
          )
        }
      }
      out.append(entry)
    }
    return (out, warnings)
  }

  /// The notebook files named by `options.notebooks`: files, folders (their `*.ipynb`) and globs.
  static func notebookFiles(_ options: CaptureOptions, warnings: inout [CaptureWarning]) throws(CaptureError)
    -> [String]
  {
    var files: [String] = []
    var seen = Set<String>()
    func add(_ file: String) {
      if seen.insert(file).inserted { files.append(file) }
    }
    for operand in options.notebooks {
      let absolute = options.absolutePath(operand)
      if operand.contains(where: { "*?[".contains($0) }) {
        let matches = expandGlob(absolute).filter { FileSystem.isFile($0) }
        if matches.isEmpty {
          warnings.append(
            CaptureWarning(
              code: .notebookGlobEmpty, message: "the notebook pattern `\(operand)` matches no file"))
        }
        matches.sorted().forEach(add)
      } else if FileSystem.isDirectory(absolute) {
        notebooks(under: absolute).forEach(add)
      } else if FileSystem.exists(absolute) {
        add(absolute)
      } else {
        throw .notebook(path: absolute, reason: "no such file")
      }
    }
    return files
  }

  /// The `*.ipynb` files under a folder, leaving out hidden folders such as `.ipynb_checkpoints`.
  private static func notebooks(under folder: String) -> [String] {
    var out: [String] = []
    guard case .success(let entries) = FileSystem.list(folder) else { return out }
    for entry in entries.sorted(by: { $0.name < $1.name }) where !entry.name.hasPrefix(".") {
      let path = joinPath(folder, entry.name)
      if entry.isDirectory {
        out += notebooks(under: path)
      } else if entry.name.hasSuffix(".ipynb") {
        out.append(path)
      }
    }
    return out
  }

  private static func expandGlob(_ pattern: String) -> [String] {
    var g = glob_t()
    defer { globfree(&g) }
    guard glob(pattern, 0, nil, &g) == 0 else { return [] }
    return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }
  }

  /// Prefixes whose `share/jupyter` may hold kernelspecs: the named interpreter or environment,
  /// `$VIRTUAL_ENV`, `$CONDA_PREFIX` and the prefix of `python3` on `PATH`.
  static func candidatePrefixes(_ options: CaptureOptions) -> [String] {
    var prefixes: [String] = []
    if let python = options.python, !python.isEmpty {
      let absolute = options.absolutePath(python)
      prefixes.append(
        FileSystem.isDirectory(absolute) ? absolute : parentDirectory(parentDirectory(absolute)))
    }
    for variable in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
      if let prefix = options.environment[variable], !prefix.isEmpty { prefixes.append(prefix) }
    }
    if let python3 = findExecutable("python3", path: options.environment["PATH"]) {
      prefixes.append(parentDirectory(parentDirectory(python3)))
    }
    return prefixes
  }
}
