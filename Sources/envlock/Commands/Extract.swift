import ArgumentParser
import EnvlockArchive
import Foundation

extension Envlock {
  struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "extract",
      abstract: "Unpack an archive's members into a new directory after checking them.",
      discussion: """
        Writes envlock.json, envlock.json.minisig, SHA256SUMS and config/ under DIR, which must not exist or be empty. With --key the signature is checked first; nothing is written when any check fails. `minisign -Vm DIR/envlock.json -p KEY.pub` then verifies too.
        """)

    @Argument(help: "The .envlock archive.")
    var file: String

    @Option(name: .shortAndLong, help: "Directory to create.")
    var output: String

    @Option(help: "Public key to check the signature with before extracting.")
    var key: String?

    func run() throws {
      let publicKey = try key.map { try KeyFiles.loadPublicKey($0) }
      do {
        let lockfile = try SnapshotInput.archive(file)
        if let publicKey { try lockfile.verifySignature(with: publicKey, file: file) }
        try lockfile.extract(to: output)
        print(
          "extracted \(lockfile.manifest.members.count + 1 + (lockfile.signature == nil ? 0 : 1)) members to \(output)"
        )
      } catch {
        throw CommandFailure.from(error)
      }
    }
  }
}
