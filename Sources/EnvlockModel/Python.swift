/// The Python interpreter of the environment, as its own probe reports it.
public struct Interpreter: Codable, Hashable, Sendable {
  /// Which interpreter was chosen and why.
  public var selection: InterpreterSelection
  /// `sys.implementation.name`, for example `cpython`.
  public var implementation: String
  /// The full version, for example `3.11.7`.
  public var version: String
  /// The path the interpreter was started by.
  public var executable: String
  /// The resolved real path of the interpreter binary.
  public var realPath: String
  /// SHA-256 of the interpreter binary.
  public var sha256: Digest?
  /// The shared libpython the binary loads, when it is built shared.
  public var libpython: FileFingerprint?
  /// `sys.prefix`.
  public var prefix: String
  /// `sys.base_prefix`.
  public var basePrefix: String
  /// `sys.exec_prefix`.
  public var execPrefix: String
  /// True when `prefix` differs from `base_prefix` (a virtual environment).
  public var isVirtualEnvironment: Bool
  /// The site-packages directories (purelib, platlib, user site) that are on `sys.path`, in `sys.path` order.
  public var siteDirectories: [String]
  /// `sysconfig.get_platform()`, for example `linux-x86_64`.
  public var platform: String
  /// `sysconfig` `SOABI`, for example `cpython-311-x86_64-linux-gnu`.
  public var soabi: String?
  /// `sysconfig` `EXT_SUFFIX`.
  public var extSuffix: String?
  /// `sysconfig` `MULTIARCH`.
  public var multiarch: String?
  /// The libc the interpreter was built against (`platform.libc_ver()`).
  public var libc: Libc?
  /// The compiler that built the interpreter (`platform.python_compiler()`).
  public var compiler: String?
  /// The build date (`platform.python_build()`).
  public var buildDate: String?
  /// The PEP 508 marker environment (the eleven values `packaging` uses).
  public var markers: MarkerEnvironment

  /// Creates an interpreter record.
  public init(
    selection: InterpreterSelection, implementation: String, version: String, executable: String,
    realPath: String, sha256: Digest?, libpython: FileFingerprint?, prefix: String, basePrefix: String,
    execPrefix: String, isVirtualEnvironment: Bool, siteDirectories: [String], platform: String,
    soabi: String?, extSuffix: String?, multiarch: String?, libc: Libc?, compiler: String?,
    buildDate: String?, markers: MarkerEnvironment
  ) {
    self.selection = selection
    self.implementation = implementation
    self.version = version
    self.executable = executable
    self.realPath = realPath
    self.sha256 = sha256
    self.libpython = libpython
    self.prefix = prefix
    self.basePrefix = basePrefix
    self.execPrefix = execPrefix
    self.isVirtualEnvironment = isVirtualEnvironment
    self.siteDirectories = siteDirectories
    self.platform = platform
    self.soabi = soabi
    self.extSuffix = extSuffix
    self.multiarch = multiarch
    self.libc = libc
    self.compiler = compiler
    self.buildDate = buildDate
    self.markers = markers
  }
}

/// How the interpreter was chosen: `--python`, `$VIRTUAL_ENV`, `$CONDA_PREFIX` or `python3` on PATH.
public struct InterpreterSelection: Codable, Hashable, Sendable {
  /// The path that was chosen.
  public var path: String
  /// Why it was chosen, for example `--python`, `VIRTUAL_ENV`, `CONDA_PREFIX`, `PATH`.
  public var reason: String

  /// Creates a selection record.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }
}

/// A file identified by its path and SHA-256.
public struct FileFingerprint: Codable, Hashable, Sendable {
  /// The real path of the file.
  public var path: String
  /// SHA-256 of its content.
  public var sha256: Digest

  /// Creates a fingerprint.
  public init(path: String, sha256: Digest) {
    self.path = path
    self.sha256 = sha256
  }
}

/// One installed Python distribution (a `.dist-info` or `.egg-info` directory).
public struct PythonPackage: Codable, Hashable, Sendable {
  /// The PEP 503 normalized name, for example `scikit-learn`.
  public var name: String
  /// The name as METADATA spells it, for example `scikit_learn`.
  public var displayName: String
  /// The version as METADATA spells it.
  public var version: String
  /// `Summary`.
  public var summary: String?
  /// `Requires-Dist` lines, verbatim, in file order.
  public var requiresDist: [String]
  /// `Requires-Python`, verbatim.
  public var requiresPython: String?
  /// `Provides-Extra` values.
  public var providesExtra: [String]
  /// The `Tag:` lines of WHEEL, for example `cp311-cp311-manylinux_2_17_x86_64`.
  public var wheelTags: [String]
  /// `Root-Is-Purelib` of WHEEL.
  public var rootIsPurelib: Bool?
  /// The content of INSTALLER, for example `pip` or `uv`.
  public var installer: String?
  /// True when a REQUESTED file exists (the user asked for it, not pulled in as a dependency).
  public var requested: Bool
  /// `direct_url.json` (PEP 610), when present.
  public var directUrl: DirectURL?
  /// The metadata directory format: `dist-info` or `egg-info`.
  public var metadataFormat: MetadataFormat
  /// The site directory that holds the metadata directory.
  public var location: String
  /// Summary of RECORD: file count, size and a content fingerprint.
  public var record: RecordSummary?
  /// Debian (or other) system packages its compiled files link against.
  public var systemDependencies: [String]
  /// The licence METADATA declares (`License-Expression`, a short `License`, licence classifiers);
  /// nil when it declares none.
  public var license: DeclaredLicense?

