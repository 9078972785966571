import ArgumentParser
import EnvlockArchive
import EnvlockFileIO
import EnvlockSigning
import Foundation

extension Envlock {
  struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "keygen",
      abstract: "Create a minisign-compatible Ed25519 key pair for signing archives.",
      discussion: """
        Writes an unencrypted minisign secret key and its public key (by default ~/.config/envlock/envlock.key and envlock.pub). `minisign -Vm envlock.json -p envlock.pub` verifies what envlock signs with it. Keep the secret key private.
        """)

    @Option(name: .shortAndLong, help: "Secret key file to write (default: ~/.config/envlock/envlock.key).")
    var secretKey: String?

    @Option(name: .shortAndLong, help: "Public key file to write (default: the secret key path with .pub).")
    var publicKey: String?

    @Flag(help: "Replace existing key files.")
    var force = false

    func run() throws {
      let secretPath = secretKey ?? "\(KeyFiles.defaultDirectory)/envlock.key"
      let publicPath =
        publicKey
        ?? (secretPath.hasSuffix(".key") ? String(secretPath.dropLast(4)) + ".pub" : secretPath + ".pub")
      let key = SecretKey.generate()
      let comment = "envlock key \(key.keyID)"
      do {
        if !force {
          for path in [secretPath, publicPath] where FileManager.default.fileExists(atPath: path) {
            throw ArchiveError.destinationExists(path: path)
          }
        }
        // Each key is written into its folder without following a link in place of the key file.
        try OutputFolder(parentDirectory(secretPath)).write(
          Array(key.minisignText(untrustedComment: "\(comment) secret key").utf8),
          to: lastComponent(secretPath),
          replace: force, mode: 0o600)
        try OutputFolder(parentDirectory(publicPath)).write(
          Array(key.publicKey.minisignText(untrustedComment: "\(comment) public key").utf8),
          to: lastComponent(publicPath), replace: force)
      } catch {
        throw CommandFailure.from(error)
      }
      print("key id:     \(key.keyID)")
      print("secret key: \(secretPath)")
      print("public key: \(publicPath)")
    }
  }
}
