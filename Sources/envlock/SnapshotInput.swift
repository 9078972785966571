import EnvlockArchive

/// How the commands read the snapshot files they are given: all through `SnapshotFile.read`.
enum SnapshotInput {
  /// Reads a snapshot for `diff` and `check`, where exit 1 means "different" or "a rule failed":
  /// an unreadable, malformed or tampered file is an input error (exit 2).
  static func read(_ path: String) throws(CommandFailure) -> SnapshotFile {
    do {
      return try SnapshotFile.read(path: path)
    } catch {
      throw CommandFailure.input(error)
    }
  }

  /// Reads the `.envlock` archive `show`, `verify` and `extract` work on; a failed integrity check
  /// exits 1, and a JSON snapshot (no signature, no members) is an input error.
  static func archive(_ path: String) throws(CommandFailure) -> SnapshotArchive {
    let file: SnapshotFile
    do {
      file = try SnapshotFile.read(path: path)
    } catch {
      throw CommandFailure.from(error)
    }
    guard let archive = file.archive else {
      throw CommandFailure.input(
        CommandError(
          "`\(path)` is a JSON snapshot, not an .envlock archive: it carries no signature and no members",
          hint: "pass the .envlock archive"))
    }
    return archive
  }
}
