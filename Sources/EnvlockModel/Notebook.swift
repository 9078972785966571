// Jupyter notebooks of the project (nbformat 4) and the kernel each one runs in, found the way
// Jupyter finds kernelspecs (jupyter_core's data path, jupyter_client's `kernel.json`).

/// One notebook of the project: what it says about its kernel, and the kernel found for it.
public struct NotebookEntry: Codable, Hashable, Sendable {
  /// Path relative to the project root, `/`-separated; a notebook outside the project starts with `../`.
  public var path: String
  /// SHA-256 of the notebook file.
  public var sha256: Digest
  /// `nbformat`: the major format version (always 4 for a recorded notebook).
  public var nbformat: Int
  /// `nbformat_minor`, when the notebook has one.
  public var nbformatMinor: Int?
  /// `metadata.kernelspec`: the kernel the notebook asks for; nil when it names none.
  public var kernelspec: NotebookKernelspec?
  /// `metadata.language_info`: the language the notebook last ran with; nil when it has not run.
  public var languageInfo: NotebookLanguageInfo?
  /// The kernelspec found for `kernelspec.name` on the capturing machine; nil when none was found.
  public var kernel: JupyterKernel?
  /// `sys.prefix` of the captured environment the kernel runs in (the snapshot's `interpreter.prefix`);
  /// nil when the kernel runs in an environment this snapshot did not capture.
  public var environment: String?

  /// Creates a notebook entry.
  public init(
    path: String, sha256: Digest, nbformat: Int, nbformatMinor: Int? = nil,
    kernelspec: NotebookKernelspec? = nil, languageInfo: NotebookLanguageInfo? = nil,
    kernel: JupyterKernel? = nil, environment: String? = nil
  ) {
    self.path = path
    self.sha256 = sha256
    self.nbformat = nbformat
    self.nbformatMinor = nbformatMinor
    self.kernelspec = kernelspec
    self.languageInfo = languageInfo
    self.kernel = kernel
    self.environment = environment
  }
}

/// `metadata.kernelspec` of a notebook.
public struct NotebookKernelspec: Codable, Hashable, Sendable {
  /// `name`: the kernelspec's directory name, for example `python3` or `project-venv`.
  public var name: String
  /// `display_name`, as the notebook interface shows it.
  public var displayName: String?
  /// `language`, for example `python`.
  public var language: String?

  /// Creates a notebook kernelspec record.
  public init(name: String, displayName: String? = nil, language: String? = nil) {
    self.name = name
    self.displayName = displayName
    self.language = language
  }
}

/// `metadata.language_info` of a notebook: written by the kernel when the notebook last ran.
public struct NotebookLanguageInfo: Codable, Hashable, Sendable {
  /// `name`, for example `python`.
  public var name: String?
  /// `version`, for example `3.11.7`.
  public var version: String?

  /// Creates a language-info record.
  public init(name: String? = nil, version: String? = nil) {
    self.name = name
    self.version = version
  }
}

/// A kernelspec (`kernel.json`) found on the capturing machine.
public struct JupyterKernel: Codable, Hashable, Sendable {
  /// The kernelspec name (its directory name, lowercased as jupyter_client does).
  public var name: String
  /// The directory holding `kernel.json` (home directory written `~`).
  public var resourceDirectory: String
  /// `display_name`.
  public var displayName: String?
  /// `language`.
  public var language: String?
  /// `argv`: the command that starts the kernel (secret-looking arguments redacted).
  public var argv: [String]
  /// `interrupt_mode`: `signal` (the default) or `message`.
  public var interruptMode: String?
  /// `env`: variables set for the kernel, sorted by name, redacted like the process environment.
  public var env: [RecordedVariable]
  /// The absolute path `argv[0]` resolves to; nil when it could not be resolved.
  public var interpreter: String?
  /// The Python version that interpreter reports now; nil when it could not be run.
  public var pythonVersion: String?

  /// Creates a kernel record.
  public init(
    name: String, resourceDirectory: String, displayName: String? = nil, language: String? = nil,
    argv: [String] = [], interruptMode: String? = nil, env: [RecordedVariable] = [],
    interpreter: String? = nil, pythonVersion: String? = nil
  ) {
    self.name = name
    self.resourceDirectory = resourceDirectory
    self.displayName = displayName
    self.language = language
    self.argv = argv
    self.interruptMode = interruptMode
    self.env = env
    self.interpreter = interpreter
    self.pythonVersion = pythonVersion
  }
}
