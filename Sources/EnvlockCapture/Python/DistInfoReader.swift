// Reads one installed distribution's metadata directory natively: `*.dist-info` (PEP 376/566,
// core metadata, WHEEL, INSTALLER, REQUESTED, PEP 610 direct_url.json, RECORD) or a legacy
// `*.egg-info` (directory with PKG-INFO and requires.txt, or a single PKG-INFO file), or the
// `EGG-INFO` of an `.egg` directory.

import EnvlockFileIO
import EnvlockPackaging
import EnvlockModel
import Foundation

/// The kind of metadata an entry of a site directory holds.
enum MetadataKind: Sendable, Hashable {
  /// `name-version.dist-info/`.
  case distInfo
  /// `name.egg-info/` (directory).
  case eggInfoDirectory
  /// `name-version-pyX.Y.egg-info` (a single PKG-INFO file).
  case eggInfoFile
  /// `name-version-pyX.Y.egg/EGG-INFO/`.
  case egg
}

/// One distribution as read from disk, before deduplication.
struct InstalledDistribution: Sendable {
  /// The snapshot record.
  var package: PythonPackage
  /// The metadata directory (or file) it was read from.
  var metadataPath: String
  /// Absolute paths of the shared objects RECORD lists inside the site directory.
  var sharedObjects: [String]
  /// Problems met while reading it.
  var warnings: [CaptureWarning]
}

enum DistInfoReader {
  /// Classifies a site-directory entry name, or nil when it is not distribution metadata.
  static func kind(of entry: DirectoryEntry) -> MetadataKind? {
    if entry.name.hasSuffix(".dist-info") { return entry.isDirectory ? .distInfo : nil }
    if entry.name.hasSuffix(".egg-info") { return entry.isDirectory ? .eggInfoDirectory : .eggInfoFile }
    if entry.name.hasSuffix(".egg") && entry.isDirectory { return .egg }
    return nil
  }

