// Collects config files: the ones named with `--config` and `[config] files`, plus the well-known
// files of the project root (pyproject.toml, requirements*.txt, uv.lock, .env, ...) and pip's
// global, user and virtual-environment config. Each is stored whole, secrets redacted, under
// `config/<path>`: project files by their project-relative path, others as `@system/...`
// (absolute path), `@home/...` (relative to the home directory) or `@venv/...` (relative to the
// virtual environment).

import EnvlockRedaction
import EnvlockFileIO
import EnvlockModel
import EnvlockProject
import Glibc

/// Config files to store and their (redacted) contents.
public struct ConfigCollection: Sendable {
  /// The records, sorted by path.
  public var files: [ConfigFile] = []
  /// The stored bytes by recorded path.
  public var contents: [String: [UInt8]] = [:]
  /// Files that could not be read or were too large.
  public var warnings: [CaptureWarning] = []
}

/// Finds, reads and redacts config files.
public enum ConfigCollector {
  /// The largest config file stored (bigger files are left out with a warning).
  public static let maximumSize = 16 << 20

  /// Collects config files for a project. `explicit` files must exist (relative to the project);
  /// `virtualEnvironment` is the prefix whose `pip.conf` counts.
  public static func collect(
    projectRoot: String, explicit: [String], autoDetect: Bool, environment: [String: String],
    virtualEnvironment: String?, redactor: Redactor
  ) throws(CaptureError) -> ConfigCollection {
    var collection = ConfigCollection()
    var seen = Set<String>()
    func add(_ absolute: String, required: Bool) throws(CaptureError) {
      let recorded = recordedPath(
        absolute, projectRoot: projectRoot, environment: environment,
        virtualEnvironment: virtualEnvironment)
      guard seen.insert(recorded).inserted else { return }
      var st = stat()
      guard stat(absolute, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
        if required {
          throw .configFile(path: absolute, reason: "it is not a readable regular file")
        }
        return
      }
      switch FileSystem.read(absolute, limit: maximumSize) {
      case .failure(let error):
        if required { throw .configFile(path: absolute, reason: String(cString: strerror(error.code))) }
        collection.warnings.append(
          CaptureWarning(code: .configUnreadable, message: "config file left out: \(error)", path: recorded)
        )
      case .success(let bytes):
        let (stored, redactions) = ConfigTextRedaction.redact(
          bytes, format: ConfigFormat(path: absolute), redactor: redactor)
        collection.contents[recorded] = stored
        collection.files.append(
          ConfigFile(
            path: recorded, size: Int64(stored.count), mode: Int(st.st_mode & 0o7777),
            sha256: EnvlockModel.Digest.sha256(stored),
            redactions: redactions.isEmpty ? nil : redactions))
      }
    }
    for path in explicit {
      try add(lexicallyNormalized(joinPath(projectRoot, path)), required: true)
    }
    if autoDetect {
      if case .success(let entries) = FileSystem.list(projectRoot) {
        for entry in entries.sorted(by: { $0.name < $1.name })
        where !entry.isDirectory && WellKnownFiles.isConfigFile(entry.name) {
          try add(joinPath(projectRoot, entry.name), required: false)
        }
      }
      for path in pipConfigFiles(environment: environment, virtualEnvironment: virtualEnvironment) {
        try add(path, required: false)
      }
    }
    collection.files.sort { $0.path < $1.path }
    return collection
  }

  /// pip's config files: global, user, then the virtual environment's (pip's own order).
  static func pipConfigFiles(environment: [String: String], virtualEnvironment: String?) -> [String] {
    var paths = ["/etc/pip.conf", "/etc/xdg/pip/pip.conf"]
    if let dirs = environment["XDG_CONFIG_DIRS"] {
      paths += dirs.split(separator: ":").map { "\($0)/pip/pip.conf" }
    }
    if let home = environment["HOME"] {
      paths.append(joinPath(home, ".pip/pip.conf"))
      paths.append(joinPath(environment["XDG_CONFIG_HOME"] ?? joinPath(home, ".config"), "pip/pip.conf"))
      paths.append(joinPath(home, ".condarc"))
    }
    if let file = environment["PIP_CONFIG_FILE"], file != "/dev/null" { paths.append(file) }
    if let venv = virtualEnvironment { paths.append(joinPath(venv, "pip.conf")) }
    return paths
  }

  /// The path a config file is recorded (and stored) under.
  static func recordedPath(
    _ absolute: String, projectRoot: String, environment: [String: String], virtualEnvironment: String?
  ) -> String {
    func under(_ base: String?) -> String? {
      guard let base, !base.isEmpty, base != "/" else { return nil }
      let prefix = base.hasSuffix("/") ? base : base + "/"
      return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : nil
    }
    if let inside = under(projectRoot) { return inside }
    if let inside = under(virtualEnvironment) { return "@venv/" + inside }
    if let inside = under(environment["HOME"]) { return "@home/" + inside }
    return "@system" + absolute
  }
}
