// Secret keys encrypted with scrypt: minisign's own, and small-limit keys minisign accepts.

@testable import EnvlockSigning
import EnvlockTestSupport
import Foundation
import Testing

/// libsodium's opslimit/memlimit and the scrypt parameters its `pickparams` chooses.
struct ScryptCase: CustomTestStringConvertible, Sendable {
  let opslimit: UInt64
  let memlimit: UInt64
  let n: UInt64
  let p: UInt64
  var testDescription: String { "opslimit \(opslimit), memlimit \(memlimit)" }
}

@Suite(.serialized) struct EncryptedKeyTests {
  static let scryptCases: [ScryptCase] = [
    // minisign's default (libsodium's SENSITIVE limits).
    ScryptCase(opslimit: 33_554_432, memlimit: 1_073_741_824, n: 1 << 20, p: 1),
    // libsodium's INTERACTIVE limits.
    ScryptCase(opslimit: 524_288, memlimit: 16_777_216, n: 1 << 14, p: 1),
    // opslimit below memlimit / 32: N from opslimit.
    ScryptCase(opslimit: 32_768, memlimit: 1 << 30, n: 1 << 10, p: 1),
    // opslimit below the minimum is raised to 32768.
    ScryptCase(opslimit: 1, memlimit: 1 << 30, n: 1 << 10, p: 1),
    // opslimit high for the memory: p > 1.
    ScryptCase(opslimit: 1 << 20, memlimit: 1 << 24, n: 1 << 14, p: 2),
  ]

  @Test(arguments: scryptCases)
  func scryptParametersFollowLibsodium(_ c: ScryptCase) {
    let parameters = ScryptParameters(opslimit: c.opslimit, memlimit: c.memlimit)
    #expect(parameters.n == c.n)
    #expect(parameters.r == 8)
    #expect(parameters.p == c.p)
  }

  /// Encrypts an envlock-written key the way minisign does, with python3's hashlib.scrypt
  /// and the scrypt parameters envlock derives from the limits.
  private func encrypt(
    _ key: SecretKey, passphrase: String, opslimit: UInt64, memlimit: UInt64, to path: String
  ) throws {
    let parameters = ScryptParameters(opslimit: opslimit, memlimit: memlimit)
    let script = """
      import base64, hashlib, os, struct, sys
      comment, b64 = sys.stdin.read().splitlines()[:2]
      key = bytearray(base64.b64decode(b64))
      ops, mem, n, r, p = map(int, sys.argv[3:8])
      salt = os.urandom(32)
      key[2:4] = b"Sc"; key[6:38] = salt; key[38:54] = struct.pack("<QQ", ops, mem)
      key[126:158] = hashlib.blake2b(b"Ed" + bytes(key[54:126]), digest_size=32).digest()
      stream = hashlib.scrypt(sys.argv[2].encode(), salt=salt, n=n, r=r, p=p, maxmem=2**31 - 1, dklen=104)
      key[54:158] = bytes(a ^ b for a, b in zip(key[54:158], stream))
      open(sys.argv[1], "w").write(comment + "\\n" + base64.b64encode(bytes(key)).decode() + "\\n")
      """
    let arguments = [
      path, passphrase, "\(opslimit)", "\(memlimit)", "\(parameters.n)", "\(parameters.r)", "\(parameters.p)",
    ]
    let result = try TestSupport.run(
      "python3", ["-c", script] + arguments,
      stdin: Data(key.minisignText(untrustedComment: "minisign encrypted secret key").utf8))
    try #require(result.status == 0, "\(result.stderr)")
  }

