// Lists site directories, follows their `.pth` files the way `site.addsitedir` does (without
// executing `import` lines), reads every distribution's metadata concurrently, and orders and
// deduplicates the results in `sys.path` order.

import EnvlockFileIO
import EnvlockModel
import Glibc

/// One listed directory on the path: its metadata entries and, for site directories, the
/// directories its `.pth` files add.
struct DirectoryScan: Sendable {
  /// The directory.
  var directory: String
  /// Metadata entries, sorted by name.
  var entries: [(name: String, kind: MetadataKind)]
  /// Directories added by `.pth` files (existing ones only), in `site.py` order.
  var pthDirectories: [String]
  /// Warnings from listing the directory and reading its `.pth` files.
  var warnings: [CaptureWarning]
}

/// Scans and reads directories once, however often they are asked for.
struct SiteScanner {
  private(set) var scans: [String: DirectoryScan] = [:]
  private(set) var reads: [String: [(InstalledDistribution?, [CaptureWarning])]] = [:]

  /// Lists `directories` (as site directories: their `.pth` files count) and the directories their
  /// `.pth` files add, then reads every metadata entry not read before, concurrently.
  mutating func load(siteDirectories directories: [String]) {
    var pending: [String] = []
    for dir in directories where scans[dir] == nil {
      let scan = SiteScanner.scan(dir, isSiteDirectory: true)
      scans[dir] = scan
      pending.append(dir)
      for extra in scan.pthDirectories where scans[extra] == nil {
        scans[extra] = SiteScanner.scan(extra, isSiteDirectory: false)
        pending.append(extra)
      }
    }
    var jobs: [(dir: String, index: Int, name: String, kind: MetadataKind)] = []
    for dir in pending {
      guard let scan = scans[dir] else { continue }
      reads[dir] = Array(repeating: (nil, []), count: scan.entries.count)
      for (i, entry) in scan.entries.enumerated() { jobs.append((dir, i, entry.name, entry.kind)) }
    }
    guard !jobs.isEmpty else { return }
    let work = jobs
    let results = concurrentMap(jobs.count) { i in
      DistInfoReader.read(siteDirectory: work[i].dir, name: work[i].name, kind: work[i].kind)
    }
    for (i, job) in jobs.enumerated() { reads[job.dir]![job.index] = results[i] }
  }

  /// True when some distribution read so far ships shared objects (compiled code).
  var anySharedObjects: Bool {
    reads.values.contains { $0.contains { !($0.0?.sharedObjects.isEmpty ?? true) } }
  }

  /// The directories searched, in `sys.path` order: each site directory followed by the
  /// directories its `.pth` files add. The flag marks `.pth` directories.
  func pathOrder(siteDirectories: [String]) -> [(directory: String, fromPth: Bool)] {
    var seen: Set<String> = []
    var order: [(String, Bool)] = []
    for dir in siteDirectories {
      if seen.insert(dir).inserted { order.append((dir, false)) }
      for extra in scans[dir]?.pthDirectories ?? [] where seen.insert(extra).inserted {
        order.append((extra, true))
      }
    }
    return order
  }

  /// Every distribution in path order, first on the path winning; later copies become warnings,
  /// except a second metadata copy of an editable install.
  func distributions(siteDirectories: [String]) -> ([InstalledDistribution], [CaptureWarning]) {
    var winners: [String: Int] = [:]
    var result: [InstalledDistribution] = []
    var warnings: [CaptureWarning] = []
    for (dir, fromPth) in pathOrder(siteDirectories: siteDirectories) {
      warnings += scans[dir]?.warnings ?? []
      for (distribution, readWarnings) in reads[dir] ?? [] {
        warnings += readWarnings
        guard let distribution else { continue }
        let name = distribution.package.name
        guard let index = winners[name] else {
          winners[name] = result.count
          result.append(distribution)
          continue
        }
        let first = result[index]
        let firstIsEditable = first.package.directUrl?.dirInfo?.editable == true
        let sameEditable =
          (firstIsEditable || fromPth) && first.package.version == distribution.package.version
        if sameEditable {
          continue  // the project's own egg-info next to its sources: the same editable install
        }
        warnings.append(
          CaptureWarning(
            code: .packageShadowed,
            message:
              "\(distribution.package.displayName) \(distribution.package.version) is shadowed by \(first.package.displayName) \(first.package.version) at \(first.metadataPath), which comes first on sys.path",
            path: distribution.metadataPath))
      }
    }
    return (result, warnings)
  }

