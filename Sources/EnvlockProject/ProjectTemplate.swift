// The commented envlock.toml that `envlock init` writes, filled from what it found in the project.

import EnvlockTOML
import Foundation

/// Renders a starter envlock.toml.
public enum ProjectTemplate {
  /// The text of a commented project file for what `discovery` found.
  public static func render(_ discovery: ProjectDiscovery) -> String {
    func list(_ items: [String]) -> String {
      items.isEmpty ? "[]" : "[" + items.map(quoted).joined(separator: ", ") + "]"
    }
    let interpreter =
      discovery.virtualEnvironment.map { "interpreter = \(quoted($0))" }
      ?? "# interpreter = \".venv\"  # default: $VIRTUAL_ENV, $CONDA_PREFIX, then python3 on PATH"
    let autoConfig =
      discovery.configFiles.isEmpty
      ? "found none yet" : "found now: " + discovery.configFiles.joined(separator: ", ")
    return """
      # envlock project file: what `envlock capture` records for this project.
      # Reference: Docs/project-file.md. Unknown keys are an error, so typos do not go unnoticed.

      [python]
      # The interpreter, virtual environment or conda prefix to capture (relative to this file).
      \(interpreter)

      [data]
      # Files, folders and globs whose SHA-256 is recorded (and listed in the archive's SHA256SUMS).
      paths = \(list(discovery.dataFolders))
      # Record symbolic links inside data folders as links (false) or hash what they point to (true).
      follow_symlinks = false

      [config]
      # Config files stored whole in the archive, besides the well-known ones (\(autoConfig)).
      files = []
      # Store pyproject.toml, requirements*.txt, uv.lock, .env, pip.conf, ... when present.
      auto_detect = true

      [environment]
      # Globs of variables to record although the default noise list drops them (TERM, SSH_*, ...).
      include = []
      # Globs of variables never to record.
      exclude = []

      [redaction]
      # Secrets are stored only as HMAC-SHA256 fingerprints under a key that never enters the archive.
      # The key comes from this environment variable when it is set (share it with your team via a
      # secret store so that everyone's captures compare) ...
      key_env = "ENVLOCK_REDACTION_KEY"
      # ... otherwise from this file (git-ignored; keep it private).
      key_file = ".envlock/redaction.key"
      # Create a random key file on the first capture when there is no key.
      generate = true

      [notebooks]
      # Jupyter notebooks (files, folders, globs): capture records each one and the kernel it runs
      # in; when they all name one kernel and no interpreter is set, that kernel's environment is
      # the one captured.
      paths = \(list(discovery.notebooks))

      [rebuild]
      # The container base image and extra Debian packages for `envlock rebuild`.
      # base_image = "python:3.11-slim-bookworm"
      apt_packages = []

      [cache]
      # Where data-file hashes are cached between captures (git-ignored).
      directory = ".envlock/cache"

      """
  }

  private static func quoted(_ text: String) -> String { TOMLString.basic(text) }
}

extension ProjectTemplate {
  /// Writes `text` to `path`; an existing file is replaced only with `force`.
  public static func write(_ text: String, to path: String, force: Bool) throws(ProjectError) {
    if !force, FileManager.default.fileExists(atPath: path) { throw .alreadyExists(file: path) }
    do {
      try Data(text.utf8).write(
        to: URL(fileURLWithPath: path), options: force ? .atomic : .withoutOverwriting)
    } catch {
      throw .writeFailed(file: path, underlying: error)
    }
  }
}
