import ArgumentParser
import EnvlockArchive
import EnvlockExport
import EnvlockFileIO
import EnvlockModel
import EnvlockSigning
import Foundation

extension Envlock {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "export",
      abstract: "Write a snapshot as an SBOM: CycloneDX 1.6 JSON or SPDX 2.3 JSON.",
      discussion: """
        SNAPSHOT is an .envlock archive, an envlock.json manifest or a snapshot JSON file. The SBOM lists the interpreter, every Python package (pkg:pypi PURL, declared licence, requirement graph), conda and system package (pkg:deb, pkg:rpm, pkg:apk) with the hashes the snapshot knows; envlock's RECORD fingerprints are named properties, never file hashes (Docs/fleet-and-sbom.md). The output is deterministic: the serial number or namespace follows from the snapshot digest, the timestamp is the capture time.

        Exit codes: 0 written; 1 the archive's signature does not verify (--key); 2 usage or input error.
        """)

    @Argument(help: "The snapshot: an .envlock archive, envlock.json or snapshot JSON.")
    var snapshot: String

    @Option(help: "SBOM format: cyclonedx or spdx.")
    var format: SBOMFormat

    @Option(name: .shortAndLong, help: "File to write (default: standard output).")
    var output: String?

    @Flag(help: "Replace an existing output file.")
    var force = false

    @Option(help: "minisign public key: the archive must carry a valid signature by it.")
    var key: String?

    func run() throws {
      let publicKey = try key.map { try KeyFiles.loadPublicKey($0) }
      let file = try SnapshotInput.read(snapshot)
      if let publicKey {
        guard let archive = file.archive else {
          throw CommandFailure.input(
            CommandError(
              "Cannot check a signature on `\(snapshot)`: a JSON file carries none",
              hint: "pass the .envlock archive, or drop `--key`"))
        }
        do {
          try archive.verifySignature(with: publicKey, file: snapshot)
        } catch {
          throw CommandFailure.from(error)
        }
      }
      let text = SBOMExport.render(file.snapshot, digest: file.digest, format: format)
      guard let output else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
      }
      do {
        try AtomicFile.write(Array(text.utf8), to: output, force: force)
      } catch {
        throw CommandFailure.input(error)
      }
    }
  }
}

extension SBOMFormat: ExpressibleByArgument {}
