import ArgumentParser
import EnvlockArchive
import EnvlockCapture
import EnvlockModel
import EnvlockFileIO
import EnvlockRebuild
import EnvlockSigning
import EnvlockRegistry
import Foundation

extension Envlock {
  struct Rebuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rebuild",
      abstract: "Write a Dockerfile and pinned manifest that reproduce a snapshot, or realize it as a venv.",
      discussion: """
        With -o DIR, writes Dockerfile, requirements.lock, pylock.toml, apt-packages.txt, environment.env, REBUILD.md (and SHA256SUMS, config-files/, machine-config/, debian-snapshot.sources when needed). With --venv DIR, creates a virtual environment with a matching interpreter, installs requirements.lock with pip, captures it and compares its packages (names, versions, content fingerprints) with the snapshot.

        Hazards (what cannot be reproduced exactly) go to REBUILD.md, stderr and --json.

        With --key, the snapshot's signature is checked before anything is written: the archive's own, or FILE.minisig next to an extracted envlock.json. Without --key, or for an unsigned input, the rebuild goes on with the hazard signature-not-checked or unsigned-input.

        Exit codes: 0 done; 1 the signature is missing or does not match --key, the rebuilt venv differs, or --strict and there are hazards; 2 usage or input error.
        """)

    @Argument(
      help:
        "The snapshot: an .envlock archive, an envlock.json manifest, a snapshot JSON file or an oci:// reference."
    )
    var snapshot: String

    @Option(name: .shortAndLong, help: "Directory to write the Dockerfile and manifest into.")
    var output: String?

    @Option(help: "minisign public key the snapshot must be signed with; checked before anything is written.")
    var key: String?

    @Option(help: "Create and verify a virtual environment at this path instead.")
    var venv: String?

    @Option(help: "Interpreter for --venv (default: pythonX.Y of the snapshot on PATH).")
    var python: String?

    @Option(help: "Folder of wheels for --venv (then offline unless --index-url is given). Repeatable.")
    var findLinks: [String] = []

    @Option(help: "Package index (simple API) to pin against and look hashes up on.")
    var indexURL: String?

    @Option(help: "Base image, kept exactly as given (a digest-pinned reference stays pinned).")
    var baseImage: String?

    @Flag(
      help: "Use the image's ordinary apt mirrors instead of Debian's snapshot archive for the capture date.")
    var noAptSnapshot = false

    @Flag(help: "Look up each package's file hash on the index (PEP 691/503) and pin with --require-hashes.")
    var hashes = false

    @Flag(help: "Exit 1 when there is any hazard.")
    var strict = false

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Write into a non-empty output directory, replacing envlock's files.")
    var force = false

    @OptionGroup var registry: RegistryFlags

    func validate() throws {
      if (output == nil) == (venv == nil) {
        throw ValidationError("give exactly one of -o DIR and --venv DIR")
      }
      if let baseImage, !RebuildInput.isImageReference(baseImage) {
        throw ValidationError(
          "--base-image `\(baseImage)` is not an image reference (letters, digits and ._/:@+-)")
      }
      if let indexURL, !RebuildInput.isIndexURL(indexURL) {
        throw ValidationError(
          "--index-url `\(indexURL)` is not a URL without spaces, quotes or control characters")
      }
    }

    func run() async throws {
      let publicKey = try key.map { try KeyFiles.loadPublicKey($0) }
      do {
        let (source, bytes) = try await readSnapshot()
        let signature = try checkSignature(source, bytes: bytes, key: publicKey)
        var options = RebuildOptions(
          baseImage: baseImage, aptSnapshot: !noAptSnapshot, indexURL: indexURL, hashesRequested: hashes,
          signature: signature)
        if hashes {
          let index = IndexChoice.choose(source: source, override: indexURL)
          options.lockedFiles = try await IndexHashLookup(indexURL: index.url).lookup(
            source.snapshot.pythonPackages)
        }
        let plan = try RebuildPlan.make(source, options: options)
        for hazard in plan.hazards { diagnostic(hazard.line) }
        var report = RebuildReport(plan)
        var failure: String?
        if let output {
          try OutputDirectory.write(plan, to: output, force: force)
          if !json {
            print("wrote \(output): \(report.files.joined(separator: ", "))")
            print(
              "base image \(plan.base.reference); \(plan.pins.count) packages pinned; \(plan.hazards.count) hazards"
            )
          }
        }
        if let venv {
          let environment = ProcessInfo.processInfo.environment
          let root = FileManager.default.currentDirectoryPath
          let result = try await VenvRealizer.realize(
            plan,
            options: VenvOptions(
              target: venv, python: python, findLinks: findLinks, indexURL: indexURL, environment: environment
            )
          ) { path in
            try Capturer.capture(
              CaptureOptions(
                python: path, projectRoot: root, environment: environment,
                commandLine: ["envlock", "rebuild", "--venv", path], toolVersion: envlockVersion)
            ).snapshot
          }
          for warning in result.warnings { diagnostic("warning: \(warning)") }
          report.differences = result.differences
          report.warnings = result.warnings
          if !json {
            if result.differences.isEmpty {
              print(
                "verified: \(venv) matches the snapshot (\(plan.snapshot.pythonPackages.count) packages; names, versions, content fingerprints)"
              )
            } else {
              print("\(venv) differs from the snapshot:")
              for difference in result.differences { print("  \(difference.line)") }
            }
          }
          if !result.differences.isEmpty {
            failure =
              "the rebuilt environment differs from the snapshot in \(result.differences.count) packages"
          }
        }
        if json { FileHandle.standardOutput.write(Data(try CanonicalJSON.encode(report))) }
        if failure == nil && strict && !plan.hazards.isEmpty {
          failure = "\(plan.hazards.count) hazards and --strict"
        }
        if let failure { throw CommandFailure.check(CommandError(failure)) }
      } catch {
        throw CommandFailure.from(error)
      }
    }

    /// Reads the snapshot from a file or a registry, and keeps a file's bytes for checking a
    /// signature next to a JSON file; any failure, a tampered archive included, is an input error
    /// (exit 2).
    private func readSnapshot() async throws -> (SnapshotFile, [UInt8]) {
      if RegistryReference.isReference(snapshot) {
        do {
          return (try await SnapshotInput.read(snapshot, registry: registry), [])
        } catch {
          throw RebuildError.cannotReadSnapshot(path: snapshot, underlying: error.error)
        }
      }
      do {
        let limit = ReadLimits.standard.maxArchiveBytes
        guard case .success(let bytes) = FileSystem.read(snapshot, limit: limit) else {
          return (try SnapshotFile.read(path: snapshot), [])
        }
        return (try SnapshotFile.parse(bytes, file: snapshot), bytes)
      } catch {
        throw RebuildError.cannotReadSnapshot(path: snapshot, underlying: error)
      }
    }

    /// Checks the signature before anything is written: an archive's own, or `FILE.minisig` next to
    /// a JSON file (what `extract` writes). With `key`, a missing or rejected signature is a failed
    /// check (exit 1); without it the rebuild goes on, and the plan records whether it was signed.
    private func checkSignature(_ source: SnapshotFile, bytes: [UInt8], key: PublicKey?) throws
      -> SignatureStatus
    {
      if let archive = source.archive {
        guard let key else { return archive.signature == nil ? .unsigned : .notChecked }
        try archive.verifySignature(with: key, file: snapshot)
        return .verified(keyID: key.keyID.description)
      }
      let signaturePath = snapshot + ".minisig"
      guard case .success(let signatureBytes) = FileSystem.read(signaturePath, limit: 64 * 1024) else {
        if key == nil { return .unsigned }
        throw CommandFailure.check(
          CommandError(
            "`\(snapshot)` is a JSON file with no signature next to it (`\(signaturePath)`), so it cannot be checked with the key",
            hint: "rebuild the signed .envlock archive, or extract it with `envlock extract`"))
      }
      guard let key else { return .notChecked }
      do {
        let signature = try Signature(
          minisigText: String(decoding: signatureBytes, as: UTF8.self), source: signaturePath)
        try signature.verify(bytes, with: key)
      } catch {
        throw ArchiveError.signatureRejected(file: snapshot, underlying: error)
      }
      return .verified(keyID: key.keyID.description)
    }
  }
}
