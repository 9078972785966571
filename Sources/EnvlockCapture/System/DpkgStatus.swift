// Debian's package database: installed packages from /var/lib/dpkg/status (deb822 stanzas),
// and which package owns a file, from /var/lib/dpkg/info/*.list.

import EnvlockFileIO
import EnvlockModel

enum DpkgStatus {
  /// Installed packages (`Status: install ok installed`) from a dpkg status file; nil when absent,
  /// or (with a warning) unreadable or too large.
  static func installedPackages(
    statusPath: String = "/var/lib/dpkg/status", warnings: inout [CaptureWarning]
  ) -> [SystemPackage]? {
    guard
      let bytes = InputFile.readIfPresent(
        statusPath, .packageDatabase, unreadableCode: .packageDatabaseUnreadable, warnings: &warnings)
    else { return nil }
    return parse(bytes)
  }

  /// Parses the stanzas of a status file.
  static func parse(_ bytes: [UInt8]) -> [SystemPackage] {
    var result: [SystemPackage] = []
    var name = ""
    var version = ""
    var arch = ""
    var installed = false
    func flush() {
      if installed && !name.isEmpty {
        result.append(SystemPackage(manager: .dpkg, name: name, version: version, architecture: arch))
      }
      name = ""
      version = ""
      arch = ""
      installed = false
    }
    var start = 0
    let n = bytes.count
    while start <= n {
      var end = start
      while end < n && bytes[end] != 0x0A { end += 1 }
      if end == start {
        flush()
      } else if bytes[start] != 0x20 && bytes[start] != 0x09 {
        // Only a handful of fields matter; compare their first bytes before building strings.
        switch bytes[start] {
        case 0x50:  // P
          if let v = value(bytes, start, end, "Package:") { name = v }
        case 0x56:  // V
          if let v = value(bytes, start, end, "Version:") { version = v }
        case 0x41:  // A
          if let v = value(bytes, start, end, "Architecture:") { arch = v }
        case 0x53:  // S
          if let v = value(bytes, start, end, "Status:") {
            installed = v.hasSuffix(" installed") && v.hasPrefix("install ")
          }
        default: break
        }
      }
      if end >= n { break }
      start = end + 1
    }
    flush()
    return result
  }

  private static func value(_ bytes: [UInt8], _ start: Int, _ end: Int, _ key: StaticString) -> String? {
    let k = key.utf8Start
    let count = key.utf8CodeUnitCount
    guard end - start >= count else { return nil }
    for i in 0..<count where bytes[start + i] != k[i] { return nil }
    var s = start + count
    while s < end && (bytes[s] == 0x20 || bytes[s] == 0x09) { s += 1 }
    var e = end
    while e > s && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x0D) { e -= 1 }
    return String(decoding: bytes[s..<e], as: UTF8.self)
  }
}

/// Which dpkg package owns a file: built from the `*.list` files, keeping only shared-library paths.
struct DpkgFileOwners: Sendable {
  private var owners: [String: String] = [:]

  /// Reads every `*.list` file in `infoDirectory`, concurrently; nil when the directory is absent.
  init?(infoDirectory: String = "/var/lib/dpkg/info") {
    guard case .success(let entries) = FileSystem.list(infoDirectory) else { return nil }
    let lists = entries.map(\.name).filter { $0.hasSuffix(".list") }
    let partial = concurrentMap(lists.count) { i -> [(String, String)] in
      let file = lists[i]
      var package = String(file.dropLast(".list".count))
      if let colon = package.firstIndex(of: ":") { package = String(package[..<colon]) }
      guard case .success(let bytes) = InputFile.read(joinPath(infoDirectory, file), .dpkgFileList) else {
        return []
      }
      return DpkgFileOwners.libraryPaths(bytes).map { ($0, package) }
    }
    for list in partial { for (path, package) in list where owners[path] == nil { owners[path] = package } }
  }

  /// An index from explicit pairs (for tests).
  init(pairs: [(path: String, package: String)]) {
    for (path, package) in pairs { owners[path] = package }
  }

  /// The package owning `path`, trying the merged-/usr twin (`/lib/x` and `/usr/lib/x`) too.
  func owner(of path: String) -> String? {
    if let p = owners[path] { return p }
    if path.hasPrefix("/usr/") { return owners[String(path.dropFirst(4))] }
    return owners["/usr" + path]
  }

  /// Lines of a `.list` file whose last component contains `.so`.
  static func libraryPaths(_ bytes: [UInt8]) -> [String] {
    var result: [String] = []
    var start = 0
    let n = bytes.count
    while start < n {
      var end = start
      var lastSlash = start
      while end < n && bytes[end] != 0x0A {
        if bytes[end] == 0x2F { lastSlash = end }
        end += 1
      }
      var i = lastSlash
      while i + 2 < end {
        if bytes[i] == 0x2E && bytes[i + 1] == 0x73 && bytes[i + 2] == 0x6F {
          result.append(String(decoding: bytes[start..<end], as: UTF8.self))
          break
        }
        i += 1
      }
      start = end + 1
    }
    return result
  }
}
