// minisign public key files: `untrusted comment: ...` then base64 of
// "Ed" (2) + key id (8) + Ed25519 public key (32).

/// A minisign Ed25519 public key.
public struct PublicKey: Hashable, Sendable {
  /// The id shared with the matching secret key and its signatures.
  public let keyID: KeyID
  /// The 32-byte Ed25519 public key.
  public let rawRepresentation: [UInt8]

  static let algorithm: [UInt8] = Array("Ed".utf8)
  static let byteCount = 42

  init(keyID: KeyID, rawRepresentation: [UInt8]) {
    precondition(rawRepresentation.count == 32)
    self.keyID = keyID
    self.rawRepresentation = rawRepresentation
  }

  /// Parses the text of a minisign public key file; `source` names the file in errors.
  public init(minisignText: String, source: String) throws(SigningError) {
    let file = try MinisignLines(
      text: minisignText, source: source, count: 2,
      expected: ["an `untrusted comment: ` line", "the base64 public key"])
    _ = try file.text(line: 1, after: "untrusted comment: ")
    let bytes = try file.bytes(line: 2, what: "a public key", length: Self.byteCount)
    try self.init(bytes: bytes, source: source, line: 2)
    try file.requireEnd()
  }

  /// Parses the 42 bytes of a public key, as in a file or after minisign's `-P`.
  init(bytes: [UInt8], source: String, line: Int) throws(SigningError) {
    guard bytes.starts(with: Self.algorithm) else {
      throw .unknownAlgorithm(source: source, line: line, found: printable(bytes.prefix(2)))
    }
    self.init(keyID: KeyID(unchecked: Array(bytes[2..<10])), rawRepresentation: Array(bytes[10..<42]))
  }

  /// The 42 bytes minisign stores: `Ed`, key id, public key.
  var bytes: [UInt8] { Self.algorithm + keyID.bytes + rawRepresentation }

  /// The key in the format of minisign's `-P` option (the base64 line of the file).
  public var base64: String { Base64.encode(bytes) }

  /// The text of a minisign public key file; line breaks in the comment become spaces.
  public func minisignText(untrustedComment: String) -> String {
    "untrusted comment: \(singleLine(untrustedComment))\n\(base64)\n"
  }

  /// The comment minisign writes into public key files: `minisign public key <KEYID>`.
  public var defaultUntrustedComment: String { "minisign public key \(keyID)" }
}

/// Two bytes from a file, shown safely in an error message.
func printable(_ bytes: some Collection<UInt8>) -> String {
  bytes.map { (0x21...0x7E).contains($0) ? String(UnicodeScalar($0)) : "\\x" + hex($0) }.joined()
}

private func hex(_ byte: UInt8) -> String {
  let digits = Array("0123456789abcdef")
  return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
}
