// SigningError is worded for any caller: no command-line flag, no documentation path.

import EnvlockSigning
import EnvlockTestSupport
import Testing

private let idA = KeyID(bytes: [1, 2, 3, 4, 5, 6, 7, 8])!
private let idB = KeyID(bytes: [8, 7, 6, 5, 4, 3, 2, 1])!

@Test(arguments: [
  SigningError.malformedFile(source: "k.pub", line: 2, expected: "the base64 public key"),
  .invalidBase64(source: "k.pub", line: 2),
  .wrongLength(source: "k.pub", line: 2, what: "public key", expected: 42, found: 10),
  .unknownAlgorithm(source: "s.minisig", line: 2, found: "Xx"),
  .unsupportedKDF(source: "k.key", found: "Ar"),
  .unsupportedKDFLimits(source: "k.key", opslimit: 1 << 40, memlimit: 1 << 40),
  .passphraseRequired(source: "k.key"),
  .wrongPassphrase(source: "k.key"),
  .corruptSecretKey(source: "k.key", reason: "the checksum does not match"),
  .keyIDMismatch(source: "s.minisig", signatureKeyID: idA, publicKeyID: idB),
  .signatureInvalid(source: nil),
  .trustedCommentSignatureInvalid(source: "s.minisig"),
  .invalidTrustedComment(comment: "a\nb", reason: "has a line break"),
])
func signingErrorsNameNoFlagOrDocument(_ error: SigningError) {
  #expect(TestSupport.commandLineWording(in: error).isEmpty)
  #expect(error.hint != nil, "every signing error says what to do")
}
