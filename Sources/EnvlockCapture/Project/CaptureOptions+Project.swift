// Combines envlock.toml with command-line flags: lists add up (file entries first), a flag wins
// over a single setting.

import EnvlockFileIO
import EnvlockProject

extension CaptureOptions {
  /// Adds the project file's settings under the flags already set on these options.
  public mutating func apply(_ project: ProjectFile) {
    if python == nil, let interpreter = project.interpreter {
      pythonSource = "envlock.toml"
      python =
        interpreter.hasPrefix("/") ? interpreter : lexicallyNormalized(joinPath(projectRoot, interpreter))
    }
    dataPaths = project.data.paths + dataPaths
    followSymlinks = followSymlinks || project.data.followSymlinks
    configFiles = project.config.files + configFiles
    notebooks = project.notebooks.paths + notebooks
    autoDetectConfig = autoDetectConfig && project.config.autoDetect
    environmentFilter.include = project.environment.include + environmentFilter.include
    environmentFilter.exclude = project.environment.exclude + environmentFilter.exclude
    if dataHashing.cacheDirectory == nil, let directory = project.cacheDirectory {
      dataHashing.cacheDirectory = absolutePath(directory)
    }
  }

  /// The default cache folder of the project, `.envlock/cache`, made with its `.gitignore`.
  public func defaultCacheDirectory() throws(CaptureError) -> String {
    try ProjectStateDirectory.prepare(projectRoot: projectRoot)
    return joinPath(projectRoot, ".envlock/cache")
  }

  /// `path` made absolute against the project folder.
  public func absolutePath(_ path: String) -> String {
    path.hasPrefix("/") ? path : lexicallyNormalized(joinPath(projectRoot, path))
  }
}
