// ArchiveError is worded for any caller: no command-line flag, no documentation path; causes are
// kept as values, not text.

import EnvlockArchive
import EnvlockModel
import EnvlockSigning
import EnvlockTestSupport
import Testing

@Suite struct ArchiveErrorWordingTests {
  static let samples: [ArchiveError] = [
    .cannotRead(file: "a.envlock", underlying: JSONError.notCanonical("x")),
    .archiveTooLarge(file: "a.envlock", size: 10, limit: 5),
    .snapshotTooLarge(file: "a.json", size: 10, limit: 5),
    .invalidMemberName(file: "a.envlock", member: "config/a\\xffb"),
    .hiddenData(file: "a.envlock", reason: "11 bytes after the zstd frame"),
    .notAnArchive(file: "a.envlock", reason: "Unrecognized archive format"),
    .unsafeMemberPath(file: "a.envlock", member: "../evil"),
    .unsupportedMemberType(file: "a.envlock", member: "config/link", type: "symbolic link"),
    .memberTooLarge(file: "a.envlock", member: "SHA256SUMS", size: 10, limit: 5),
    .archiveContentTooLarge(file: "a.envlock", limit: 5),
    .tooManyMembers(file: "a.envlock", limit: 5),
    .duplicateMember(file: "a.envlock", member: "envlock.json"),
    .missingManifest(file: "a.envlock"),
    .invalidManifest(file: "a.envlock", reason: "missing string field `schema`"),
    .invalidManifest(file: "a.envlock", underlying: JSONError.syntax(line: 1, column: 1, reason: "x")),
    .unknownSchema(file: "a.envlock", found: "envlock.manifest/9", expected: "envlock.manifest/1"),
    .unexpectedMember(file: "a.envlock", member: "config/x"),
    .missingMember(file: "a.envlock", member: "config/x"),
    .digestMismatch(file: "a.envlock", member: "config/x", expected: "aa", found: "bb"),
    .invalidSignatureFile(file: "a.envlock", reason: "not UTF-8 text"),
    .invalidSignatureFile(file: "a.envlock", underlying: .invalidBase64(source: "a.envlock:sig", line: 2)),
    .unsigned(file: "a.envlock"),
    .signatureRejected(file: "a.envlock", underlying: .signatureInvalid(source: nil)),
    .destinationExists(path: "a.envlock"),
    .writeFailed(path: "a.envlock", reason: "No space left on device"),
    .invalidConfigPath(path: "/etc/passwd"),
  ]

  @Test(arguments: samples)
  func archiveErrorsNameNoFlagOrDocument(_ error: ArchiveError) {
    #expect(TestSupport.commandLineWording(in: error).isEmpty)
    #expect(!error.message.contains("\n"))
  }

  /// A rejected signature keeps the signing error as its cause; its hint is the signing error's.
  @Test func aRejectedSignatureKeepsItsCause() {
    let cause = SigningError.signatureInvalid(source: nil)
    let error = ArchiveError.signatureRejected(file: "a.envlock", underlying: cause)
    #expect(error.message == "`a.envlock` signature check failed")
    #expect(error.underlying as? SigningError == cause)
    #expect(
      error.description == """
        `a.envlock` signature check failed
          caused by: \(cause.message)

        hint: \(cause.hint!)
        """)
  }
}