  /// Creates a package record.
  public init(
    name: String, displayName: String, version: String, summary: String? = nil,
    requiresDist: [String] = [], requiresPython: String? = nil, providesExtra: [String] = [],
    wheelTags: [String] = [], rootIsPurelib: Bool? = nil, installer: String? = nil,
    requested: Bool = false, directUrl: DirectURL? = nil, metadataFormat: MetadataFormat = .distInfo,
    location: String, record: RecordSummary? = nil, systemDependencies: [String] = [],
    license: DeclaredLicense? = nil
  ) {
    self.name = name
    self.displayName = displayName
    self.version = version
    self.summary = summary
    self.requiresDist = requiresDist
    self.requiresPython = requiresPython
    self.providesExtra = providesExtra
    self.wheelTags = wheelTags
    self.rootIsPurelib = rootIsPurelib
    self.installer = installer
    self.requested = requested
    self.directUrl = directUrl
    self.metadataFormat = metadataFormat
    self.location = location
    self.record = record
    self.systemDependencies = systemDependencies
    self.license = license
  }
}

/// The licence a distribution's core metadata declares, verbatim: what the authors say, not what
/// envlock concluded.
public struct DeclaredLicense: Codable, Hashable, Sendable {
  /// `License-Expression` (core metadata 2.4, PEP 639): an SPDX licence expression.
  public var expression: String?
  /// `License`, when it is one line of at most `DeclaredLicense.maxTextLength` characters (the field
  /// often holds a whole licence text, which is left out).
  public var text: String?
  /// The `Classifier` values under `License ::`, in file order.
  public var classifiers: [String]

  /// The longest `License` value recorded.
  public static let maxTextLength = 200

  /// Creates a declared licence.
  public init(expression: String? = nil, text: String? = nil, classifiers: [String] = []) {
    self.expression = expression
    self.text = text
    self.classifiers = classifiers
  }
}

extension PythonPackage {
  /// How a distribution's metadata is stored; JSON `dist-info` or `egg-info`.
  public enum MetadataFormat: String, ClosedVocabulary {
    /// A `.dist-info` directory (PEP 376, what pip and uv install).
    case distInfo = "dist-info"
    /// An `.egg-info` directory or file (setuptools' older format).
    case eggInfo = "egg-info"

    /// `metadata format`, for decoding errors.
    public static let vocabularyName = "metadata format"
  }
}

/// PEP 610 `direct_url.json`: where a distribution was installed from when not from an index.
public struct DirectURL: Codable, Hashable, Sendable {
  /// `url`.
  public var url: String
  /// `vcs_info`, for VCS installs.
  public var vcsInfo: VCSInfo?
  /// `archive_info`, for archive installs.
  public var archiveInfo: ArchiveInfo?
  /// `dir_info`, for local directory installs.
  public var dirInfo: DirInfo?
  /// `subdirectory`.
  public var subdirectory: String?

  /// Creates a direct URL record.
  public init(
    url: String, vcsInfo: VCSInfo? = nil, archiveInfo: ArchiveInfo? = nil, dirInfo: DirInfo? = nil,
    subdirectory: String? = nil
  ) {
    self.url = url
    self.vcsInfo = vcsInfo
    self.archiveInfo = archiveInfo
    self.dirInfo = dirInfo
    self.subdirectory = subdirectory
  }

  /// PEP 610 `vcs_info`.
  public struct VCSInfo: Codable, Hashable, Sendable {
    /// `vcs`, for example `git`.
    public var vcs: String
    /// `commit_id`.
    public var commitId: String
    /// `requested_revision`.
    public var requestedRevision: String?

    /// Creates a VCS record.
    public init(vcs: String, commitId: String, requestedRevision: String? = nil) {
      self.vcs = vcs
      self.commitId = commitId
      self.requestedRevision = requestedRevision
    }
  }

  /// PEP 610 `archive_info`.
  public struct ArchiveInfo: Codable, Hashable, Sendable {
    /// `hashes` as `algorithm=hexdigest` strings, sorted (PEP 610's dictionary, flattened so that
    /// canonical JSON needs no map keys).
    public var hashes: [String]

    /// Creates an archive record.
    public init(hashes: [String]) { self.hashes = hashes.sorted() }
  }

  /// PEP 610 `dir_info`.
  public struct DirInfo: Codable, Hashable, Sendable {
    /// `editable`.
    public var editable: Bool

    /// Creates a directory record.
    public init(editable: Bool) { self.editable = editable }
  }
}

/// What RECORD says about a distribution's files.
public struct RecordSummary: Codable, Hashable, Sendable {
  /// Number of RECORD lines.
  public var fileCount: Int
  /// Sum of the sizes RECORD lists, in bytes.
  public var totalSize: Int64
  /// SHA-256 over the sorted payload lines (see Docs/format.md for which lines count).
  public var contentFingerprint: Digest

