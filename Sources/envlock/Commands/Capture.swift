import ArgumentParser
import EnvlockCapture
import EnvlockArchive
import EnvlockModel
import EnvlockProject
import EnvlockSigning
import Foundation
import Synchronization

extension Envlock {
  struct Capture: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "capture",
      abstract: "Capture the current environment into a signed .envlock archive.",
      discussion: """
        Records capture metadata, the host (OS, kernel, architecture, libc, CPU, memory, GPUs), environment variables (secrets redacted), config files, data-file hashes and Jupyter notebooks with their kernels, then writes a deterministic, signed archive and prints its summary. Settings come from envlock.toml in the project (see `envlock init`) and the flags below. Without --python (or `[python] interpreter`), a project whose notebooks all use one kernel is captured in that kernel's environment. The archive is signed with --key, or with the default key from `envlock keygen` when it exists.

        Secrets are stored only as HMAC-SHA256 fingerprints under the redaction key: --redaction-key, else $ENVLOCK_REDACTION_KEY, else .envlock/redaction.key (created on the first capture).

        Exit codes: 0 success; 1 data files could not be hashed (see --allow-partial); 2 usage or input error.
        """)

    @Option(name: .shortAndLong, help: "Archive to write.")
    var output = "environment.envlock"

    @Option(
      help:
        "Python interpreter or venv/conda prefix to capture (default: the notebooks' kernel, $VIRTUAL_ENV, $CONDA_PREFIX, python3)."
    )
    var python: String?

    @Option(help: "Project directory (default: the current directory).")
    var project: String?

    @Option(help: "minisign secret key to sign with (default: ~/.config/envlock/envlock.key if present).")
    var key: String?

    @Option(help: "File holding the passphrase of an encrypted key (or set ENVLOCK_PASSPHRASE).")
    var passphraseFile: String?

    @Flag(help: "Write an unsigned archive.")
    var noSign = false

    @Flag(help: "Replace an existing archive.")
    var force = false

    @Option(
      name: .customLong("data"),
      help: ArgumentHelp("A data file, folder or glob to hash (repeatable).", valueName: "path"))
    var data: [String] = []

    @Option(
      name: .customLong("config"),
      help: ArgumentHelp("A config file to store in the archive (repeatable).", valueName: "file"))
    var config: [String] = []

    @Option(
      name: .customLong("notebook"),
      help: ArgumentHelp(
        "A Jupyter notebook, folder of notebooks or glob to record with its kernel (repeatable).",
        valueName: "path"))
    var notebooks: [String] = []

    @Option(
      help: ArgumentHelp(
        "A glob of environment variables to record although the noise list drops them (repeatable).",
        valueName: "glob"))
    var envInclude: [String] = []

    @Option(
      help: ArgumentHelp("A glob of environment variables never to record (repeatable).", valueName: "glob"))
    var envExclude: [String] = []

    @Flag(help: "Capture even when some data files cannot be hashed; they are listed as warnings.")
    var allowPartial = false

    @Option(
      help: ArgumentHelp(
        "Data hash cache directory (default: .envlock/cache in the project).", valueName: "dir"))
    var cache: String?

    @Option(
      help: ArgumentHelp(
        "File holding the redaction key (default: $ENVLOCK_REDACTION_KEY, then .envlock/redaction.key).",
        valueName: "file"))
    var redactionKey: String?

    @Flag(name: .shortAndLong, help: "Do not show the progress line.")
    var quiet = false

    func validate() throws {
      if noSign && key != nil { throw ValidationError("--no-sign and --key cannot be used together") }
    }

    func run() throws {
      let signingKey = try resolveKey()
      let result: CaptureResult
      do {
        result = try ProjectCapture.run(
          python: python, project: project, dataPaths: data, configFiles: config,
          environmentFilter: EnvironmentFilter(include: envInclude, exclude: envExclude),
          allowPartial: allowPartial, cache: cache, redactionKey: redactionKey, notebooks: notebooks,
          showProgress: !quiet)
      } catch let error as CaptureError where error.isIncompleteData {
        throw CommandFailure.check(error)
      } catch {
        throw CommandFailure.from(error)
      }
      let snapshot = result.snapshot
      for note in result.notes { diagnostic("note: \(note)") }
      for warning in snapshot.warnings {
        diagnostic("warning: \(warning.message)" + (warning.path.map { " (\($0))" } ?? ""))
      }
      do {
        let written = try SnapshotArchive.write(
          snapshot: snapshot, configContents: result.configContents, signingKey: signingKey, to: output,
          force: force)
        // Read back what was written: every member digest, and the signature with the key's public half.
        let lockfile = try SnapshotArchive.read(path: output, expecting: written)
        if let signingKey { try lockfile.verifySignature(with: signingKey.publicKey, file: output) }
        print(SnapshotSummary.render(lockfile, path: output, verifiedWith: signingKey?.publicKey))
      } catch {
        throw CommandFailure.from(error)
      }
      if signingKey == nil {
        diagnostic("warning: `\(output)` is unsigned; run `envlock keygen` once to sign future captures")
      }
    }

    private func resolveKey() throws -> SecretKey? {
      if noSign { return nil }
      if let key { return try KeyFiles.loadSecretKey(key, passphraseFile: passphraseFile) }
      let fallback = KeyFiles.defaultSecretKey
      guard FileManager.default.fileExists(atPath: fallback) else { return nil }
      return try KeyFiles.loadSecretKey(fallback, passphraseFile: passphraseFile)
    }
  }
}

/// Renders data-hashing progress as one line on standard error, after the first second.
final class ProgressLine: Sendable {
  private let enabled: Bool
  /// Whether a line is on screen; held while writing, so lines from hashing threads never interleave.
  private let shown = Mutex(false)

  init(enabled: Bool) { self.enabled = enabled }

  var handler: DataHashingProgressHandler? {
    guard enabled else { return nil }
    return { [self] progress in self.show(progress) }
  }

  private func show(_ p: DataHashingProgress) {
    guard p.elapsed >= 1 else { return }
    let left = p.secondsLeft.map { String(format: ", %.0fs left", $0.rounded(.up)) } ?? ""
    let line = String(
      format: "hashing data: %d/%d files, %@ of %@, %@/s%@", p.filesDone, p.filesTotal,
      Self.bytes(Double(p.bytesDone)), Self.bytes(Double(p.bytesTotal)), Self.bytes(p.throughput), left)
    shown.withLock { shown in
      shown = true
      FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }
  }

  func finish() {
    shown.withLock { shown in
      if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
  }

  private static func bytes(_ n: Double) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var value = n
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return unit == 0
      ? String(format: "%.0f %@", value, units[unit]) : String(format: "%.1f %@", value, units[unit])
  }
}
