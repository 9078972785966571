import EnvlockFileIO
import Foundation

/// Writes a plan's files into the output directory.
public enum OutputDirectory {
  /// Writes every file of `plan` under `directory` (created if missing). A non-empty directory is refused
  /// unless `force`, which replaces envlock's files and leaves others alone. An empty `data-files/` folder
  /// is created when the snapshot has data files, for the user to fill.
  public static func write(_ plan: RebuildPlan, to directory: String, force: Bool) throws(RebuildError) {
    let fm = FileManager.default
    if let entries = try? fm.contentsOfDirectory(atPath: directory), !entries.isEmpty, !force {
      throw .outputNotEmpty(path: directory)
    }
    for (path, bytes) in plan.files() {
      let full = directory + "/" + path
      do {
        try fm.createDirectory(
          atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try AtomicFile.write(bytes, to: full, force: true)
      } catch {
        throw .cannotWrite(path: full, underlying: error)
      }
    }
    if !plan.snapshot.dataFiles.isEmpty {
      do {
        try fm.createDirectory(atPath: directory + "/data-files", withIntermediateDirectories: true)
      } catch {
        throw .cannotWrite(path: directory + "/data-files", underlying: error)
      }
    }
  }
}
