// RPM's package database (Fedora, RHEL, SUSE): read through `rpm -qa`, since its formats
// (sqlite, ndb, Berkeley DB) are rpm's own business. Only when a database exists and `rpm` is
// on PATH; a failure is a warning, never the end of the capture.

import EnvlockFileIO
import EnvlockModel

enum RpmDatabase {
  /// Files that mark a database directory: sqlite (rpm ≥ 4.16), ndb, Berkeley DB.
  static let markers = ["rpmdb.sqlite", "Packages.db", "Packages"]

  /// The query format: name, epoch, version-release, architecture, tab-separated.
  static let queryFormat = "%{NAME}\\t%{EPOCH}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\n"

  /// Installed packages of the database in `directory`; nil when there is no database or no `rpm`.
  static func installedPackages(
    directory: String = "/var/lib/rpm", environment: [String: String], warnings: inout [CaptureWarning]
  ) -> [SystemPackage]? {
    guard markers.contains(where: { FileSystem.isFile(joinPath(directory, $0)) }),
      let rpm = findExecutable("rpm", path: environment["PATH"])
    else { return nil }
    let env = ["PATH": environment["PATH"] ?? "/usr/bin:/bin", "LC_ALL": "C"]
    guard
      case .success(let child) = ChildProcess.start(
        rpm, ["-qa", "--dbpath", directory, "--qf", queryFormat], environment: env)
    else {
      warnings.append(CaptureWarning(code: .rpmFailed, message: "`rpm` could not be started", path: rpm))
      return nil
    }
    let outcome = child.wait(timeout: 60)
    if outcome.outputOverflowed {
      warnings.append(
        CaptureWarning(
          code: .rpmFailed,
          message:
            "`rpm -qa` printed more than \(InputFile.describe(bytes: InputKind.processOutput.limit)); rpm packages are missing from the snapshot",
          path: directory))
      return nil
    }
    guard outcome.status == 0, !outcome.timedOut else {
      let reason = String(decoding: outcome.stderr, as: UTF8.self).split(separator: "\n").first.map(
        String.init)
      warnings.append(
        CaptureWarning(
          code: .rpmFailed,
          message:
            "`rpm -qa` exited with status \(outcome.status)\(reason.map { ": \($0)" } ?? ""); rpm packages are missing from the snapshot",
          path: directory))
      return nil
    }
    return parse(String(decoding: outcome.stdout, as: UTF8.self))
  }

  /// Parses `rpm -qa` output in `queryFormat`; the version is `[epoch:]version-release`.
  static func parse(_ text: String) -> [SystemPackage] {
    text.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard fields.count == 4, !fields[0].isEmpty, !fields[2].isEmpty else { return nil }
      let epoch = fields[1] == "(none)" || fields[1].isEmpty ? "" : "\(fields[1]):"
      return SystemPackage(
        manager: .rpm, name: String(fields[0]), version: epoch + fields[2], architecture: String(fields[3]))
    }
  }
}
