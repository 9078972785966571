import ArgumentParser
import EnvlockArchive
import EnvlockFileIO
import EnvlockRegistry
import Foundation

extension Envlock {
  struct Pull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "pull",
      abstract: "Fetch an .envlock archive from an OCI registry, check it, then write it.",
      discussion: """
        Fetches the artifact REFERENCE names (oci://HOST[:PORT]/REPOSITORY:TAG, or @sha256:DIGEST to pin it) and checks, before writing anything: the manifest's digest, the archive's size (a blob over the limit is refused before it is downloaded) and digest, the archive's structure and member digests, and with --key its signature. Only then is the archive written to -o, atomically: a failed pull leaves nothing there.

        Credentials come from the docker config, as for `envlock push`. https is used unless --plain-http is given.

        Exit codes: 0 pulled and written; 1 the archive fails its integrity or signature check; 2 usage, input or registry error (a registry that serves content not matching its digests included).
        """)

    @Argument(help: "What to pull: oci://HOST[:PORT]/REPOSITORY:TAG or ...@sha256:DIGEST.")
    var reference: String

    @Option(name: .shortAndLong, help: "The archive file to write.")
    var output: String

    @Option(help: "minisign public key: the archive must carry a valid signature by it.")
    var key: String?

    @Flag(help: "Replace the output file if it exists.")
    var force = false

    @OptionGroup var registry: RegistryFlags

    func run() async throws {
      let source = try RegistryFlags.reference(reference)
      let publicKey = try key.map { try KeyFiles.loadPublicKey($0) }
      if !force && FileSystem.exists(output) {
        throw CommandFailure.input(FileWriteError.destinationExists(path: output))
      }
      let options = try registry.options(for: source)
      let pulled: SnapshotRegistry.PullResult
      do {
        pulled = try await SnapshotRegistry.pull(source, options: options)
        if let publicKey { try pulled.archive.verifySignature(with: publicKey, file: source.description) }
        try AtomicFile.write(pulled.bytes, to: output, force: force)
      } catch {
        throw CommandFailure.from(error)
      }
      let signer =
        publicKey.map { "signed by key \($0.keyID) (verified)" }
        ?? pulled.archive.signature.map { "signed by key \($0.keyID) (not verified: no --key)" } ?? "unsigned"
      print("pulled \(source) to \(output) (\(pulled.bytes.count) bytes, integrity checked, \(signer))")
      print("pinned: \(pulled.pinned)")
    }
  }
}
