// Where a project's redaction key comes from, first found wins: `--redaction-key FILE`, the
// variable `[redaction] key_env` (default ENVLOCK_REDACTION_KEY), the file `[redaction] key_file`
// (default .envlock/redaction.key), else, with `generate = true`, a new random key written to that
// file with mode 0600.

import EnvlockFileIO
import EnvlockProject
import EnvlockRedaction
import Foundation
import Glibc

/// The outcome of looking for the redaction key.
public struct RedactionKeyResolution: Sendable {
  /// The key, or nil when there is none (secrets are then stored without fingerprints).
  public var key: RedactionKey?
  /// The key file written by this capture, when one was generated.
  public var generatedFile: String?
  /// Why no key could be generated (for example a read-only project); secrets then have no fingerprint.
  public var generationFailure: CaptureError?
}

extension RedactionKey {
  /// Finds the redaction key for a project (see the file header for the order).
  public static func resolve(
    explicitFile: String?, settings: RedactionSettings, environment: [String: String], projectRoot: String
  ) throws(CaptureError) -> RedactionKeyResolution {
    if let explicitFile {
      let path = absolute(explicitFile, projectRoot)
      guard let key = try read(path) else {
        throw .redactionKey(
          path: path, reason: "the file does not exist",
          hint: "create it with `head -c 32 /dev/urandom | xxd -p -c 64 > \(explicitFile)`")
      }
      return RedactionKeyResolution(key: key)
    }
    if let text = environment[settings.keyEnvironmentVariable], !text.isEmpty {
      return RedactionKeyResolution(
        key: try make(Array(trimmed(text).utf8), source: "$" + settings.keyEnvironmentVariable))
    }
    let path = absolute(settings.keyFile, projectRoot)
    if let key = try read(path) { return RedactionKeyResolution(key: key) }
    guard settings.generate else { return RedactionKeyResolution() }
    var random = SystemRandomNumberGenerator()
    let hex = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
    do {
      try ProjectStateDirectory.prepare(projectRoot: projectRoot)
      try writePrivate(Array((hex + "\n").utf8), to: path)
    } catch {
      return RedactionKeyResolution(generationFailure: error)
    }
    // Read it back: a capture running at the same time may have written its key first.
    return RedactionKeyResolution(key: try read(path), generatedFile: path)
  }

  private static func read(_ path: String) throws(CaptureError) -> RedactionKey? {
    switch FileSystem.read(path, limit: 1 << 16) {
    case .success(let bytes):
      return try make(Array(trimmed(String(decoding: bytes, as: UTF8.self)).utf8), source: path)
    case .failure(let error) where error.code == ENOENT:
      return nil
    case .failure(let error):
      throw .redactionKey(
        path: path, reason: String(cString: strerror(error.code)),
        hint: "make the key file readable, or remove it")
    }
  }

  private static func make(_ bytes: [UInt8], source: String) throws(CaptureError) -> RedactionKey {
    guard bytes.count >= minimumLength else {
      throw .redactionKey(
        path: source, reason: "the key has \(bytes.count) bytes, at least \(minimumLength) are needed",
        hint: "use 64 random hex digits, for example `head -c 32 /dev/urandom | xxd -p -c 64`")
    }
    return RedactionKey(bytes: bytes, source: source)
  }

  /// `text` without trailing whitespace, found by index (stepping with `removeLast()` on a
  /// `Substring` is quadratic in the length).
  private static func trimmed(_ text: String) -> String {
    var end = text.endIndex
    while end > text.startIndex {
      let previous = text.index(before: end)
      guard text[previous].isWhitespace else { break }
      end = previous
    }
    return String(text[..<end])
  }

  static func absolute(_ path: String, _ root: String) -> String {
    path.hasPrefix("/") ? path : lexicallyNormalized(joinPath(root, path))
  }

  /// Writes a file only its owner can read, atomically; a key another capture wrote meanwhile is
  /// kept (the caller reads the file back).
  private static func writePrivate(_ bytes: [UInt8], to path: String) throws(CaptureError) {
    mkdir(parentDirectory(path), 0o700)
    do {
      try AtomicFile.write(bytes, to: path, force: false, mode: 0o600)
    } catch {
      switch error {
      case .destinationExists: return
      case .writeFailed(_, let reason):
        throw .redactionKey(path: path, reason: reason, hint: "check the folder's permissions")
      }
    }
  }
}

/// The `.envlock/` folder in a project: the redaction key and the hash cache, git-ignored.
enum ProjectStateDirectory {
  /// Creates `.envlock/` with a `.gitignore` that ignores everything in it.
  static func prepare(projectRoot: String) throws(CaptureError) {
    let directory = joinPath(projectRoot, ".envlock")
    if mkdir(directory, 0o700) != 0 && errno != EEXIST {
      throw .redactionKey(
        path: directory, reason: String(cString: strerror(errno)),
        hint: "check the project folder's permissions")
    }
    let ignore = joinPath(directory, ".gitignore")
    if !FileSystem.exists(ignore) {
      let text = "# envlock's private state (redaction key, hash cache): never commit it.\n*\n"
      _ = FileManager.default.createFile(atPath: ignore, contents: Data(text.utf8))
    }
  }
}