  /// Lists one directory; for site directories also reads its `.pth` files.
  static func scan(_ dir: String, isSiteDirectory: Bool) -> DirectoryScan {
    var scan = DirectoryScan(directory: dir, entries: [], pthDirectories: [], warnings: [])
    let listing: [DirectoryEntry]
    switch FileSystem.list(dir) {
    case .success(let entries): listing = entries
    case .failure(let error):
      if error.code != ENOENT {
        scan.warnings.append(
          CaptureWarning(
            code: .directoryUnreadable, message: "Cannot list the directory: \(error)", path: dir))
      }
      return scan
    }
    let sorted = listing.sorted { $0.name < $1.name }
    for entry in sorted {
      if let kind = DistInfoReader.kind(of: entry) {
        if kind == .egg && !FileSystem.isDirectory(joinPath(dir, entry.name + "/EGG-INFO")) { continue }
        scan.entries.append((entry.name, kind))
      }
    }
    guard isSiteDirectory else { return scan }
    for entry in sorted where entry.name.hasSuffix(".pth") && !entry.isDirectory {
      let path = joinPath(dir, entry.name)
      let bytes: [UInt8]
      switch InputFile.read(path, .pth) {
      case .success(let read): bytes = read
      case .failure(let problem):
        scan.warnings.append(
          problem.isRefused
            ? InputFile.warning(problem, path: path, kind: .pth, unreadableCode: .pthUnreadable)
            : CaptureWarning(code: .pthUnreadable, message: "Cannot read the .pth file", path: path))
        continue
      }
      for line in pthDirectories(String(decoding: bytes, as: UTF8.self)) {
        let target = lexicallyNormalized(joinPath(dir, line))
        if FileSystem.exists(target) && !scan.pthDirectories.contains(target) && target != dir {
          scan.pthDirectories.append(target)
        }
      }
    }
    return scan
  }

  /// The directory lines of a `.pth` file: not comments, not blank, not `import` lines.
  static func pthDirectories(_ text: String) -> [String] {
    var result: [String] = []
    for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      if raw.hasPrefix("#") { continue }
      if raw.trimming(" \t\r").isEmpty { continue }
      if raw.hasPrefix("import ") || raw.hasPrefix("import\t") { continue }
      // Trailing blanks stripped by index (`dropLast()` on a Substring counts it each time).
      var end = raw.endIndex
      while end > raw.startIndex {
        let previous = raw.index(before: end)
        guard raw[previous] == " " || raw[previous] == "\t" || raw[previous] == "\r" else { break }
        end = previous
      }
      result.append(String(raw[..<end]))
    }
    return result
  }

  /// Site directories worth reading before the probe answers: the usual layouts under the prefix.
  static func guessSiteDirectories(for selected: SelectedEnvironment) -> [String] {
    let binDir = parentDirectory(selected.interpreter)
    var prefix = selected.prefix ?? parentDirectory(binDir)
    if selected.prefix == nil && !FileSystem.isFile(joinPath(prefix, "pyvenv.cfg")) {
      if let real = FileSystem.realPath(selected.interpreter) {
        prefix = parentDirectory(parentDirectory(real))
      }
    }
    var result: [String] = []
    var seen: Set<String> = []
    for lib in ["lib", "lib64"] {
      guard case .success(let entries) = FileSystem.list(joinPath(prefix, lib)) else { continue }
      for entry in entries.sorted(by: { $0.name < $1.name })
      where entry.isDirectory && entry.name.hasPrefix("python3") {
        for leaf in ["site-packages", "dist-packages"] {
          let candidate = joinPath(prefix, "\(lib)/\(entry.name)/\(leaf)")
          // venvs often have `lib64 -> lib`: read each real directory once.
          if FileSystem.isDirectory(candidate),
            seen.insert(FileSystem.realPath(candidate) ?? candidate).inserted
          {
            result.append(candidate)
          }
        }
      }
    }
    return result
  }
}
