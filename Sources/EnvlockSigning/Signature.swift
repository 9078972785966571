// EnvlockSigning: minisign-compatible Ed25519 keys and signatures.
// Format: https://jedisct1.github.io/minisign/ as implemented by minisign 0.11 (Debian).
//
// `.minisig` files have four lines:
//   untrusted comment: <text>
//   base64 of algorithm (2: "Ed" legacy, "ED" prehashed) + key id (8) + signature (64)
//   trusted comment: <text>
//   base64 of the global signature (64): Ed25519 over signature + trusted comment text
// "Ed" signs the message itself; "ED" signs its BLAKE2b-512 hash.

import Crypto

/// A minisign signature: the parsed or written content of a `.minisig` file.
public struct Signature: Hashable, Sendable {
  /// What the Ed25519 signature covers.
  public enum Algorithm: Hashable, Sendable {
    /// `Ed`: the message itself (envlock signs with this).
    case legacy
    /// `ED`: the BLAKE2b-512 hash of the message (minisign's default).
    case prehashed

    /// The two bytes stored in signature files.
    var bytes: [UInt8] { Array((self == .legacy ? "Ed" : "ED").utf8) }
  }

  /// What the signature covers.
  public let algorithm: Algorithm
  /// The id of the key that made the signature.
  public let keyID: KeyID
  /// The 64-byte Ed25519 signature of the message (or of its hash).
  public let signature: [UInt8]
  /// The signed comment (the text after `trusted comment: `).
  public var trustedComment: String { String(decoding: trustedCommentBytes, as: UTF8.self) }
  /// The unsigned comment (the text after `untrusted comment: `).
  public let untrustedComment: String
  /// The 64-byte Ed25519 signature of `signature` followed by the trusted comment.
  public let globalSignature: [UInt8]
  /// The trusted comment exactly as stored, which the global signature covers.
  let trustedCommentBytes: [UInt8]
  /// The file the signature was read from, for error messages; not part of equality.
  let source: String?

  /// The longest trusted comment, in bytes, that minisign 0.11 can read back.
  public static let maximumTrustedCommentLength = 8173

  /// Parses the text of a `.minisig` file; `source` names the file in errors.
  public init(minisigText: String, source: String) throws(SigningError) {
    let file = try MinisignLines(
      text: minisigText, source: source, count: 4,
      expected: [
        "an `untrusted comment: ` line", "the base64 signature", "a `trusted comment: ` line",
        "the base64 global signature",
      ])
    let untrusted = try file.text(line: 1, after: "untrusted comment: ")
    let bytes = try file.bytes(line: 2, what: "a signature", length: 74)
    let trusted = try file.text(line: 3, after: "trusted comment: ")
    let global = try file.bytes(line: 4, what: "a global signature", length: 64)
    switch Array(bytes[0..<2]) {
    case Algorithm.legacy.bytes: algorithm = .legacy
    case Algorithm.prehashed.bytes: algorithm = .prehashed
    default: throw .unknownAlgorithm(source: source, line: 2, found: printable(bytes[0..<2]))
    }
    try file.requireEnd()
    keyID = KeyID(unchecked: Array(bytes[2..<10]))
    signature = Array(bytes[10..<74])
    untrustedComment = String(decoding: untrusted, as: UTF8.self)
    trustedCommentBytes = trusted
    globalSignature = global
    self.source = source
  }

  private init(
    algorithm: Algorithm, keyID: KeyID, signature: [UInt8], trustedComment: [UInt8], untrustedComment: String,
    globalSignature: [UInt8]
  ) {
    self.algorithm = algorithm
    self.keyID = keyID
    self.signature = signature
    self.trustedCommentBytes = trustedComment
    self.untrustedComment = untrustedComment
    self.globalSignature = globalSignature
    self.source = nil
  }

  /// The text of the `.minisig` file.
  public var minisigText: String {
    let bytes = algorithm.bytes + keyID.bytes + signature
    return "untrusted comment: \(untrustedComment)\n\(Base64.encode(bytes))\n"
      + "trusted comment: \(trustedComment)\n\(Base64.encode(globalSignature))\n"
  }

  /// Signs `message` itself (legacy `Ed` algorithm), as `minisign -S -l` does.
  ///
  /// Line breaks in the untrusted comment become spaces; the trusted comment must be one line of
  /// at most `maximumTrustedCommentLength` bytes without NUL, or signing throws.
  public static func sign(
    _ message: [UInt8], with key: SecretKey, trustedComment: String, untrustedComment: String
  ) throws(SigningError) -> Signature {
    let comment = Array(trustedComment.utf8)
    if comment.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
      throw .invalidTrustedComment(comment: trustedComment, reason: "contains a line break")
    }
    if comment.contains(0) {
      throw .invalidTrustedComment(comment: trustedComment, reason: "contains a NUL character")
    }
    if comment.count > maximumTrustedCommentLength {
      throw .invalidTrustedComment(
        comment: trustedComment, reason: "is longer than \(maximumTrustedCommentLength) bytes")
    }
    let signature = key.rawSignature(message)
    return Signature(
      algorithm: .legacy, keyID: key.keyID, signature: signature, trustedComment: comment,
      untrustedComment: singleLine(untrustedComment), globalSignature: key.rawSignature(signature + comment))
  }

  /// Checks that `key` made this signature of `message`: key id, signature, then global signature.
  ///
  /// Both algorithms are accepted, so signatures from plain `minisign -S` verify too.
  public func verify(_ message: [UInt8], with key: PublicKey) throws(SigningError) {
    guard key.keyID == keyID else {
      throw .keyIDMismatch(source: source, signatureKeyID: keyID, publicKeyID: key.keyID)
    }
    // 32 bytes: cannot fail.
    let publicKey = try! Curve25519.Signing.PublicKey(rawRepresentation: key.rawRepresentation)
    let signed = algorithm == .legacy ? message : BLAKE2b.hash(message, digestLength: 64)
    guard publicKey.isValidSignature(signature, for: signed) else {
      throw .signatureInvalid(source: source)
    }
    guard publicKey.isValidSignature(globalSignature, for: signature + trustedCommentBytes) else {
      throw .trustedCommentSignatureInvalid(source: source)
    }
  }

  /// Equal when every field written to the file is equal.
  public static func == (lhs: Signature, rhs: Signature) -> Bool {
    lhs.algorithm == rhs.algorithm && lhs.keyID == rhs.keyID && lhs.signature == rhs.signature
      && lhs.trustedCommentBytes == rhs.trustedCommentBytes && lhs.untrustedComment == rhs.untrustedComment
      && lhs.globalSignature == rhs.globalSignature
  }

  /// Hashes every field written to the file.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(algorithm)
    hasher.combine(keyID)
    hasher.combine(signature)
    hasher.combine(trustedCommentBytes)
    hasher.combine(untrustedComment)
    hasher.combine(globalSignature)
  }
}