  @Test(arguments: [(UInt64(524_288), UInt64(16_777_216)), (1 << 20, 1 << 24), (32_768, 1 << 30)])
  func smallLimitKeysDecryptLikeMinisign(opslimit: UInt64, memlimit: UInt64) throws {
    let dir = try TestSupport.temporaryDirectory("signing-encrypted")
    let original = SecretKey.generate()
    let path = dir.appendingPathComponent("e.key").path
    try encrypt(original, passphrase: "correct horse", opslimit: opslimit, memlimit: memlimit, to: path)
    try write(original.publicKey.minisignText(untrustedComment: "p"), to: "e.pub", in: dir)
    try Data([1, 2, 3]).write(to: dir.appendingPathComponent("m"))

    // minisign decrypts it (so envlock's scrypt parameters are libsodium's) and signs.
    let signed = try TestSupport.run(
      "minisign", ["-S", "-s", "e.key", "-p", "e.pub", "-m", "m"], in: dir,
      stdin: Data("correct horse\n".utf8))
    #expect(signed.status == 0, "\(signed.stderr)")

    let text = try read(path)
    let key = try SecretKey(minisignText: text, source: path, passphrase: "correct horse")
    #expect(key.keyID == original.keyID)
    #expect(key.publicKey == original.publicKey)
    #expect(throws: SigningError.wrongPassphrase(source: path)) {
      try SecretKey(minisignText: text, source: path, passphrase: "correct horsf")
    }
    #expect(throws: SigningError.passphraseRequired(source: path)) {
      try SecretKey(minisignText: text, source: path, passphrase: nil)
    }
  }

  @Test func minisignEncryptedKey() throws {
    // minisign -G reads the password twice from stdin when stdin is not a terminal. Its limits
    // (opslimit 2^25, memlimit 2^30) mean scrypt with N = 2^20, r = 8, p = 1: 1 GiB per derivation.
    let dir = try TestSupport.temporaryDirectory("signing-encrypted")
    let generated = try TestSupport.run(
      "minisign", ["-G", "-p", "k.pub", "-s", "k.key"], in: dir,
      stdin: Data("pass phrase\npass phrase\n".utf8))
    try #require(generated.status == 0, "\(generated.stderr)")
    let path = dir.appendingPathComponent("k.key").path
    let text = try read(path)
    let publicKey = try PublicKey(
      minisignText: try read(dir.appendingPathComponent("k.pub").path), source: "k.pub")

    #expect(throws: SigningError.passphraseRequired(source: path)) {
      try SecretKey(minisignText: text, source: path, passphrase: nil)
    }
    let key = try SecretKey(minisignText: text, source: path, passphrase: "pass phrase")
    #expect(key.publicKey == publicKey)
    #expect(throws: SigningError.wrongPassphrase(source: path)) {
      try SecretKey(minisignText: text, source: path, passphrase: "pass phrasE")
    }

    // A signature from the decrypted key verifies with minisign.
    try Data([7, 7, 7]).write(to: dir.appendingPathComponent("m"))
    let signature = try Signature.sign([7, 7, 7], with: key, trustedComment: "t", untrustedComment: "u")
    try write(signature.minisigText, to: "m.minisig", in: dir)
    let verified = try TestSupport.run("minisign", ["-Vm", "m", "-p", "k.pub", "-q"], in: dir)
    #expect(verified.status == 0, "\(verified.stderr)")
  }

  @Test(arguments: [(UInt64(1) << 40, UInt64(1) << 40), (1 << 34, 1 << 34), (1 << 30, 1 << 20)])
  func excessiveLimitsAreRefusedBeforeDerivation(opslimit: UInt64, memlimit: UInt64) throws {
    let text = editBase64(SecretKey.generate().minisignText(untrustedComment: "k"), line: 1) { key in
      key.replaceSubrange(2..<4, with: Array("Sc".utf8))
      for i in 0..<8 {
        key[38 + i] = UInt8(truncatingIfNeeded: opslimit >> (8 * UInt64(i)))
        key[46 + i] = UInt8(truncatingIfNeeded: memlimit >> (8 * UInt64(i)))
      }
    }
    #expect(
      throws: SigningError.unsupportedKDFLimits(source: "big.key", opslimit: opslimit, memlimit: memlimit)
    ) {
      try SecretKey(minisignText: text, source: "big.key", passphrase: "x")
    }
  }
}
