// Public and secret keys: parsing known minisign files, generating, serializing, parsing back.

import EnvlockSigning
import Testing

/// A key pair written by `minisign -G -W` (minisign 0.11), for tests only.
enum KnownKey {
  static let publicText = """
    untrusted comment: minisign public key 3D36F7E988E00D56
    RWRWDeCI6fc2PYDqCtA8xRbeaKdl0PmfWOr+t34LZ3wpd9n2FMzOFXvW

    """
  static let secretText = """
    untrusted comment: minisign encrypted secret key
    RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAVg3giOn3Nj1TKqExHQl9hVNaBLUwrVttHecG\
    TLuliB/DjYd3qWNBD4DqCtA8xRbeaKdl0PmfWOr+t34LZ3wpd9n2FMzOFXvWAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=

    """
  static let keyID = "3D36F7E988E00D56"
}

@Suite struct KeyTests {
  @Test func parsesMinisignPublicKey() throws {
    let key = try PublicKey(minisignText: KnownKey.publicText, source: "known.pub")
    #expect(key.keyID.description == KnownKey.keyID)
    #expect(key.rawRepresentation.count == 32)
    #expect(key.minisignText(untrustedComment: key.defaultUntrustedComment) == KnownKey.publicText)
  }

  @Test func parsesMinisignUnencryptedSecretKey() throws {
    let secret = try SecretKey(minisignText: KnownKey.secretText, source: "known.key", passphrase: nil)
    let expected = try PublicKey(minisignText: KnownKey.publicText, source: "known.pub")
    #expect(secret.keyID == expected.keyID)
    #expect(secret.publicKey == expected)
    // Written back byte for byte as minisign -G -W wrote it.
    #expect(secret.minisignText(untrustedComment: SecretKey.defaultUntrustedComment) == KnownKey.secretText)
  }

  @Test func passphraseIsIgnoredForUnencryptedKeys() throws {
    let secret = try SecretKey(minisignText: KnownKey.secretText, source: "known.key", passphrase: "anything")
    #expect(secret.keyID.description == KnownKey.keyID)
  }

  @Test func keyIDPrintsAsLittleEndianUppercaseHex() throws {
    let id = try #require(KeyID(bytes: [0x56, 0x0D, 0xE0, 0x88, 0xE9, 0xF7, 0x36, 0x3D]))
    #expect(id.description == "3D36F7E988E00D56")
    #expect(KeyID(bytes: [1, 2, 3]) == nil)
    #expect(KeyID(bytes: [1, 0, 0, 0, 0, 0, 0, 0])?.description == "0000000000000001")
  }

  @Test func generatedKeysRoundTrip() throws {
    let secret = SecretKey.generate()
    let secretText = secret.minisignText(untrustedComment: "envlock secret key")
    let publicText = secret.publicKey.minisignText(untrustedComment: "envlock public key")
    let parsedSecret = try SecretKey(minisignText: secretText, source: "gen.key", passphrase: nil)
    let parsedPublic = try PublicKey(minisignText: publicText, source: "gen.pub")
    #expect(parsedSecret.keyID == secret.keyID)
    #expect(parsedSecret.publicKey == secret.publicKey)
    #expect(parsedPublic == secret.publicKey)
    #expect(parsedSecret.minisignText(untrustedComment: "envlock secret key") == secretText)
    #expect(publicText.hasPrefix("untrusted comment: envlock public key\nRWQ") || publicText.contains("\nRW"))
  }

  @Test func generatedKeysDiffer() {
    let a = SecretKey.generate()
    let b = SecretKey.generate()
    #expect(a.keyID != b.keyID)
    #expect(a.publicKey != b.publicKey)
  }

  @Test func untrustedCommentLineBreaksBecomeSpaces() throws {
    let key = SecretKey.generate()
    let text = key.publicKey.minisignText(untrustedComment: "two\nlines\r")
    #expect(text.hasPrefix("untrusted comment: two lines \n"))
    #expect(try PublicKey(minisignText: text, source: "p") == key.publicKey)
  }

  @Test func unencryptedKeyWithCorrectChecksumIsAccepted() throws {
    // minisign 0.11 writes a zero checksum and never checks it; a real BLAKE2b checksum is fine too.
    let withChecksum = editBase64(KnownKey.secretText, line: 1) { bytes in
      let checksum = BLAKE2b.hash(Array("Ed".utf8) + bytes[54..<126], digestLength: 32)
      bytes.replaceSubrange(126..<158, with: checksum)
    }
    let key = try SecretKey(minisignText: withChecksum, source: "sum.key", passphrase: nil)
    #expect(key.keyID.description == KnownKey.keyID)
  }
}
