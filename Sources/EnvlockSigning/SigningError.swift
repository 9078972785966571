// The single error type of EnvlockSigning.

import EnvlockDiagnostics

/// Why a minisign key or signature could not be read, decrypted or verified.
public enum SigningError: DiagnosticError, Hashable, Sendable {
  /// A line of a minisign file is missing or not what the format requires.
  case malformedFile(source: String, line: Int, expected: String)
  /// A line is not valid base64 (standard alphabet, with padding, no spaces).
  case invalidBase64(source: String, line: Int)
  /// The base64 line decodes to the wrong number of bytes for this kind of file.
  case wrongLength(source: String, line: Int, what: String, expected: Int, found: Int)
  /// The two-byte signature algorithm is neither `Ed` (legacy) nor `ED` (prehashed).
  case unknownAlgorithm(source: String, line: Int, found: String)
  /// The secret key uses a key derivation or checksum algorithm envlock does not know.
  case unsupportedKDF(source: String, found: String)
  /// The secret key's scrypt limits ask for more work or memory than envlock allows.
  case unsupportedKDFLimits(source: String, opslimit: UInt64, memlimit: UInt64)
  /// The secret key is encrypted and no passphrase was given.
  case passphraseRequired(source: String)
  /// The checksum of the decrypted secret key does not match: the passphrase is wrong.
  case wrongPassphrase(source: String)
  /// An unencrypted secret key fails its own consistency checks (checksum or public half).
  case corruptSecretKey(source: String, reason: String)
  /// The signature was made by a key other than the public key given to verify it.
  case keyIDMismatch(source: String?, signatureKeyID: KeyID, publicKeyID: KeyID)
  /// The Ed25519 signature over the message does not verify.
  case signatureInvalid(source: String?)
  /// The global signature over the signature and trusted comment does not verify.
  case trustedCommentSignatureInvalid(source: String?)
  /// A trusted comment cannot be signed: it has a line break or NUL, or is too long for minisign.
  case invalidTrustedComment(comment: String, reason: String)

  /// What is wrong with which file, and where in it.
  public var message: String { parts.0 }

  /// What to do about it.
  public var hint: String? { parts.1 }

  private var parts: (String, String?) {
    switch self {
    case .malformedFile(let source, let line, let expected):
      return (
        "Malformed minisign file `\(source)`, line \(line): expected \(expected)",
        "minisign files are an `untrusted comment: ` line and a base64 line"
          + " (signatures add a `trusted comment: ` line and a second base64 line)"
      )
    case .invalidBase64(let source, let line):
      return ("Invalid base64 in `\(source)`: line \(line)", "the file may be truncated or edited by hand")
    case .wrongLength(let source, let line, let what, let expected, let found):
      return (
        "Wrong length for \(what) in `\(source)`, line \(line): expected \(expected) bytes, found: \(found)",
        "check that `\(source)` is a minisign \(what) and not another kind of minisign file"
      )
    case .unknownAlgorithm(let source, let line, let found):
      return (
        "Unknown signature algorithm in `\(source)`, line \(line): `\(found)`",
        "envlock reads minisign's `Ed` (legacy) and `ED` (prehashed) algorithms"
      )
    case .unsupportedKDF(let source, let found):
      return (
        "Unsupported key derivation in secret key `\(source)`: `\(found)`",
        "envlock reads unencrypted keys and keys encrypted with scrypt (`Sc`) and checked with BLAKE2b (`B2`)"
      )
    case .unsupportedKDFLimits(let source, let opslimit, let memlimit):
      return (
        "Unsupported scrypt limits in secret key `\(source)`: opslimit `\(opslimit)`, memlimit `\(memlimit)`",
        "re-encrypt the key with minisign's default limits: `minisign -C -s \(source)`"
      )
    case .passphraseRequired(let source):
      return ("A passphrase is required to decrypt secret key: `\(source)`", "provide the key's passphrase")
    case .wrongPassphrase(let source):
      return (
        "Wrong passphrase for secret key: `\(source)`",
        "the decrypted key's checksum does not match; check the passphrase"
      )
    case .corruptSecretKey(let source, let reason):
      return ("Corrupt secret key `\(source)`: \(reason)", "restore the key file from a backup")
    case .keyIDMismatch(let source, let signatureKeyID, let publicKeyID):
      return (
        "Key id mismatch: \(Self.name(source)) was made by key `\(signatureKeyID)`, "
          + "but the public key has key id: `\(publicKeyID)`",
        "verify with the public key whose file starts with "
          + "`untrusted comment: minisign public key \(signatureKeyID)`"
      )
    case .signatureInvalid(let source):
      return (
        "Signature verification failed: \(Self.name(source))",
        "the file changed after it was signed, or the signature belongs to another file"
      )
    case .trustedCommentSignatureInvalid(let source):
      return (
        "Trusted comment signature verification failed: \(Self.name(source))",
        "the `trusted comment: ` line was changed after signing"
      )
    case .invalidTrustedComment(let comment, let reason):
      let shown = comment.count > 60 ? String(comment.prefix(60)) + "..." : comment
      return (
        "Trusted comment \(reason) and cannot be signed: `\(shown.debugDescription.dropFirst().dropLast())`",
        "use a single line of at most \(Signature.maximumTrustedCommentLength) bytes without NUL characters"
      )
    }
  }

  private static func name(_ source: String?) -> String {
    source.map { "signature `\($0)`" } ?? "the signature"
  }
}
