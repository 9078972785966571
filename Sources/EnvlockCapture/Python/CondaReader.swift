// conda prefixes: every `conda-meta/*.json` package record, and which Python distributions
// the conda records own (their files list the `.dist-info`/`.egg-info`), so that packages pip
// installed into the same prefix can be told apart from conda's.

import EnvlockFileIO
import EnvlockModel
import Foundation

/// The conda records of one prefix.
struct CondaPrefix: Sendable {
  /// Package records, in file-name order.
  var packages: [CondaPackage]
  /// Metadata directory names (`x-1.0.dist-info`) that some conda record installed.
  var ownedMetadataDirectories: Set<String>
  /// Unreadable or invalid records.
  var warnings: [CaptureWarning]
}

enum CondaReader {
  /// Reads `PREFIX/conda-meta/*.json`; nil when the prefix has no `conda-meta` directory.
  static func read(prefix: String) -> CondaPrefix? {
    let meta = joinPath(prefix, "conda-meta")
    guard FileSystem.isDirectory(meta) else { return nil }
    var result = CondaPrefix(packages: [], ownedMetadataDirectories: [], warnings: [])
    guard case .success(let entries) = FileSystem.list(meta) else {
      result.warnings.append(
        CaptureWarning(code: .condaMetaUnreadable, message: "Cannot list conda-meta", path: meta))
      return result
    }
    let files = entries.map(\.name).filter { $0.hasSuffix(".json") }.sorted()
    let parsed = concurrentMap(files.count) { i in parseRecord(path: joinPath(meta, files[i])) }
    for (package, owned, warning) in parsed {
      if let package { result.packages.append(package) }
      result.ownedMetadataDirectories.formUnion(owned)
      if let warning { result.warnings.append(warning) }
    }
    return result
  }

  /// Parses one conda-meta record.
  static func parseRecord(path: String) -> (CondaPackage?, Set<String>, CaptureWarning?) {
    let bytes: [UInt8]
    switch InputFile.read(path, .condaRecord) {
    case .success(let read): bytes = read
    case .failure(let problem) where problem.isRefused:
      return (
        nil, [],
        InputFile.warning(problem, path: path, kind: .condaRecord, unreadableCode: .condaRecordUnreadable)
      )
    case .failure:
      return (
        nil, [],
        CaptureWarning(code: .condaRecordUnreadable, message: "Cannot read the conda record", path: path)
      )
    }
    guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
      let name = object["name"] as? String, let version = object["version"] as? String
    else {
      return (
        nil, [],
        CaptureWarning(
          code: .condaRecordInvalid, message: "The conda record is not JSON with `name` and `version`",
          path: path)
      )
    }
    let buildNumber = (object["build_number"] as? NSNumber)?.intValue ?? 0
    let package = CondaPackage(
      name: name, version: version, build: object["build"] as? String ?? "", buildNumber: buildNumber,
      channel: object["channel"] as? String, subdir: object["subdir"] as? String,
      md5: object["md5"] as? String,
      sha256: object["sha256"] as? String)
    var owned: Set<String> = []
    for file in object["files"] as? [String] ?? [] {
      for marker in [".dist-info/", ".egg-info/"] {
        guard let range = file.range(of: marker) else { continue }
        let upToMarker = file[..<range.upperBound].dropLast()
        owned.insert(lastComponent(String(upToMarker)))
      }
      if file.hasSuffix(".egg-info") { owned.insert(lastComponent(file)) }
    }
    return (package, owned, nil)
  }
}
