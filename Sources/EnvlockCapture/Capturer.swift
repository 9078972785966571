// Capture: probes that fill a Snapshot from the running machine.

import EnvlockModel
import Foundation

/// What a capture should record and where.
public struct CaptureOptions: Sendable {
  /// `--python`: an interpreter path or a venv/conda prefix; nil lets the capture choose.
  public var python: String?
  /// The project directory (absolute).
  public var projectRoot: String
  /// The environment of the capturing process.
  public var environment: [String: String]
  /// The command line, recorded in the snapshot.
  public var commandLine: [String]
  /// The envlock version, recorded in the snapshot.
  public var toolVersion: String
  /// The capture time.
  public var time: Date

  /// Creates capture options.
  public init(
    python: String? = nil, projectRoot: String, environment: [String: String], commandLine: [String],
    toolVersion: String, time: Date = Date()
  ) {
    self.python = python
    self.projectRoot = projectRoot
    self.environment = environment
    self.commandLine = commandLine
    self.toolVersion = toolVersion
    self.time = time
  }
}

/// Why a capture could not produce a snapshot at all.
public enum CaptureError: Error, Hashable, Sendable, CustomStringConvertible {
  /// A probe failed in a way the capture cannot work around.
  case probeFailed(probe: String, path: String?, reason: String, hint: String?)

  public var description: String {
    switch self {
    case .probeFailed(let probe, let path, let reason, let hint):
      var text = "Capture of the \(probe) failed"
      if let path { text += " (`\(path)`)" }
      text += ": \(reason)"
      if let hint { text += "\n\nhint: \(hint)" }
      return text
    }
  }
}

/// Runs the probes and assembles a snapshot.
public enum Capturer {
  /// Captures the environment described by `options` into a normalized snapshot.
  public static func capture(_ options: CaptureOptions) async throws -> Snapshot {
    let info = CaptureInfo(
      toolVersion: options.toolVersion, time: Timestamp(options.time), hostName: hostName(),
      commandLine: options.commandLine, projectRoot: options.projectRoot)
    var snapshot = Snapshot(capture: info)
    let sections = try CapturePipeline.run(options)
    snapshot.host = sections.host
    snapshot.interpreter = sections.interpreter
    snapshot.pythonPackages = sections.pythonPackages
    snapshot.condaPackages = sections.condaPackages
    snapshot.systemPackages = sections.systemPackages
    snapshot.warnings = sections.warnings
    snapshot.normalize()
    return snapshot
  }

  static func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
    return stringFromCBuffer(buffer)
  }
}
