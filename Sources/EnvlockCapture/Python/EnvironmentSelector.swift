// Chooses the Python environment to capture: `--python`, then `$VIRTUAL_ENV`, then
// `$CONDA_PREFIX`, then `python3` on `PATH`. The choice and its reason go into the snapshot.

import EnvlockFileIO
import EnvlockModel

/// The interpreter a capture will probe, and the prefix it belongs to when known.
struct SelectedEnvironment: Sendable, Hashable {
  /// The interpreter to start (absolute path, not resolved).
  var interpreter: String
  /// A venv or conda prefix when the selection named one (`--python DIR`, `$VIRTUAL_ENV`, `$CONDA_PREFIX`).
  var prefix: String?
  /// What was chosen and why.
  var selection: InterpreterSelection
}

enum EnvironmentSelector {
  /// Picks the interpreter for `options`, or explains why none could be found.
  static func select(
    python: String?, source: String = "--python", environment: [String: String], workingDirectory: String
  ) throws(CaptureError) -> SelectedEnvironment {
    if let python, !python.isEmpty {
      let absolute = python.hasPrefix("/") ? python : lexicallyNormalized(joinPath(workingDirectory, python))
      if FileSystem.isDirectory(absolute) {
        guard let exe = interpreter(inPrefix: absolute) else {
          throw .probeFailed(
            probe: "interpreter", path: absolute,
            reason: "the directory has no `bin/python` or `bin/python3`",
            hint: "pass a virtual environment or conda prefix, or the interpreter itself")
        }
        return SelectedEnvironment(
          interpreter: exe, prefix: absolute, selection: InterpreterSelection(path: exe, reason: source))
      }
      if python.contains("/") || FileSystem.exists(absolute) {
        guard FileSystem.isExecutableFile(absolute) else {
          throw .probeFailed(
            probe: "interpreter", path: absolute,
            reason: FileSystem.exists(absolute)
              ? "it is not an executable file" : "it does not exist",
            hint: "pass the path of a Python interpreter or of a virtual environment")
        }
        return SelectedEnvironment(
          interpreter: absolute, prefix: nil,
          selection: InterpreterSelection(path: absolute, reason: source))
      }
      // A bare name such as `python3.12`: look it up on PATH.
      guard let found = findExecutable(python, path: environment["PATH"]) else {
        throw .probeFailed(
          probe: "interpreter", path: python, reason: "it was not found on `PATH`",
          hint: "pass an absolute path to the interpreter or to a virtual environment")
      }
      return SelectedEnvironment(
        interpreter: found, prefix: nil, selection: InterpreterSelection(path: found, reason: source))
    }
    for variable in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
      guard let prefix = environment[variable], !prefix.isEmpty else { continue }
      guard let exe = interpreter(inPrefix: prefix) else {
        throw .probeFailed(
          probe: "interpreter", path: prefix,
          reason: "`$\(variable)` names a directory without `bin/python`",
          hint: "activate an existing environment, or unset `\(variable)`")
      }
      return SelectedEnvironment(
        interpreter: exe, prefix: prefix, selection: InterpreterSelection(path: exe, reason: variable))
    }
    guard let found = findExecutable("python3", path: environment["PATH"]) else {
      throw .probeFailed(
        probe: "interpreter", path: nil, reason: "no `python3` on `PATH` and no active environment",
        hint: "name the interpreter or the virtual environment to capture")
    }
    return SelectedEnvironment(
      interpreter: found, prefix: nil, selection: InterpreterSelection(path: found, reason: "PATH"))
  }

  /// `PREFIX/bin/python` or `PREFIX/bin/python3`, when executable.
  static func interpreter(inPrefix prefix: String) -> String? {
    for name in ["bin/python", "bin/python3"] {
      let candidate = joinPath(prefix, name)
      if FileSystem.isExecutableFile(candidate) { return candidate }
    }
    return nil
  }
}
