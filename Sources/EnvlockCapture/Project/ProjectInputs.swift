// What the project's code reads besides its packages: environment variables, config files and data
// files, each captured from the options (not from the interpreter).

import EnvlockRedaction
import EnvlockModel

/// Captures the inputs of the project: environment variables, config files and data files.
enum ProjectInputs {
  /// Environment variables, filtered and redacted.
  static func environment(_ options: CaptureOptions, redactor: Redactor) -> [RecordedVariable] {
    EnvironmentProbe.capture(
      options.environment, filter: options.environmentFilter, redactor: redactor,
      keyVariable: options.redactionKeyVariable)
  }

  /// Config files, with the virtual environment's pip.conf when the interpreter runs in one.
  static func config(
    _ options: CaptureOptions, redactor: Redactor, interpreter: Interpreter?
  ) throws(CaptureError) -> ConfigCollection {
    let venv =
      interpreter.flatMap { $0.isVirtualEnvironment ? $0.prefix : nil } ?? options.environment["VIRTUAL_ENV"]
    return try ConfigCollector.collect(
      projectRoot: options.projectRoot, explicit: options.configFiles, autoDetect: options.autoDetectConfig,
      environment: options.environment, virtualEnvironment: venv, redactor: redactor)
  }

  /// Data files; unreadable or changing files fail the capture unless `allowPartial`.
  static func data(_ options: CaptureOptions) throws(CaptureError) -> ([DataFile], [CaptureWarning]) {
    guard !options.dataPaths.isEmpty else { return ([], []) }
    let result = DataHasher.run(
      operands: options.dataPaths, projectRoot: options.projectRoot, followSymlinks: options.followSymlinks,
      options: options.dataHashing)
    guard result.problems.isEmpty || options.allowPartial else {
      throw .dataIncomplete(problems: result.problems)
    }
    let missing = result.problems.map {
      CaptureWarning(code: .dataMissing, message: "left out of the capture: \($0.reason)", path: $0.path)
    }
    return (result.files, result.warnings + missing)
  }
}