  /// Creates a RECORD summary.
  public init(fileCount: Int, totalSize: Int64, contentFingerprint: Digest) {
    self.fileCount = fileCount
    self.totalSize = totalSize
    self.contentFingerprint = contentFingerprint
  }
}

/// One record of a conda prefix's `conda-meta/` directory.
public struct CondaPackage: Codable, Hashable, Sendable {
  /// Package name.
  public var name: String
  /// Version.
  public var version: String
  /// Build string.
  public var build: String
  /// Build number.
  public var buildNumber: Int
  /// Channel URL or name.
  public var channel: String?
  /// Subdirectory, for example `linux-64` or `noarch`.
  public var subdir: String?
  /// MD5 of the package file.
  public var md5: String?
  /// SHA-256 of the package file.
  public var sha256: String?

  /// Creates a conda package record.
  public init(
    name: String, version: String, build: String, buildNumber: Int, channel: String?, subdir: String?,
    md5: String?, sha256: String?
  ) {
    self.name = name
    self.version = version
    self.build = build
    self.buildNumber = buildNumber
    self.channel = channel
    self.subdir = subdir
    self.md5 = md5
    self.sha256 = sha256
  }
}

/// One operating-system package.
public struct SystemPackage: Codable, Hashable, Sendable {
  /// The package manager that installed it: `dpkg`, `apk` or `rpm`.
  public var manager: Manager
  /// Package name.
  public var name: String
  /// Version as the package manager prints it.
  public var version: String
  /// Architecture, for example `amd64`.
  public var architecture: String

  /// Creates a system package record.
  public init(manager: Manager, name: String, version: String, architecture: String) {
    self.manager = manager
    self.name = name
    self.version = version
    self.architecture = architecture
  }
}

extension SystemPackage {
  /// An operating-system package manager. A name this version does not know (from a newer
  /// envlock) is kept as `other`.
  public enum Manager: OpenVocabulary {
    /// Debian's, read from `/var/lib/dpkg/status`.
    case dpkg
    /// Alpine's, read from `/lib/apk/db/installed`.
    case apk
    /// Red Hat's, read with `rpm -qa`.
    case rpm
    /// A manager this version of envlock does not know.
    case other(String)

    /// `dpkg`, `apk` and `rpm`.
    public static let known: [Manager] = [.dpkg, .apk, .rpm]

    /// The name written to JSON.
    public var rawValue: String {
      switch self {
      case .dpkg: "dpkg"
      case .apk: "apk"
      case .rpm: "rpm"
      case .other(let name): name
      }
    }
  }
}

/// The PEP 508 marker environment: the eleven values `packaging.markers.default_environment()` returns.
public struct MarkerEnvironment: Codable, Hashable, Sendable {
  /// `implementation_name`, for example `cpython`.
  public var implementationName: String
  /// `implementation_version`, for example `3.11.7`.
  public var implementationVersion: String
  /// `os_name`, for example `posix`.
  public var osName: String
  /// `platform_machine`, for example `x86_64`.
  public var platformMachine: String
  /// `platform_release`, the kernel release.
  public var platformRelease: String
  /// `platform_system`, for example `Linux`.
  public var platformSystem: String
  /// `platform_version`, the kernel build string.
  public var platformVersion: String
  /// `python_full_version`, for example `3.11.7`.
  public var pythonFullVersion: String
  /// `platform_python_implementation`, for example `CPython`.
  public var platformPythonImplementation: String
  /// `python_version`, for example `3.11`.
  public var pythonVersion: String
  /// `sys_platform`, for example `linux`.
  public var sysPlatform: String

  /// Creates a marker environment.
  public init(
    implementationName: String, implementationVersion: String, osName: String, platformMachine: String,
    platformRelease: String, platformSystem: String, platformVersion: String, pythonFullVersion: String,
    platformPythonImplementation: String, pythonVersion: String, sysPlatform: String
  ) {
    self.implementationName = implementationName
    self.implementationVersion = implementationVersion
    self.osName = osName
    self.platformMachine = platformMachine
    self.platformRelease = platformRelease
    self.platformSystem = platformSystem
    self.platformVersion = platformVersion
    self.pythonFullVersion = pythonFullVersion
    self.platformPythonImplementation = platformPythonImplementation
    self.pythonVersion = pythonVersion
    self.sysPlatform = sysPlatform
  }

  /// The value of a marker variable by its PEP 508 name, for example `python_version`.
  public subscript(name: String) -> String? {
    switch name {
    case "implementation_name": return implementationName
    case "implementation_version": return implementationVersion
    case "os_name": return osName
    case "platform_machine": return platformMachine
    case "platform_release": return platformRelease
    case "platform_system": return platformSystem
    case "platform_version": return platformVersion
    case "python_full_version": return pythonFullVersion
    case "platform_python_implementation": return platformPythonImplementation
    case "python_version": return pythonVersion
    case "sys_platform": return sysPlatform
    default: return nil
    }
  }
}
