import ArgumentParser
import EnvlockCapture
import EnvlockLockfile
import EnvlockModel
import EnvlockSigning
import Foundation

extension Envlock {
  struct Capture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Capture the current environment into a signed .envlock archive.",
      discussion: """
        Records capture metadata and the host (OS, kernel, architecture, libc, CPU, memory, GPUs), then writes a deterministic, signed archive and prints its summary. The archive is signed with --key, or with the default key from `envlock keygen` when it exists.
        """)

    @Option(name: .shortAndLong, help: "Archive to write.")
    var output = "environment.envlock"

    @Option(
      help:
        "Python interpreter or venv/conda prefix to capture (default: $VIRTUAL_ENV, $CONDA_PREFIX, python3).")
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

    func validate() throws {
      if noSign && key != nil { throw ValidationError("--no-sign and --key cannot be used together") }
    }

    func run() async throws {
      let signingKey = try resolveKey()
      let root = URL(fileURLWithPath: project ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        .path
      let options = CaptureOptions(
        python: python, projectRoot: root, environment: ProcessInfo.processInfo.environment,
        commandLine: ["envlock"] + Array(CommandLine.arguments.dropFirst()), toolVersion: envlockVersion)
      let snapshot: Snapshot
      do {
        snapshot = try await Capturer.capture(options)
      } catch {
        throw CommandFailure.from(error)
      }
      for warning in snapshot.warnings {
        diagnostic("warning: \(warning.message)" + (warning.path.map { " (\($0))" } ?? ""))
      }
      do {
        try Lockfile.write(snapshot: snapshot, signingKey: signingKey, to: output, force: force)
        let lockfile = try Lockfile.read(path: output)
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
