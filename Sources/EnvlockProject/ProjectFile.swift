// The envlock.toml project file (Docs/project-file.md): TOML 1.0, read with EnvlockTOML; every key is
// known, an unknown key is an error naming its line.

/// The settings of `envlock.toml`, with defaults for everything left out.
public struct ProjectFile: Hashable, Sendable {
  /// The file name envlock looks for in the project directory.
  public static let fileName = "envlock.toml"

  /// `[python] interpreter`: an interpreter path or a venv/conda prefix, relative to the project.
  public var interpreter: String?
  /// `[data]`: data files to hash.
  public var data: DataSettings
  /// `[config]`: config files to store.
  public var config: ConfigSettings
  /// `[environment]`: which variables to record.
  public var environment: EnvironmentSettings
  /// `[redaction]`: where the redaction key comes from.
  public var redaction: RedactionSettings
  /// `[rebuild]`: options for rebuilding the environment elsewhere.
  public var rebuild: RebuildSettings
  /// `[notebooks]`: the Jupyter notebooks whose kernel environment is captured.
  public var notebooks: NotebookSettings
  /// `[cache] directory`: the hash cache directory, relative to the project.
  public var cacheDirectory: String?

  /// Creates a project file value; every section defaults to its documented defaults.
  public init(
    interpreter: String? = nil, data: DataSettings = DataSettings(),
    config: ConfigSettings = ConfigSettings(),
    environment: EnvironmentSettings = EnvironmentSettings(),
    redaction: RedactionSettings = RedactionSettings(),
    rebuild: RebuildSettings = RebuildSettings(), notebooks: NotebookSettings = NotebookSettings(),
    cacheDirectory: String? = nil
  ) {
    self.interpreter = interpreter
    self.data = data
    self.config = config
    self.environment = environment
    self.redaction = redaction
    self.rebuild = rebuild
    self.notebooks = notebooks
    self.cacheDirectory = cacheDirectory
  }
}

/// `[data]`: the data files a capture hashes.
public struct DataSettings: Hashable, Sendable {
  /// `paths`: files, directories and globs, relative to the project.
  public var paths: [String]
  /// `follow_symlinks`: hash what links inside data directories point to instead of recording the link.
  public var followSymlinks: Bool

  /// Creates data settings.
  public init(paths: [String] = [], followSymlinks: Bool = false) {
    self.paths = paths
    self.followSymlinks = followSymlinks
  }
}

/// `[config]`: the config files a capture stores.
public struct ConfigSettings: Hashable, Sendable {
  /// `files`: extra config files, relative to the project.
  public var files: [String]
  /// `auto_detect`: also store the well-known files found in the project (pyproject.toml, .env, ...).
  public var autoDetect: Bool

  /// Creates config settings.
  public init(files: [String] = [], autoDetect: Bool = true) {
    self.files = files
    self.autoDetect = autoDetect
  }
}

/// `[environment]`: which environment variables a capture records.
public struct EnvironmentSettings: Hashable, Sendable {
  /// `include`: globs of variables to record even though the default noise list leaves them out.
  public var include: [String]
  /// `exclude`: globs of variables never to record.
  public var exclude: [String]

  /// Creates environment settings.
  public init(include: [String] = [], exclude: [String] = []) {
    self.include = include
    self.exclude = exclude
  }
}

/// `[redaction]`: where the key that fingerprints secrets comes from.
public struct RedactionSettings: Hashable, Sendable {
  /// The default key file, relative to the project.
  public static let defaultKeyFile = ".envlock/redaction.key"
  /// The default environment variable holding the key.
  public static let defaultKeyEnvironmentVariable = "ENVLOCK_REDACTION_KEY"

  /// `key_env`: the environment variable that holds the key; it wins over the key file.
  public var keyEnvironmentVariable: String
  /// `key_file`: the key file, relative to the project.
  public var keyFile: String
  /// `generate`: create a random key file on the first capture when there is no key.
  public var generate: Bool

  /// Creates redaction settings.
  public init(
    keyEnvironmentVariable: String = RedactionSettings.defaultKeyEnvironmentVariable,
    keyFile: String = RedactionSettings.defaultKeyFile, generate: Bool = true
  ) {
    self.keyEnvironmentVariable = keyEnvironmentVariable
    self.keyFile = keyFile
    self.generate = generate
  }
}

/// `[rebuild]`: how `envlock rebuild` should build the environment.
public struct RebuildSettings: Hashable, Sendable {
  /// `base_image`: the container base image, for example `python:3.11-slim-bookworm`.
  public var baseImage: String?
  /// `apt_packages`: extra Debian packages to install.
  public var aptPackages: [String]

  /// Creates rebuild settings.
  public init(baseImage: String? = nil, aptPackages: [String] = []) {
    self.baseImage = baseImage
    self.aptPackages = aptPackages
  }
}

/// `[notebooks]`: the Jupyter notebooks a capture records, with the kernel each one runs in.
public struct NotebookSettings: Hashable, Sendable {
  /// `paths`: notebook files and globs (`notebooks/*.ipynb`), relative to the project.
  public var paths: [String]

  /// Creates notebook settings.
  public init(paths: [String] = []) {
    self.paths = paths
  }
}
