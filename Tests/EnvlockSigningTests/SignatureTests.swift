// Signing and verifying: round trips, determinism, and tampering that must fail.

import EnvlockSigning
import Testing

/// One way to spoil a signed message, and the error verification must report.
struct Tamper: CustomTestStringConvertible, Sendable {
  let name: String
  let expected: @Sendable (Signature, PublicKey) -> SigningError
  /// Returns the message, signature text and public key to verify with.
  let apply: @Sendable ([UInt8], String, PublicKey) throws -> ([UInt8], String, PublicKey)
  var testDescription: String { name }
}

@Suite struct SignatureTests {
  static let key = SecretKey.generate()
  static let other = SecretKey.generate()

  @Test(arguments: [0, 1, 1000, 100_000])
  func signThenVerify(length: Int) throws {
    let data = message(length)
    let signature = try Signature.sign(
      data, with: Self.key, trustedComment: "timestamp:1\tfile:x", untrustedComment: "signature from envlock")
    #expect(signature.algorithm == .legacy)
    #expect(signature.keyID == Self.key.keyID)
    try signature.verify(data, with: Self.key.publicKey)
    let parsed = try Signature(minisigText: signature.minisigText, source: "x.minisig")
    #expect(parsed == signature)
    #expect(parsed.trustedComment == "timestamp:1\tfile:x")
    #expect(parsed.untrustedComment == "signature from envlock")
    try parsed.verify(data, with: Self.key.publicKey)
  }

  @Test func signingIsDeterministic() throws {
    let data = message(4096)
    let a = try Signature.sign(data, with: Self.key, trustedComment: "t", untrustedComment: "u")
    let b = try Signature.sign(data, with: Self.key, trustedComment: "t", untrustedComment: "u")
    #expect(a.minisigText == b.minisigText)
    // Also after the key has been written to a file and read back.
    let reread = try SecretKey(
      minisignText: Self.key.minisignText(untrustedComment: "k"), source: "k", passphrase: nil)
    let c = try Signature.sign(data, with: reread, trustedComment: "t", untrustedComment: "u")
    #expect(c.minisigText == a.minisigText)
  }

  static let tampers: [Tamper] = [
    Tamper(name: "a message byte", expected: { _, _ in .signatureInvalid(source: "t.minisig") }) { m, s, k in
      var m = m
      m[m.count / 2] ^= 1
      return (m, s, k)
    },
    Tamper(name: "a message byte appended", expected: { _, _ in .signatureInvalid(source: "t.minisig") }) {
      m, s, k in (m + [0], s, k)
    },
    Tamper(name: "a signature byte", expected: { _, _ in .signatureInvalid(source: "t.minisig") }) {
      m, s, k in
      (m, editBase64(s, line: 1) { $0[40] ^= 0x80 }, k)
    },
    Tamper(
      name: "a global signature byte",
      expected: { _, _ in .trustedCommentSignatureInvalid(source: "t.minisig") }
    ) { m, s, k in
      (m, editBase64(s, line: 3) { $0[5] ^= 1 }, k)
    },
    Tamper(
      name: "the trusted comment", expected: { _, _ in .trustedCommentSignatureInvalid(source: "t.minisig") }
    ) { m, s, k in
      (m, s.replacingOccurrences(of: "trusted comment: file:a", with: "trusted comment: file:b"), k)
    },
    Tamper(name: "the algorithm (Ed to ED)", expected: { _, _ in .signatureInvalid(source: "t.minisig") }) {
      m, s, k in (m, editBase64(s, line: 1) { $0[1] = UInt8(ascii: "D") }, k)
    },
    Tamper(
      name: "a different key pair",
      expected: { sig, key in
        .keyIDMismatch(source: "t.minisig", signatureKeyID: sig.keyID, publicKeyID: key.keyID)
      }
    ) { m, s, _ in
      (m, s, SignatureTests.other.publicKey)
    },
    Tamper(
      name: "another key with the same key id", expected: { _, _ in .signatureInvalid(source: "t.minisig") }
    ) {
      m, s, k in
      // Splice the signer's key id into the other key: the id matches, the key does not.
      let text = editBase64(SignatureTests.other.publicKey.minisignText(untrustedComment: "o"), line: 1) {
        $0.replaceSubrange(2..<10, with: k.keyID.bytes)
      }
      return (m, s, try PublicKey(minisignText: text, source: "o.pub"))
    },
    Tamper(
      name: "the key id in the signature",
      expected: { sig, key in
        .keyIDMismatch(
          source: "t.minisig", signatureKeyID: KeyID(bytes: [0, 0, 0, 0, 0, 0, 0, 0])!, publicKeyID: key.keyID
        )
      }
    ) { m, s, k in
      (m, editBase64(s, line: 1) { $0.replaceSubrange(2..<10, with: [0, 0, 0, 0, 0, 0, 0, 0]) }, k)
    },
  ]

  @Test(arguments: tampers)
  func tamperingFails(_ tamper: Tamper) throws {
    let data = message(1000)
    let signature = try Signature.sign(data, with: Self.key, trustedComment: "file:a", untrustedComment: "u")
    let (m, text, key) = try tamper.apply(data, signature.minisigText, Self.key.publicKey)
    let parsed = try Signature(minisigText: text, source: "t.minisig")
    #expect(throws: tamper.expected(parsed, key)) { try parsed.verify(m, with: key) }
  }

  @Test func untrustedCommentIsNotSigned() throws {
    let data = message(10)
    let signature = try Signature.sign(data, with: Self.key, trustedComment: "t", untrustedComment: "before")
    let edited = signature.minisigText.replacingOccurrences(
      of: "untrusted comment: before", with: "untrusted comment: after")
    try Signature(minisigText: edited, source: "e.minisig").verify(data, with: Self.key.publicKey)
  }

  @Test(arguments: [
    ("line\nbreak", "contains a line break"), ("carriage\rreturn", "contains a line break"),
    ("nul\u{0}char", "contains a NUL character"),
    (String(repeating: "x", count: 8174), "is longer than 8173 bytes"),
  ])
  func unsignableTrustedComments(comment: String, reason: String) {
    #expect(throws: SigningError.invalidTrustedComment(comment: comment, reason: reason)) {
      try Signature.sign([1, 2, 3], with: Self.key, trustedComment: comment, untrustedComment: "u")
    }
  }

  @Test func longestTrustedCommentSigns() throws {
    let comment = String(repeating: "x", count: Signature.maximumTrustedCommentLength)
    let signature = try Signature.sign([1], with: Self.key, trustedComment: comment, untrustedComment: "u")
    try Signature(minisigText: signature.minisigText, source: "l").verify([1], with: Self.key.publicKey)
  }

  @Test func errorMessagesNameFileAndKeys() throws {
    let signature = try Signature.sign([1], with: Self.key, trustedComment: "t", untrustedComment: "u")
    let parsed = try Signature(minisigText: signature.minisigText, source: "dist/a.envlock.minisig")
    let error = #expect(throws: SigningError.self) { try parsed.verify([1], with: Self.other.publicKey) }
    let text = try #require(error).description
    #expect(text.contains("`dist/a.envlock.minisig`"))
    #expect(text.contains("`\(Self.key.keyID)`"))
    #expect(text.contains("`\(Self.other.keyID)`"))
    #expect(
      text.contains(
        "\n\nhint: verify with the public key whose file starts with `untrusted comment: minisign public key \(Self.key.keyID)`"
      ))
  }
}
