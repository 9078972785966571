import EnvlockArchive
import EnvlockRegistry
import EnvlockSigning

/// How the commands read the snapshot files they are given: all through `SnapshotFile`. An
/// `oci://` reference is pulled and checked in memory (the bytes go through `SnapshotFile.parse`,
/// the loader's own parser, labelled with the reference); nothing is written to disk.
enum SnapshotInput {
  /// Reads a snapshot from a file, or from a registry when `path` is an `oci://` reference; every
  /// failure is an input error (exit 2), as for `read(_:)`.
  static func read(_ path: String, registry: RegistryFlags) async throws(CommandFailure) -> SnapshotFile {
    guard RegistryReference.isReference(path) else { return try read(path) }
    do {
      return try await pull(path, registry: registry).file
    } catch {
      throw CommandFailure.input(error.error)
    }
  }

  /// Reads the archive `show` works on, from a file or a registry; a failed integrity check exits 1.
  static func archive(_ path: String, registry: RegistryFlags) async throws(CommandFailure) -> SnapshotArchive
  {
    guard RegistryReference.isReference(path) else { return try archive(path) }
    return try await pull(path, registry: registry).archive
  }

  /// Pulls and checks the archive an `oci://` reference names.
  static func pull(_ text: String, registry: RegistryFlags) async throws(CommandFailure)
    -> SnapshotRegistry.PullResult
  {
    let reference = try RegistryFlags.reference(text)
    let options = try registry.options(for: reference)
    do {
      return try await SnapshotRegistry.pull(reference, options: options)
    } catch {
      throw CommandFailure.from(error)
    }
  }

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

  /// The file, once its archive's signature is checked when a key is given.
  static func verified(_ file: SnapshotFile, _ label: String, _ key: PublicKey?) throws(CommandFailure)
    -> SnapshotFile
  {
    guard let key else { return file }
    guard let archive = file.archive else {
      throw CommandFailure.input(
        CommandError(
          "Cannot check a signature on `\(label)`: a JSON file carries none",
          hint: "pass the .envlock archive, or drop `--key`"))
    }
    do {
      try archive.verifySignature(with: key, file: label)
    } catch {
      throw CommandFailure.input(error)
    }
    return file
  }
}
