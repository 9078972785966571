import ArgumentParser
import EnvlockArchive
import EnvlockFileIO
import EnvlockRegistry
import Foundation

extension Envlock {
  struct Push: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "push",
      abstract: "Publish an .envlock archive to an OCI registry.",
      discussion: """
        Uploads FILE as an OCI artifact (artifact type application/vnd.envlock.snapshot.v1, the archive as its one layer, titled with the file name so `oras pull` fetches it too) and tags it REFERENCE, oci://HOST[:PORT]/REPOSITORY:TAG. The archive's integrity is checked first, and its signature too when --key is given. Blobs the repository already has are not uploaded again.

        Credentials come from the docker config ($REGISTRY_AUTH_FILE, else $DOCKER_CONFIG/config.json, else ~/.docker/config.json: what `docker login` and `oras login` write), never from a flag. https is used unless --plain-http is given.

        Exit codes: 0 pushed; 1 the archive fails its integrity or signature check; 2 usage, input or registry error.
        """)

    @Argument(help: "The .envlock archive.")
    var file: String

    @Argument(help: "Where to push: oci://HOST[:PORT]/REPOSITORY:TAG.")
    var reference: String

    @Option(help: "minisign public key: push only an archive signed by it.")
    var key: String?

    @OptionGroup var registry: RegistryFlags

    func run() async throws {
      let target = try RegistryFlags.reference(reference)
      let publicKey = try key.map { try KeyFiles.loadPublicKey($0) }
      let bytes: [UInt8]
      switch FileSystem.read(file, limit: ReadLimits.standard.maxArchiveBytes) {
      case .success(let read): bytes = read
      case .failure(let error):
        throw CommandFailure.input(ArchiveError.cannotRead(file: file, underlying: error))
      }
      let archive: SnapshotArchive
      do {
        archive = try SnapshotArchive.parse(bytes, file: file)
        if let publicKey { try archive.verifySignature(with: publicKey, file: file) }
      } catch {
        throw CommandFailure.from(error)
      }
      let options = try registry.options(for: target)
      let result: SnapshotRegistry.PushResult
      do {
        result = try await SnapshotRegistry.push(
          archiveBytes: bytes, archive: archive, fileName: lastComponent(file), to: target, options: options)
      } catch {
        throw CommandFailure.input(error)
      }
      if archive.signature == nil {
        diagnostic("warning: \(file) is unsigned; whoever pulls it cannot check who made it")
      }
      let signer = archive.signature.map { "signed by key \($0.keyID)" } ?? "unsigned"
      print("pushed \(file) to \(target) (\(result.layer.size) bytes, \(signer))")
      print("pinned: \(result.pinned)")
    }
  }
}