  /// Reads the metadata entry `name` of `siteDirectory`. Returns nil (with warnings) when the entry
  /// has no usable name.
  static func read(
    siteDirectory: String, name: String, kind: MetadataKind
  ) -> (InstalledDistribution?, [CaptureWarning]) {
    let path = joinPath(siteDirectory, name)
    var warnings: [CaptureWarning] = []
    let metadataDirectory: String?
    let metadataFile: String
    switch kind {
    case .distInfo:
      metadataDirectory = path
      metadataFile = joinPath(path, "METADATA")
    case .eggInfoDirectory:
      metadataDirectory = path
      metadataFile = joinPath(path, "PKG-INFO")
    case .eggInfoFile:
      metadataDirectory = nil
      metadataFile = path
    case .egg:
      metadataDirectory = joinPath(path, "EGG-INFO")
      metadataFile = joinPath(path, "EGG-INFO/PKG-INFO")
    }

    var headers = MetadataHeaders([])
    switch InputFile.read(metadataFile, .metadata) {
    case .success(let bytes):
      headers = MetadataHeaders(bytes)
      if headers.invalidUTF8 {
        warnings.append(
          CaptureWarning(
            code: .metadataNotUTF8,
            message: "Metadata is not valid UTF-8; invalid bytes were replaced", path: metadataFile))
      }
    case .failure(.missing):
      warnings.append(
        CaptureWarning(
          code: .metadataUnreadable,
          message:
            "Cannot read the distribution metadata: \(FileReadError(path: metadataFile, code: ENOENT))",
          path: metadataFile))
    case .failure(.unreadable(let error)):
      warnings.append(
        CaptureWarning(
          code: .metadataUnreadable, message: "Cannot read the distribution metadata: \(error)",
          path: metadataFile))
    case .failure(let problem):
      warnings.append(
        InputFile.warning(problem, path: metadataFile, kind: .metadata, unreadableCode: .metadataUnreadable))
    }

    // Name and version: from the metadata, else from the directory name (as uv and pip fall back to).
    let fromDirectory = nameAndVersion(fromEntry: name)
    var displayName = headers.first("Name")?.trimming(" \t\r\n")
    if displayName?.isEmpty ?? true {
      displayName = fromDirectory.name
      if let fallback = displayName, !fallback.isEmpty {
        warnings.append(
          CaptureWarning(
            code: .metadataMissingName,
            message: "Metadata has no `Name`; using `\(fallback)` from the directory name", path: metadataFile
          ))
      }
    }
    guard let displayName, !displayName.isEmpty else {
      warnings.append(
        CaptureWarning(
          code: .metadataMissingName,
          message: "Metadata has no `Name` and the directory name has none either; the entry is left out",
          path: metadataFile))
      return (nil, warnings)
    }
    var version = headers.first("Version")?.trimming(" \t\r\n") ?? ""
    if version.isEmpty {
      version = fromDirectory.version ?? ""
      warnings.append(
        CaptureWarning(
          code: .metadataMissingVersion,
          message: version.isEmpty
            ? "Metadata has no `Version`; recorded with an empty version"
            : "Metadata has no `Version`; using `\(version)` from the directory name",
          path: metadataFile))
    }

    var package = PythonPackage(
      name: PackageName.normalize(displayName), displayName: displayName, version: version,
      summary: headers.first("Summary"), requiresDist: headers.all("Requires-Dist"),
      requiresPython: headers.first("Requires-Python"), providesExtra: headers.all("Provides-Extra"),
      metadataFormat: kind == .distInfo ? .distInfo : .eggInfo, location: siteDirectory,
      license: declaredLicense(headers))

    var sharedObjects: [String] = []
    if let dir = metadataDirectory {
      if kind != .distInfo && package.requiresDist.isEmpty,
        let text = InputFile.readIfPresent(
          joinPath(dir, "requires.txt"), .requiresTxt, unreadableCode: .metadataFileUnreadable,
          warnings: &warnings)
      {
        package.requiresDist = requirementsFromRequiresTxt(String(decoding: text, as: UTF8.self))
      }
      if kind == .distInfo, let wheel = readOptional(joinPath(dir, "WHEEL"), .smallMetadataFile, &warnings) {
        let h = MetadataHeaders(wheel)
        package.wheelTags = h.all("Tag").map { $0.trimming(" \t\r") }
        if let purelib = h.first("Root-Is-Purelib")?.trimming(" \t\r").lowercased() {
          package.rootIsPurelib = purelib == "true"
        }
      }
      if let installer = readOptional(joinPath(dir, "INSTALLER"), .smallMetadataFile, &warnings) {
        // pip's rule: the first non-empty line, stripped.
        let text = String(decoding: installer, as: UTF8.self)
        package.installer = text.split(whereSeparator: \.isNewline).lazy
          .map { $0.trimming(" \t\r") }.first { !$0.isEmpty }
      }
      package.requested = FileSystem.exists(joinPath(dir, "REQUESTED"))
      if let json = readOptional(joinPath(dir, "direct_url.json"), .smallMetadataFile, &warnings) {
        package.directUrl = parseDirectURL(json, path: joinPath(dir, "direct_url.json"), warnings: &warnings)
      }
      if kind == .distInfo {
        let recordPath = joinPath(dir, "RECORD")
        if let record = readOptional(recordPath, .record, &warnings) {
          let contents = RecordFingerprint.parse(record, metadataDirectory: name)
          package.record = contents.summary
          sharedObjects = contents.sharedObjects.map { joinPath(siteDirectory, $0) }
          if !contents.badLines.isEmpty {
            let lines = contents.badLines.prefix(5).map(String.init).joined(separator: ", ")
            warnings.append(
              CaptureWarning(
                code: .recordBadLines,
                message:
                  "RECORD has \(contents.badLines.count) line(s) that are not `path,hash,size` (line \(lines)\(contents.badLines.count > 5 ? ", ..." : "")); they are left out of the fingerprint",
                path: recordPath))
          }
        } else {
          warnings.append(
            CaptureWarning(
              code: .recordMissing, message: "The distribution has no RECORD; no content fingerprint",
              path: recordPath))
        }
      }
    }
    return (
      InstalledDistribution(package: package, metadataPath: path, sharedObjects: sharedObjects, warnings: []),
      warnings
    )
  }

  /// The licence the metadata declares: `License-Expression`, a one-line `License` of at most
  /// `DeclaredLicense.maxTextLength` characters, and the `License ::` classifiers; nil when none.
  static func declaredLicense(_ headers: MetadataHeaders) -> DeclaredLicense? {
    let expression = headers.first("License-Expression")?.trimming(" \t\r\n")
    var text = headers.first("License")?.trimming(" \t\r\n")
    if let t = text,
      t.isEmpty || t.contains("\n") || t.count > DeclaredLicense.maxTextLength
        || t.uppercased() == "UNKNOWN"
    {
      text = nil
    }
    let classifiers = headers.all("Classifier").map { $0.trimming(" \t\r\n") }.filter {
      $0.hasPrefix("License ::")
    }
    let license = DeclaredLicense(
      expression: expression?.isEmpty == false ? expression : nil, text: text, classifiers: classifiers)
    return license == DeclaredLicense() ? nil : license
  }

