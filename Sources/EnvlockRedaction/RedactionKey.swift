// The redaction key: the HMAC-SHA256 key that fingerprints secrets. It never enters the
// archive; `redaction.key_id` names it (first 8 bytes of SHA-256 over a label and the key, hex).
// Where a project's key comes from is EnvlockCapture's RedactionKeyFile.

import Crypto
import Foundation

/// A secret key that turns secret values into comparable, non-reversible fingerprints.
public struct RedactionKey: Sendable {
  /// The shortest key accepted, in bytes (a short key could be guessed, and the secrets with it).
  public static let minimumLength = 32

  private let key: SymmetricKey
  /// The public identifier of the key: 16 hex digits.
  public let id: String
  /// Where the key came from, for messages (`$ENVLOCK_REDACTION_KEY`, a path).
  public let source: String

  /// Makes a key from its bytes (text with trailing whitespace removed).
  public init(bytes: [UInt8], source: String) {
    self.key = SymmetricKey(data: bytes)
    var idInput = Array("envlock-redaction-key-id".utf8)
    idInput += bytes
    self.id = SHA256.hash(data: idInput).prefix(8).map { String(format: "%02x", $0) }.joined()
    self.source = source
  }

  /// HMAC-SHA256 of `value` under this key, 64 hex digits.
  public func fingerprint(_ value: String) -> String {
    var message = Array("envlock.redaction/1\n".utf8)
    message += Array(value.utf8)
    let mac = HMAC<SHA256>.authenticationCode(for: message, using: key)
    return mac.map { String(format: "%02x", $0) }.joined()
  }
}
