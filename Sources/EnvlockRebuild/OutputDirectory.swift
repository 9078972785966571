import EnvlockFileIO

/// Writes a plan's files into the output directory.
public enum OutputDirectory {
  /// Writes every file of `plan` under `directory` (created if missing). A non-empty directory is refused
  /// unless `force`, which replaces envlock's files and leaves others alone. An empty `data-files/` folder
  /// is created when the snapshot has data files, for the user to fill. Nothing is written outside
  /// `directory`: a symbolic link inside it (a folder such as `config-files/`, or a file) is refused,
  /// never followed, and is found before any file is written.
  public static func write(_ plan: RebuildPlan, to directory: String, force: Bool) throws(RebuildError) {
    let folder: OutputFolder
    do {
      folder = try OutputFolder(directory)
      if !force, !(try folder.entries()).isEmpty { throw RebuildError.outputNotEmpty(path: directory) }
    } catch let error as RebuildError {
      throw error
    } catch {
      throw .cannotWrite(path: directory, underlying: error)
    }
    let files = plan.files()
    // Refuse before writing anything when a link or another file is in the way; `write` checks again.
    for (path, _) in files {
      do {
        try folder.check(path)
      } catch {
        throw .cannotWrite(path: joinPath(directory, path), underlying: error)
      }
    }
    for (path, bytes) in files {
      do {
        try folder.write(bytes, to: path, replace: true)
      } catch {
        throw .cannotWrite(path: joinPath(directory, path), underlying: error)
      }
    }
    if !plan.snapshot.dataFiles.isEmpty {
      do {
        try folder.makeFolder("data-files")
      } catch {
        throw .cannotWrite(path: joinPath(directory, "data-files"), underlying: error)
      }
    }
  }
}