  /// Reads a file that may legitimately be absent; other failures become warnings.
  private static func readOptional(
    _ path: String, _ kind: InputKind, _ warnings: inout [CaptureWarning]
  ) -> [UInt8]? {
    switch InputFile.read(path, kind) {
    case .success(let bytes): return bytes
    case .failure(.missing):
      // A dangling symbolic link is worth a warning; a missing file is not.
      var st = stat()
      if lstat(path, &st) == 0 {
        warnings.append(
          CaptureWarning(
            code: .metadataFileUnreadable, message: "Cannot read: \(FileReadError(path: path, code: ENOENT))",
            path: path))
      }
      return nil
    case .failure(.unreadable(let error)):
      warnings.append(
        CaptureWarning(code: .metadataFileUnreadable, message: "Cannot read: \(error)", path: path))
      return nil
    case .failure(let problem):
      warnings.append(
        InputFile.warning(problem, path: path, kind: kind, unreadableCode: .metadataFileUnreadable))
      return nil
    }
  }

  /// Name and version from `name-version.dist-info`, `name-version-py3.11.egg-info` or `name.egg-info`.
  static func nameAndVersion(fromEntry entry: String) -> (name: String?, version: String?) {
    var stem = Substring(entry)
    for suffix in [".dist-info", ".egg-info", ".egg"] where stem.hasSuffix(suffix) {
      stem = stem.dropLast(suffix.count)
      break
    }
    let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
    guard let first = parts.first, !first.isEmpty else { return (nil, nil) }
    let version = parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : nil
    return (String(first), version)
  }

  /// PEP 610 `direct_url.json`; invalid files give a warning and nil.
  static func parseDirectURL(_ bytes: [UInt8], path: String, warnings: inout [CaptureWarning]) -> DirectURL? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
      let url = object["url"] as? String
    else {
      warnings.append(
        CaptureWarning(
          code: .directURLInvalid,
          message: "direct_url.json is not a JSON object with a `url` string; left out",
          path: path))
      return nil
    }
    var result = DirectURL(url: url, subdirectory: object["subdirectory"] as? String)
    if let vcs = object["vcs_info"] as? [String: Any] {
      if let kind = vcs["vcs"] as? String, let commit = vcs["commit_id"] as? String {
        result.vcsInfo = DirectURL.VCSInfo(
          vcs: kind, commitId: commit, requestedRevision: vcs["requested_revision"] as? String)
      } else {
        warnings.append(
          CaptureWarning(
            code: .directURLInvalid, message: "`vcs_info` lacks `vcs` or `commit_id`; left out", path: path
          ))
      }
    }
    if let archive = object["archive_info"] as? [String: Any] {
      var hashes: [String] = []
      if let dict = archive["hashes"] as? [String: Any] {
        for (algorithm, value) in dict {
          if let hex = value as? String { hashes.append("\(algorithm)=\(hex)") }
        }
      }
      if let legacy = archive["hash"] as? String, !hashes.contains(legacy) { hashes.append(legacy) }
      result.archiveInfo = DirectURL.ArchiveInfo(hashes: hashes)
    }
    if let dir = object["dir_info"] as? [String: Any] {
      result.dirInfo = DirectURL.DirInfo(editable: dir["editable"] as? Bool ?? false)
      if url.hasPrefix("file://") {
        let local = String(url.dropFirst("file://".count)).removingPercentEncoding ?? ""
        if !local.isEmpty && !FileSystem.exists(local) {
          warnings.append(
            CaptureWarning(
              code: .directURLDangling,
              message: "direct_url.json points at `\(local)`, which does not exist", path: path))
        }
      }
    }
    return result
  }

  /// Converts setuptools' requires.txt sections into Requires-Dist lines, as importlib.metadata does.
  static func requirementsFromRequiresTxt(_ text: String) -> [String] {
    var section = ""
    var result: [String] = []
    for raw in text.split(whereSeparator: \.isNewline) {
      let line = raw.trimming(" \t\r")
      if line.isEmpty || line.hasPrefix("#") { continue }
      if line.hasPrefix("[") && line.hasSuffix("]") {
        section = String(line.dropFirst().dropLast())
        continue
      }
      let parts = section.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      let extra = parts.first.map(String.init) ?? ""
      var markers = parts.count > 1 ? String(parts[1]) : ""
      if !extra.isEmpty && !markers.isEmpty { markers = "(\(markers))" }
      let conditions = [markers, extra.isEmpty ? "" : "extra == \"\(extra)\""].filter { !$0.isEmpty }
      let space = line.contains("@") ? " " : ""
      result.append(line + space + (conditions.isEmpty ? "" : "; " + conditions.joined(separator: " and ")))
    }
    return result
  }
}
