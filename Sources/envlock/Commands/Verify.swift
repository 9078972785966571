import ArgumentParser
import EnvlockArchive
import Foundation

extension Envlock {
  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "verify",
      abstract: "Check an archive's signature and every member digest.",
      discussion: """
        Exits 0 when the archive is intact and signed by KEY, 1 when a member was modified, a member is missing or extra, the archive is unsigned or the signature does not match, and 2 when the archive or key cannot be read.
        """)

    @Argument(help: "The .envlock archive.")
    var file: String

    @Option(help: "minisign public key (default: ~/.config/envlock/envlock.pub).")
    var key: String?

    func run() throws {
      let keyPath = key ?? KeyFiles.defaultPublicKey
      let publicKey = try KeyFiles.loadPublicKey(keyPath)
      do {
        let lockfile = try SnapshotInput.archive(file)
        try lockfile.verifySignature(with: publicKey, file: file)
        print(
          "verified: \(file): signed by key \(publicKey.keyID), \(lockfile.manifest.members.count + 1) members intact"
        )
      } catch {
        throw CommandFailure.from(error)
      }
    }
  }
}
