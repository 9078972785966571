// Finds Jupyter kernelspecs the way jupyter_core and jupyter_client do
// (https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs): `kernels/<name>/kernel.json`
// under each data directory of `jupyter --paths`, first match wins, names compared lowercased.
// The data directories, in order: `$JUPYTER_PATH` entries; the user data directory
// (`$JUPYTER_DATA_DIR`, else `$XDG_DATA_HOME/jupyter`, else `~/.local/share/jupyter`);
// `sys.prefix/share/jupyter` of the candidate environments; `/usr/local/share/jupyter`,
// `/usr/share/jupyter`. With `JUPYTER_PREFER_ENV_PATH` set to a true value the environments come
// before the user directory, as in jupyter_core 5.

import EnvlockFileIO
import EnvlockModel
import Foundation

/// A `kernel.json` as jupyter_client reads it.
struct KernelSpecFile: Sendable {
  /// The kernelspec name: its directory name, lowercased.
  var name: String
  /// The directory holding `kernel.json`.
  var directory: String
  /// The data directory it was found under (`.../share/jupyter`).
  var dataDirectory: String
  /// `argv`.
  var argv: [String]
  /// `display_name`.
  var displayName: String?
  /// `language`.
  var language: String?
  /// `interrupt_mode`.
  var interruptMode: String?
  /// `env`, sorted by name.
  var env: [(name: String, value: String)]
}

/// The result of looking a kernel name up.
enum KernelLookup: Sendable {
  /// Found and readable.
  case found(KernelSpecFile)
  /// A `kernel.json` exists but is not a usable kernelspec.
  case malformed(path: String, reason: String)
  /// No data directory has it.
  case notFound
}

struct KernelspecFinder: Sendable {
  /// The data directories searched, in order (each holds a `kernels/` folder).
  var dataDirectories: [String]
  /// Data directories that are `sys.prefix/share/jupyter` of an environment, with that prefix.
  var environmentPrefixes: [String: String]
  /// `PATH`, for bare `argv[0]` names.
  var path: String?

  /// The search path for `environment` with the given candidate environment prefixes.
  init(environment: [String: String], candidatePrefixes: [String]) {
    var user: String
    if let dir = environment["JUPYTER_DATA_DIR"], !dir.isEmpty {
      user = dir
    } else if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
      user = joinPath(xdg, "jupyter")
    } else {
      user = joinPath(environment["HOME"] ?? "/", ".local/share/jupyter")
    }
    user = lexicallyNormalized(user)
    var environments: [String] = []
    var prefixes: [String: String] = [:]
    for prefix in candidatePrefixes {
      let dir = joinPath(lexicallyNormalized(prefix), "share/jupyter")
      if prefixes[dir] == nil {
        prefixes[dir] = lexicallyNormalized(prefix)
        environments.append(dir)
      }
    }
    let preferEnvironment = ["1", "true", "yes", "on"].contains(
      (environment["JUPYTER_PREFER_ENV_PATH"] ?? "").lowercased())
    var dirs = (environment["JUPYTER_PATH"] ?? "").split(separator: ":").map {
      lexicallyNormalized(String($0))
    }
    dirs += preferEnvironment ? environments + [user] : [user] + environments
    dirs += ["/usr/local/share/jupyter", "/usr/share/jupyter"]
    var seen = Set<String>()
    dataDirectories = dirs.filter { !$0.isEmpty && seen.insert($0).inserted }
    environmentPrefixes = prefixes
    path = environment["PATH"]
  }

  /// Looks up a kernelspec by name (case-insensitively, like jupyter_client).
  func find(_ name: String) -> KernelLookup {
    let wanted = name.lowercased()
    for data in dataDirectories {
      let kernels = joinPath(data, "kernels")
      guard case .success(let entries) = FileSystem.list(kernels) else { continue }
      for entry in entries.sorted(by: { $0.name < $1.name })
      where entry.isDirectory && entry.name.lowercased() == wanted {
        let directory = joinPath(kernels, entry.name)
        let file = joinPath(directory, "kernel.json")
        guard FileSystem.isFile(file) else { continue }
        return Self.read(file, name: wanted, directory: directory, dataDirectory: data)
      }
    }
    return .notFound
  }

  /// Parses one `kernel.json`.
  static func read(_ file: String, name: String, directory: String, dataDirectory: String) -> KernelLookup {
    let bytes: [UInt8]
    switch InputFile.read(file, .kernelspec) {
    case .success(let read): bytes = read
    case .failure(let problem) where problem.isRefused:
      return .malformed(path: file, reason: problem.reason)
    case .failure: return .malformed(path: file, reason: "it cannot be read")
    }
    let raw: RawKernelSpec
    do {
      raw = try JSONDecoder().decode(RawKernelSpec.self, from: Data(bytes))
    } catch {
      return .malformed(path: file, reason: "it is not a JSON object with an `argv` list of strings")
    }
    guard !raw.argv.isEmpty else { return .malformed(path: file, reason: "its `argv` is empty") }
    return .found(
      KernelSpecFile(
        name: name, directory: directory, dataDirectory: dataDirectory, argv: raw.argv,
        displayName: raw.displayName, language: raw.language, interruptMode: raw.interruptMode,
        env: (raw.env ?? [:]).sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }))
  }

  /// The absolute interpreter `argv[0]` starts. A bare `python`, `python3` or `python3.X` in a
  /// kernelspec of an environment is that environment's interpreter (jupyter_client substitutes
  /// the running Python for such names; here that is the environment the spec belongs to);
  /// other bare names are looked up on `PATH`; relative paths are taken from `workingDirectory`.
  func interpreter(of spec: KernelSpecFile, workingDirectory: String) -> String? {
    let first = spec.argv[0]
    if first.hasPrefix("/") { return lexicallyNormalized(first) }
    if first.contains("/") { return lexicallyNormalized(joinPath(workingDirectory, first)) }
    if Self.isBarePython(first), let prefix = environmentPrefixes[spec.dataDirectory] {
      let candidate = joinPath(prefix, "bin/" + first)
      if FileSystem.isExecutableFile(candidate) { return candidate }
    }
    return findExecutable(first, path: path)
  }

  /// True for `python`, `python3` and `python3.X`.
  static func isBarePython(_ name: String) -> Bool {
    guard name.hasPrefix("python") else { return false }
    let rest = name.dropFirst("python".count)
    return rest.isEmpty || rest.allSatisfy { $0.isNumber || $0 == "." }
  }

  private struct RawKernelSpec: Decodable {
    var argv: [String]
    var displayName: String?
    var language: String?
    var interruptMode: String?
    var env: [String: String]?

    enum CodingKeys: String, CodingKey {
      case argv
      case displayName = "display_name"
      case language
      case interruptMode = "interrupt_mode"
      case env
    }
  }
}
