// The envlock snapshot: everything recorded about one Python environment.
// Schema `envlock.snapshot/1`; every field is documented in Docs/format.md.

import Foundation

/// One captured environment. Sections that a capture did not fill stay empty (or nil).
public struct Snapshot: Codable, Hashable, Sendable {
  /// The schema identifier this version of envlock writes and reads.
  public static let currentSchema = "envlock.snapshot/1"

  /// Always `envlock.snapshot/1` for this version.
  public var schema: String
  /// Who captured, when, where and how.
  public var capture: CaptureInfo
  /// The machine and operating system.
  public var host: Host?
  /// The Python interpreter the environment runs on.
  public var interpreter: Interpreter?
  /// Installed Python distributions, sorted by normalized name.
  public var pythonPackages: [PythonPackage]
  /// conda package records of the prefix, sorted by name.
  public var condaPackages: [CondaPackage]
  /// Operating-system packages (dpkg, apk, rpm), sorted by manager then name.
  public var systemPackages: [SystemPackage]
  /// Environment variables, sorted by name; secrets are redacted.
  public var environment: [RecordedVariable]
  /// Data files, sorted by path; their hashes also go into `SHA256SUMS`.
  public var dataFiles: [DataFile]
  /// Config files, sorted by path; their contents are archive members under `config/`.
  public var configFiles: [ConfigFile]
  /// Jupyter notebooks of the project and their kernels, sorted by path.
  public var notebooks: [NotebookEntry]
  /// What the capture could not record, or recorded with doubts.
  public var warnings: [CaptureWarning]

  /// Creates a snapshot with the given capture metadata and empty sections.
  public init(
    capture: CaptureInfo, host: Host? = nil, interpreter: Interpreter? = nil,
    pythonPackages: [PythonPackage] = [], condaPackages: [CondaPackage] = [],
    systemPackages: [SystemPackage] = [], environment: [RecordedVariable] = [],
    dataFiles: [DataFile] = [], configFiles: [ConfigFile] = [], notebooks: [NotebookEntry] = [],
    warnings: [CaptureWarning] = []
  ) {
    self.schema = Snapshot.currentSchema
    self.capture = capture
    self.host = host
    self.interpreter = interpreter
    self.pythonPackages = pythonPackages
    self.condaPackages = condaPackages
    self.systemPackages = systemPackages
    self.environment = environment
    self.dataFiles = dataFiles
    self.configFiles = configFiles
    self.notebooks = notebooks
    self.warnings = warnings
  }

  private enum CodingKeys: String, CodingKey {
    case schema, capture, host, interpreter, pythonPackages, condaPackages, systemPackages, environment
    case dataFiles, configFiles, notebooks, warnings
  }

  /// Decodes a snapshot; `notebooks` may be absent (snapshots written before it existed).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    schema = try c.decode(String.self, forKey: .schema)
    capture = try c.decode(CaptureInfo.self, forKey: .capture)
    host = try c.decodeIfPresent(Host.self, forKey: .host)
    interpreter = try c.decodeIfPresent(Interpreter.self, forKey: .interpreter)
    pythonPackages = try c.decode([PythonPackage].self, forKey: .pythonPackages)
    condaPackages = try c.decode([CondaPackage].self, forKey: .condaPackages)
    systemPackages = try c.decode([SystemPackage].self, forKey: .systemPackages)
    environment = try c.decode([RecordedVariable].self, forKey: .environment)
    dataFiles = try c.decode([DataFile].self, forKey: .dataFiles)
    configFiles = try c.decode([ConfigFile].self, forKey: .configFiles)
    notebooks = try c.decodeIfPresent([NotebookEntry].self, forKey: .notebooks) ?? []
    warnings = try c.decode([CaptureWarning].self, forKey: .warnings)
  }

  /// Sorts every list section into its canonical order, so equal states encode to equal bytes.
  public mutating func normalize() {
    pythonPackages.sort { ($0.name, $0.location) < ($1.name, $1.location) }
    condaPackages.sort { ($0.name, $0.version, $0.build) < ($1.name, $1.version, $1.build) }
    systemPackages.sort {
      ($0.manager.rawValue, $0.name, $0.architecture) < ($1.manager.rawValue, $1.name, $1.architecture)
    }
    environment.sort { bytewise($0.name, $1.name) }
    dataFiles.sort { bytewise($0.path, $1.path) }
    configFiles.sort { bytewise($0.path, $1.path) }
    notebooks.sort { bytewise($0.path, $1.path) }
    for i in notebooks.indices { notebooks[i].kernel?.env.sort { $0.name < $1.name } }
  }
}

/// Capture metadata: the tool, the time and the place.
public struct CaptureInfo: Codable, Hashable, Sendable {
  /// The envlock version that wrote the snapshot.
  public var toolVersion: String
  /// When the capture started (UTC, whole seconds); also the archive members' mtime.
  public var time: Timestamp
  /// The host name of the capturing machine.
  public var hostName: String
  /// The command line that made the capture, secrets in it redacted.
  public var commandLine: [String]
  /// The project directory the capture ran for (absolute path).
  public var projectRoot: String

  /// Creates capture metadata.
  public init(
    toolVersion: String, time: Timestamp, hostName: String, commandLine: [String], projectRoot: String
  ) {
    self.toolVersion = toolVersion
    self.time = time
    self.hostName = hostName
    self.commandLine = commandLine
    self.projectRoot = projectRoot
  }
}

/// A capture warning: something that is missing from the snapshot or was recorded with doubts.
public struct CaptureWarning: Codable, Hashable, Sendable {
  /// A stable machine-readable code, for example `metadata-not-utf8`.
  public var code: Code
  /// A one-line human explanation.
  public var message: String
  /// The file or directory concerned, when there is one.
  public var path: String?

  /// Creates a warning.
  public init(code: Code, message: String, path: String? = nil) {
    self.code = code
    self.message = message
    self.path = path
  }
}

/// Orders strings by their UTF-8 bytes: the order any language reproduces, and faster than
/// `String.<`, which compares Unicode-normalized text.
public func bytewise(_ a: String, _ b: String) -> Bool {
  var a = a
  var b = b
  return a.withUTF8 { pa in
    b.withUTF8 { pb in
      let common = min(pa.count, pb.count)
      if common > 0, let x = pa.baseAddress, let y = pb.baseAddress {
        let order = memcmp(x, y, common)
        if order != 0 { return order < 0 }
      }
      return pa.count < pb.count
    }
  }
}
