import Foundation
import EnvlockArchive
import EnvlockModel
import EnvlockSigning

/// The human summary that `envlock show` and `envlock capture` print.
enum SnapshotSummary {
  static func render(_ lockfile: SnapshotArchive, path: String, verifiedWith key: PublicKey?) -> String {
    let s = lockfile.snapshot
    var lines: [String] = []
    func row(_ label: String, _ value: String) {
      lines.append("  " + label.padding(toLength: 12, withPad: " ", startingAt: 0) + value)
    }
    lines.append(path)
    row("schema", "\(s.schema) in \(lockfile.manifest.schema)")
    row("captured", "\(s.capture.time.rfc3339) on \(s.capture.hostName) by envlock \(s.capture.toolVersion)")
    row("project", s.capture.projectRoot)
    if let signature = lockfile.signature {
      row(
        "signature",
        key != nil ? "valid, key \(signature.keyID)" : "key \(signature.keyID) (not checked; pass --key)")
    } else {
      row("signature", "none (unsigned)")
    }
    row("members", "\(lockfile.manifest.members.count + 1) intact (every digest checked)")
    if let host = s.host {
      lines.append("host")
      row(
        "os",
        host.os.prettyName ?? ([host.os.id] + [host.os.versionId].compactMap { $0 }).joined(separator: " "))
      let libc = host.libc.map { ", \($0.family) \($0.version)" } ?? ""
      row("kernel", "\(host.kernelRelease) \(host.architecture)\(libc)")
      let flags = host.cpu.flags.isEmpty ? "" : "; \(host.cpu.flags.joined(separator: " "))"
      row("cpu", "\(host.cpu.model) (\(host.cpu.logicalCores) cores\(flags))")
      row("memory", formatBytes(host.memoryBytes))
      if host.gpus.isEmpty {
        row("gpus", "none (\(host.gpuProbe))")
      } else {
        for gpu in host.gpus {
          let details = [gpu.driverVersion.map { "driver \($0)" }, gpu.cudaVersion.map { "CUDA \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
          row("gpu", details.isEmpty ? gpu.name : "\(gpu.name) (\(details))")
        }
      }
    }
    if let py = s.interpreter {
      lines.append("interpreter")
      row("python", "\(py.implementation) \(py.version) (\(py.platform))")
      row("executable", py.executable)
      row("chosen by", "\(py.selection.reason): \(py.selection.path)")
      row("prefix", py.prefix + (py.isVirtualEnvironment ? " (virtual environment of \(py.basePrefix))" : ""))
    }
    if !s.pythonPackages.isEmpty {
      let requested = s.pythonPackages.filter(\.requested)
      lines.append("python packages: \(s.pythonPackages.count) (\(requested.count) requested)")
      for package in requested {
        var notes: [String] = []
        if let installer = package.installer { notes.append(installer) }
        if let direct = package.directUrl {
          if direct.dirInfo?.editable == true {
            notes.append("editable")
          } else if let vcs = direct.vcsInfo {
            notes.append("\(vcs.vcs) \(vcs.commitId.prefix(12))")
          } else {
            notes.append(direct.url)
          }
        }
        lines.append(
          "  \(package.name)==\(package.version)"
            + (notes.isEmpty ? "" : "  [\(notes.joined(separator: ", "))]"))
      }
      if requested.count < s.pythonPackages.count {
        lines.append(
          "  + \(s.pythonPackages.count - requested.count) pulled in as dependencies (`envlock show --json` lists all)"
        )
      }
    }
    if !s.notebooks.isEmpty {
      lines.append("notebooks: \(s.notebooks.count)")
      for notebook in s.notebooks {
        let kernel = notebook.kernelspec.map { "kernel \($0.name)" } ?? "no kernelspec"
        lines.append(
          "  \(notebook.path)  [\(kernel)" + (notebook.environment.map { ", runs in \($0)" } ?? "") + "]")
      }
    }
    let counts: [(String, Int)] = [
      ("conda packages", s.condaPackages.count), ("system packages", s.systemPackages.count),
      ("environment variables", s.environment.count), ("data files", s.dataFiles.count),
      ("config files", s.configFiles.count),
    ]
    for (label, count) in counts where count > 0 { lines.append("\(label): \(count)") }
    if !s.warnings.isEmpty {
      lines.append("warnings: \(s.warnings.count)")
      for warning in s.warnings {
        lines.append("  - \(warning.message)" + (warning.path.map { " (\($0))" } ?? ""))
      }
    }
    return lines.joined(separator: "\n")
  }

  static func formatBytes(_ bytes: Int64) -> String {
    let gib = Double(bytes) / 1_073_741_824
    if gib >= 1 { return String(format: "%.1f GiB", gib) }
    return String(format: "%.1f MiB", Double(bytes) / 1_048_576)
  }
}
