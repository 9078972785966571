// minisign secret key files: `untrusted comment: ...` then base64 of 158 bytes:
// "Ed" (2) + kdf (2) + "B2" (2) + salt (32) + opslimit (8, LE) + memlimit (8, LE)
// + key id (8) + Ed25519 secret key (64: seed, public key) + checksum (32).
// Encrypted keys (kdf "Sc") XOR the last 104 bytes with a scrypt stream; the checksum is
// BLAKE2b-256 over "Ed" + key id + secret key. Unencrypted keys (kdf 0, 0) as minisign 0.11
// `-G -W` writes them have zero salt, limits and checksum; minisign 0.11 never checks the
// checksum of an unencrypted key.

import Crypto

/// A minisign Ed25519 secret key, decrypted.
public struct SecretKey: Sendable {
  /// The id shared with the public key and with signatures made by this key.
  public let keyID: KeyID
  /// The 32-byte Ed25519 seed.
  let seed: [UInt8]
  /// The matching public key.
  public let publicKey: PublicKey

  static let byteCount = 158
  private static let kdfNone: [UInt8] = [0, 0]
  private static let kdfScrypt: [UInt8] = Array("Sc".utf8)
  private static let checksumAlgorithm: [UInt8] = Array("B2".utf8)

  private init(keyID: KeyID, seed: [UInt8]) {
    self.keyID = keyID
    self.seed = seed
    let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)  // 32 bytes: cannot fail
    publicKey = PublicKey(keyID: keyID, rawRepresentation: Array(key.publicKey.rawRepresentation))
  }

  /// A new key pair with a random key id.
  public static func generate() -> SecretKey {
    let key = Curve25519.Signing.PrivateKey()
    return SecretKey(keyID: .random(), seed: Array(key.rawRepresentation))
  }

  /// Parses (and if needed decrypts) the text of a minisign secret key file.
  ///
  /// `source` names the file in errors. `passphrase` is used only for encrypted keys, exactly as
  /// minisign reads it (the line without its newline).
  public init(minisignText: String, source: String, passphrase: String?) throws(SigningError) {
    let file = try MinisignLines(
      text: minisignText, source: source, count: 2,
      expected: ["an `untrusted comment: ` line", "the base64 secret key"])
    _ = try file.text(line: 1, after: "untrusted comment: ")
    let bytes = try file.bytes(line: 2, what: "a secret key", length: Self.byteCount)
    guard bytes[0..<2].elementsEqual(PublicKey.algorithm) else {
      throw .unknownAlgorithm(source: source, line: 2, found: printable(bytes[0..<2]))
    }
    let kdf = Array(bytes[2..<4])
    guard bytes[4..<6].elementsEqual(Self.checksumAlgorithm), kdf == Self.kdfNone || kdf == Self.kdfScrypt
    else {
      throw .unsupportedKDF(source: source, found: printable(bytes[2..<6]))
    }
    try file.requireEnd()
    var tail = Array(bytes[54..<158])  // key id, secret key, checksum
    if kdf == Self.kdfScrypt {
      guard let passphrase else { throw .passphraseRequired(source: source) }
      let opslimit = littleEndian(bytes[38..<46])
      let memlimit = littleEndian(bytes[46..<54])
      let parameters = ScryptParameters(opslimit: opslimit, memlimit: memlimit)
      guard parameters.isAcceptable,
        let stream = parameters.derive(passphrase: passphrase, salt: Array(bytes[6..<38]), count: tail.count)
      else {
        throw .unsupportedKDFLimits(source: source, opslimit: opslimit, memlimit: memlimit)
      }
      for index in tail.indices { tail[index] ^= stream[index] }
      guard Self.checksum(tail[0..<72]) == Array(tail[72..<104]) else {
        throw .wrongPassphrase(source: source)
      }
    } else {
      let checksum = tail[72..<104]
      guard checksum.allSatisfy({ $0 == 0 }) || Array(checksum) == Self.checksum(tail[0..<72]) else {
        throw .corruptSecretKey(source: source, reason: "the checksum does not match the key")
      }
    }
    self.init(keyID: KeyID(unchecked: Array(tail[0..<8])), seed: Array(tail[8..<40]))
    guard publicKey.rawRepresentation == Array(tail[40..<72]) else {
      throw .corruptSecretKey(source: source, reason: "the public key it holds does not match its seed")
    }
  }

  /// BLAKE2b-256 over "Ed" + key id + secret key, the checksum minisign stores.
  private static func checksum(_ keyIDAndSecretKey: ArraySlice<UInt8>) -> [UInt8] {
    BLAKE2b.hash(PublicKey.algorithm + keyIDAndSecretKey, digestLength: 32)
  }

  /// The 158 bytes of an unencrypted key, as minisign 0.11 `-G -W` writes them.
  var unencryptedBytes: [UInt8] {
    var bytes = PublicKey.algorithm + Self.kdfNone + Self.checksumAlgorithm
    bytes += [UInt8](repeating: 0, count: 32 + 8 + 8)  // salt, opslimit, memlimit
    bytes += keyID.bytes + seed + publicKey.rawRepresentation
    bytes += [UInt8](repeating: 0, count: 32)  // checksum, zero like minisign -W
    return bytes
  }

  /// The text of an unencrypted minisign secret key file; line breaks in the comment become spaces.
  ///
  /// The bytes are those `minisign -G -W` writes, so minisign signs with the file without asking
  /// for a password.
  public func minisignText(untrustedComment: String) -> String {
    "untrusted comment: \(singleLine(untrustedComment))\n\(Base64.encode(unencryptedBytes))\n"
  }

  /// The comment minisign writes into secret key files (even unencrypted ones).
  public static let defaultUntrustedComment = "minisign encrypted secret key"

  /// Signs bytes with Ed25519 (RFC 8032; deterministic with swift-crypto's BoringSSL backend).
  func rawSignature(_ message: [UInt8]) -> [UInt8] {
    let key = try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)  // 32 bytes: cannot fail
    // Signing fails only if the backend cannot allocate; there is nothing a caller could do.
    return Array(try! key.signature(for: message))
  }
}

/// Reads 8 bytes as a little-endian unsigned integer.
func littleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
  bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
}
