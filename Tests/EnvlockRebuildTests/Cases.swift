import EnvlockArchive
import EnvlockModel
import EnvlockRebuild
import EnvlockTestSupport
import Foundation

/// The reference snapshots under Snapshots/rebuild/<case>/ and how to plan them.
enum Cases {
  /// Every reference case.
  static let all = ["conda", "debian-venv", "hashed", "jupyter", "ubuntu-rc"]

  static func folder(_ name: String) -> URL {
    TestSupport.repoRoot.appendingPathComponent("Snapshots/rebuild/\(name)")
  }

  /// The source of a case: snapshot.json, plus config contents from config-contents/ when present.
  static func source(_ name: String) throws -> SnapshotFile {
    var source = try SnapshotFile.read(path: folder(name).appendingPathComponent("snapshot.json").path)
    for file in source.snapshot.configFiles {
      let url = folder(name).appendingPathComponent("config-contents").appendingPathComponent(file.path)
      if let data = try? Data(contentsOf: url) { source.configContents[file.path] = Array(data) }
    }
    return source
  }

  /// The plan of a case; locked-files.json, when present, stands in for `--hashes` lookups.
  static func plan(_ name: String, options: RebuildOptions = RebuildOptions(toolVersion: "0.1.0")) throws
    -> RebuildPlan
  {
    var options = options
    let locked = folder(name).appendingPathComponent("locked-files.json")
    if let data = try? Data(contentsOf: locked) {
      let decoder = JSONDecoder()
      decoder.keyDecodingStrategy = .convertFromSnakeCase
      options.lockedFiles = try decoder.decode([String: LockedFile].self, from: data)
      options.hashesRequested = true
    }
    return try RebuildPlan.make(try source(name), options: options)
  }

  /// Writes text to a fresh temporary file and returns its path.
  static func temporaryFile(_ name: String, _ text: String) throws -> String {
    let url = try TestSupport.temporaryDirectory("envlock-rebuild").appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }
}
