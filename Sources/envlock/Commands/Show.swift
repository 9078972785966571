import ArgumentParser
import EnvlockArchive
import Foundation

extension Envlock {
  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Summarize an .envlock archive (or print its manifest with --json).",
      discussion: "Member digests are always checked; the signature too when --key is given.")

    @Argument(help: "The .envlock archive, or an oci:// reference to one in a registry.")
    var file: String

    @Flag(help: "Print the manifest (envlock.json) exactly as stored.")
    var json = false

    @Option(help: "Public key to check the signature with.")
    var key: String?

    @OptionGroup var registry: RegistryFlags

    func run() async throws {
      let publicKey = try key.map { try KeyFiles.loadPublicKey($0) }
      let lockfile: SnapshotArchive
      do {
        lockfile = try await SnapshotInput.archive(file, registry: registry)
        if let publicKey { try lockfile.verifySignature(with: publicKey, file: file) }
      } catch {
        throw CommandFailure.from(error)
      }
      if json {
        FileHandle.standardOutput.write(Data(lockfile.manifestBytes))
      } else {
        print(SnapshotSummary.render(lockfile, path: file, verifiedWith: publicKey))
      }
    }
  }
}
