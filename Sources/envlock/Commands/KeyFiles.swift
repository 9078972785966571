import EnvlockArchive
import EnvlockSigning
import Foundation

/// Where envlock keeps keys by default, and how key files are loaded with good errors.
enum KeyFiles {
  /// `$XDG_CONFIG_HOME/envlock` or `~/.config/envlock`.
  static var defaultDirectory: String {
    let env = ProcessInfo.processInfo.environment
    if let xdg = env["XDG_CONFIG_HOME"], !xdg.isEmpty { return "\(xdg)/envlock" }
    return "\(env["HOME"] ?? NSHomeDirectory())/.config/envlock"
  }

  static var defaultSecretKey: String {
    ProcessInfo.processInfo.environment["ENVLOCK_KEY"].flatMap { $0.isEmpty ? nil : $0 }
      ?? "\(defaultDirectory)/envlock.key"
  }

  static var defaultPublicKey: String { "\(defaultDirectory)/envlock.pub" }

  static func readText(_ path: String, what: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CommandFailure.input(CommandError("Cannot read \(what) `\(path)`: no such file or not readable"))
    }
    guard data.count < 64 * 1024, let text = String(data: data, encoding: .utf8) else {
      throw CommandFailure.input(
        CommandError("`\(path)` is not a minisign \(what): not a small UTF-8 text file"))
    }
    return text
  }

  static func loadPublicKey(_ path: String) throws -> PublicKey {
    do {
      return try PublicKey(minisignText: try readText(path, what: "public key"), source: path)
    } catch {
      throw CommandFailure.from(error)
    }
  }

  static func loadSecretKey(_ path: String, passphraseFile: String?) throws -> SecretKey {
    var passphrase = ProcessInfo.processInfo.environment["ENVLOCK_PASSPHRASE"]
    if let passphraseFile {
      let text = try readText(passphraseFile, what: "passphrase file")
      passphrase = String(text.prefix { $0 != "\n" && $0 != "\r" })
    }
    do {
      return try SecretKey(
        minisignText: try readText(path, what: "secret key"), source: path, passphrase: passphrase)
    } catch {
      throw CommandFailure.from(error)
    }
  }
}
