// Alpine's package database, /lib/apk/db/installed: blank-line separated records of `X:value`
// lines, where `P:` is the package name, `V:` its version and `A:` its architecture.

import EnvlockFileIO
import EnvlockModel

enum ApkInstalled {
  /// Installed packages from an apk database; nil when the file is absent, or (with a warning)
  /// unreadable or too large.
  static func installedPackages(
    path: String = "/lib/apk/db/installed", warnings: inout [CaptureWarning]
  ) -> [SystemPackage]? {
    guard
      let bytes = InputFile.readIfPresent(
        path, .packageDatabase, unreadableCode: .packageDatabaseUnreadable, warnings: &warnings)
    else { return nil }
    return parse(String(decoding: bytes, as: UTF8.self))
  }

  /// Parses the records; a record without a name or version is skipped.
  static func parse(_ text: String) -> [SystemPackage] {
    var result: [SystemPackage] = []
    var name = ""
    var version = ""
    var arch = ""
    func flush() {
      if !name.isEmpty && !version.isEmpty {
        result.append(SystemPackage(manager: .apk, name: name, version: version, architecture: arch))
      }
      (name, version, arch) = ("", "", "")
    }
    for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      if line.isEmpty {
        flush()
        continue
      }
      guard line.count >= 2, line.dropFirst().first == ":" else { continue }
      let value = String(line.dropFirst(2))
      switch line.first {
      case "P": name = value
      case "V": version = value
      case "A": arch = value
      default: break
      }
    }
    flush()
    return result
  }
}
