// The files and folders envlock recognizes in a project without being told: config files stored
// by every capture, virtual environments and data folders proposed by `envlock init`.

import Foundation

/// Names envlock recognizes in a project directory.
public enum WellKnownFiles {
  /// Config files stored automatically when they exist in the project root (`*` is a glob).
  public static let configPatterns = [
    "pyproject.toml", "setup.cfg", "requirements*.txt", "constraints*.txt", "uv.lock", "poetry.lock",
    "Pipfile", "Pipfile.lock", "environment.yml", "environment.yaml", ".python-version", "runtime.txt",
    "pip.conf", "pip.ini", ".condarc", ".env",
  ]

  /// Folder names `envlock init` proposes as data.
  public static let dataFolderNames = [
    "data", "datasets", "dataset", "models", "model", "checkpoints", "weights", "artifacts", "fixtures",
  ]

  /// True when `name` (a file name in the project root) is a well-known config file.
  public static func isConfigFile(_ name: String) -> Bool {
    configPatterns.contains { pattern in
      guard let star = pattern.firstIndex(of: "*") else { return name == pattern }
      let prefix = pattern[..<star]
      let suffix = pattern[pattern.index(after: star)...]
      return name.count >= prefix.count + suffix.count && name.hasPrefix(prefix) && name.hasSuffix(suffix)
    }
  }
}

/// What `envlock init` found in a project directory.
public struct ProjectDiscovery: Hashable, Sendable {
  /// A virtual environment folder (holding `pyvenv.cfg`), relative to the project.
  public var virtualEnvironment: String?
  /// Data folders that exist and are not empty, relative to the project.
  public var dataFolders: [String]
  /// Well-known config files present in the project root.
  public var configFiles: [String]
  /// Jupyter notebooks at the top level, and folders of notebooks (`notebooks/`, `nb/`).
  public var notebooks: [String]

  /// Creates a discovery result.
  public init(
    virtualEnvironment: String? = nil, dataFolders: [String] = [], configFiles: [String] = [],
    notebooks: [String] = []
  ) {
    self.virtualEnvironment = virtualEnvironment
    self.dataFolders = dataFolders
    self.configFiles = configFiles
    self.notebooks = notebooks
  }

  /// Looks at the top level of `projectRoot`.
  public static func scan(projectRoot: String) -> ProjectDiscovery {
    let fm = FileManager.default
    let names = ((try? fm.contentsOfDirectory(atPath: projectRoot)) ?? []).sorted()
    var result = ProjectDiscovery()
    func isDirectory(_ name: String) -> Bool {
      var dir: ObjCBool = false
      return fm.fileExists(atPath: projectRoot + "/" + name, isDirectory: &dir) && dir.boolValue
    }
    let venvOrder = [".venv", "venv", "env", ".env"]
    let venvs = names.filter {
      isDirectory($0) && fm.fileExists(atPath: projectRoot + "/" + $0 + "/pyvenv.cfg")
    }
    result.virtualEnvironment = venvs.min {
      (venvOrder.firstIndex(of: $0) ?? 99) < (venvOrder.firstIndex(of: $1) ?? 99)
    }
    result.dataFolders = names.filter { name in
      WellKnownFiles.dataFolderNames.contains(name.lowercased()) && isDirectory(name)
        && !((try? fm.contentsOfDirectory(atPath: projectRoot + "/" + name)) ?? []).isEmpty
    }
    result.configFiles = names.filter { WellKnownFiles.isConfigFile($0) && !isDirectory($0) }
    result.notebooks = names.filter { name in
      if name.hasSuffix(".ipynb") { return !isDirectory(name) }
      guard ["notebooks", "nb"].contains(name.lowercased()), isDirectory(name) else { return false }
      let inside = (try? fm.contentsOfDirectory(atPath: projectRoot + "/" + name)) ?? []
      return inside.contains { $0.hasSuffix(".ipynb") }
    }
    return result
  }
}
