// Interoperability with the real minisign 0.11 binary, in both directions.

import EnvlockSigning
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct MinisignInteropTests {
  let payload = Array("envlock archive bytes\n".utf8) + message(5000)

  /// `minisign -G -W`: an unencrypted key pair made by minisign, loaded by envlock.
  private func minisignKeyPair(in dir: URL) throws -> (SecretKey, PublicKey) {
    let result = try TestSupport.run("minisign", ["-G", "-W", "-p", "k.pub", "-s", "k.key"], in: dir)
    try #require(result.status == 0, "\(result.stderr)")
    let secret = try SecretKey(
      minisignText: try read(dir.appendingPathComponent("k.key").path), source: "k.key", passphrase: nil)
    let publicKey = try PublicKey(
      minisignText: try read(dir.appendingPathComponent("k.pub").path), source: "k.pub")
    return (secret, publicKey)
  }

  @Test func minisignVerifiesEnvlockSignatureFromMinisignKey() throws {
    let dir = try TestSupport.temporaryDirectory("signing-interop")
    let (secret, publicKey) = try minisignKeyPair(in: dir)
    #expect(secret.publicKey == publicKey)
    try Data(payload).write(to: dir.appendingPathComponent("data.bin"))
    let signature = try Signature.sign(
      payload, with: secret, trustedComment: "timestamp:0\tfile:data.bin\tenvlock",
      untrustedComment: "envlock")
    try write(signature.minisigText, to: "data.bin.minisig", in: dir)

    let verified = try TestSupport.run(
      "minisign", ["-Vm", "data.bin", "-p", "k.pub", "-x", "data.bin.minisig"], in: dir)
    #expect(verified.status == 0, "\(verified.stderr)")
    #expect(verified.stdout.contains("Trusted comment: timestamp:0\tfile:data.bin\tenvlock"))
    let quiet = try TestSupport.run(
      "minisign", ["-Vm", "data.bin", "-p", "k.pub", "-x", "data.bin.minisig", "-q"], in: dir)
    #expect(quiet.status == 0, "\(quiet.stderr)")
    #expect(quiet.stdout.isEmpty)

    // minisign reads CRLF files too; so does envlock.
    let crlf = signature.minisigText.replacingOccurrences(of: "\n", with: "\r\n")
    try write(crlf, to: "crlf.minisig", in: dir)
    let crlfResult = try TestSupport.run(
      "minisign", ["-Vm", "data.bin", "-p", "k.pub", "-x", "crlf.minisig"], in: dir)
    #expect(crlfResult.status == 0, "\(crlfResult.stderr)")
    try Signature(minisigText: crlf, source: "crlf.minisig").verify(payload, with: publicKey)

    // A tampered file fails.
    var tampered = payload
    tampered[100] ^= 1
    try Data(tampered).write(to: dir.appendingPathComponent("data.bin"))
    let failed = try TestSupport.run(
      "minisign", ["-Vm", "data.bin", "-p", "k.pub", "-x", "data.bin.minisig"], in: dir)
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("Signature verification failed"))

    // A tampered trusted comment fails.
    try Data(payload).write(to: dir.appendingPathComponent("data.bin"))
    try write(
      signature.minisigText.replacingOccurrences(of: "\tenvlock", with: "\tevil"), to: "comment.minisig",
      in: dir)
    let comment = try TestSupport.run(
      "minisign", ["-Vm", "data.bin", "-p", "k.pub", "-x", "comment.minisig"], in: dir)
    #expect(comment.status == 1)
    #expect(comment.stderr.contains("Comment signature verification failed"))
  }

  @Test func minisignUsesEnvlockKeys() throws {
    let dir = try TestSupport.temporaryDirectory("signing-interop")
    let secret = SecretKey.generate()
    try write(secret.minisignText(untrustedComment: SecretKey.defaultUntrustedComment), to: "e.key", in: dir)
    try write(
      secret.publicKey.minisignText(untrustedComment: secret.publicKey.defaultUntrustedComment), to: "e.pub",
      in: dir)
    try Data(payload).write(to: dir.appendingPathComponent("data.bin"))

    // envlock signs, minisign verifies with envlock's public key file.
    let signature = try Signature.sign(
      payload, with: secret, trustedComment: "envlock", untrustedComment: "u")
    try write(signature.minisigText, to: "data.bin.minisig", in: dir)
    let verified = try TestSupport.run("minisign", ["-Vm", "data.bin", "-p", "e.pub", "-q"], in: dir)
    #expect(verified.status == 0, "\(verified.stderr)")

    // minisign signs with envlock's unencrypted secret key (no flag, no password needed); `-p` makes
    // minisign check that the public key file matches the secret key.
    let signed = try TestSupport.run(
      "minisign",
      ["-S", "-s", "e.key", "-p", "e.pub", "-m", "data.bin", "-x", "m.minisig", "-t", "by minisign"],
      in: dir, stdin: Data())
    try #require(signed.status == 0, "\(signed.stderr)")
    let parsed = try Signature(
      minisigText: try read(dir.appendingPathComponent("m.minisig").path), source: "m.minisig")
    #expect(parsed.algorithm == .prehashed)
    #expect(parsed.trustedComment == "by minisign")
    try parsed.verify(payload, with: secret.publicKey)
  }

  @Test(arguments: [([String](), Signature.Algorithm.prehashed), (["-l"], .legacy)])
  func envlockVerifiesMinisignSignatures(flags: [String], algorithm: Signature.Algorithm) throws {
    let dir = try TestSupport.temporaryDirectory("signing-interop")
    let (_, publicKey) = try minisignKeyPair(in: dir)
    try Data(payload).write(to: dir.appendingPathComponent("data.bin"))
    let signed = try TestSupport.run(
      "minisign", ["-S", "-s", "k.key", "-m", "data.bin", "-c", "from minisign"] + flags, in: dir,
      stdin: Data())
    try #require(signed.status == 0, "\(signed.stderr)")
    let source = dir.appendingPathComponent("data.bin.minisig").path
    let signature = try Signature(minisigText: try read(source), source: source)
    #expect(signature.algorithm == algorithm)
    #expect(signature.untrustedComment == "from minisign")
    #expect(signature.trustedComment.hasPrefix("timestamp:"))
    try signature.verify(payload, with: publicKey)
    // Written back unchanged.
    #expect(signature.minisigText == (try read(source)))

    var tampered = payload
    tampered[0] ^= 1
    #expect(throws: SigningError.signatureInvalid(source: source)) {
      try signature.verify(tampered, with: publicKey)
    }
    let other = SecretKey.generate().publicKey
    #expect(
      throws: SigningError.keyIDMismatch(
        source: source, signatureKeyID: publicKey.keyID, publicKeyID: other.keyID)
    ) {
      try signature.verify(payload, with: other)
    }
  }
}
