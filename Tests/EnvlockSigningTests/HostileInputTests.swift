// Malformed and hostile files: each gives the expected error, none crashes.

@testable import EnvlockSigning
import Testing

/// A file envlock must reject (or accept, when `expected` is nil).
struct HostileCase: CustomTestStringConvertible, Sendable {
  enum Kind: Sendable { case publicKey, secretKey, signature }
  let name: String
  let kind: Kind
  let text: String
  let expected: SigningError?
  var testDescription: String { name }

  /// Parses `text` as its kind.
  func parse() throws(SigningError) {
    switch kind {
    case .publicKey: _ = try PublicKey(minisignText: text, source: "f")
    case .secretKey: _ = try SecretKey(minisignText: text, source: "f", passphrase: nil)
    case .signature: _ = try Signature(minisigText: text, source: "f")
    }
  }
}

@Suite struct HostileInputTests {
  static let key = SecretKey.generate()
  static let pub = key.publicKey.minisignText(untrustedComment: "minisign public key")
  static let sec = key.minisignText(untrustedComment: "minisign encrypted secret key")
  static let sig = try! Signature.sign([1, 2, 3], with: key, trustedComment: "tc", untrustedComment: "uc")
    .minisigText

  static func line(_ text: String, _ index: Int) -> String { lines(text)[index] }
  static func replacing(_ text: String, line index: Int, with new: String) -> String {
    var parts = lines(text)
    parts[index] = new
    return parts.joined(separator: "\n") + "\n"
  }

  static let cases: [HostileCase] = [
    // Public keys.
    HostileCase(
      name: "empty public key", kind: .publicKey, text: "",
      expected: .malformedFile(source: "f", line: 1, expected: "an `untrusted comment: ` line")),
    HostileCase(
      name: "comment only", kind: .publicKey, text: "untrusted comment: x\n",
      expected: .malformedFile(source: "f", line: 2, expected: "a base64 line")),
    HostileCase(
      name: "comment only, no newline", kind: .publicKey, text: "untrusted comment: x",
      expected: .malformedFile(source: "f", line: 2, expected: "the base64 public key")),
    HostileCase(
      name: "no comment prefix", kind: .publicKey, text: replacing(pub, line: 0, with: "comment: x"),
      expected: .malformedFile(source: "f", line: 1, expected: "a line starting with `untrusted comment: `")),
    HostileCase(
      name: "base64 cut by one character", kind: .publicKey,
      text: replacing(pub, line: 1, with: String(line(pub, 1).dropLast())),
      expected: .invalidBase64(source: "f", line: 2)),
    HostileCase(
      name: "base64 cut by four characters", kind: .publicKey,
      text: replacing(pub, line: 1, with: String(line(pub, 1).dropLast(4))),
      expected: .wrongLength(source: "f", line: 2, what: "a public key", expected: 42, found: 39)),
    HostileCase(
      name: "base64 with a space", kind: .publicKey, text: replacing(pub, line: 1, with: " " + line(pub, 1)),
      expected: .invalidBase64(source: "f", line: 2)),
    HostileCase(
      name: "secret key given as public key", kind: .publicKey, text: sec,
      expected: .wrongLength(source: "f", line: 2, what: "a public key", expected: 42, found: 158)),
    HostileCase(
      name: "signature given as public key", kind: .publicKey, text: sig,
      expected: .wrongLength(source: "f", line: 2, what: "a public key", expected: 42, found: 74)),
    HostileCase(
      name: "unknown public key algorithm", kind: .publicKey,
      text: editBase64(pub, line: 1) { $0[0] = UInt8(ascii: "X") },
      expected: .unknownAlgorithm(source: "f", line: 2, found: "Xd")),
    HostileCase(
      name: "extra line", kind: .publicKey, text: pub + "\n\nmore\n",
      expected: .malformedFile(source: "f", line: 5, expected: "the end of the file")),
    HostileCase(
      name: "binary junk", kind: .publicKey, text: "untrusted comment: \u{0}\n\u{0}\u{1}\u{2}\u{3}\n",
      expected: .invalidBase64(source: "f", line: 2)),
    HostileCase(
      name: "huge base64 line", kind: .publicKey,
      text: "untrusted comment: x\n" + String(repeating: "AAAA", count: 2_000_000) + "\n",
      expected: .wrongLength(source: "f", line: 2, what: "a public key", expected: 42, found: 6_000_000)),
    HostileCase(
      name: "huge number of lines", kind: .publicKey, text: pub + String(repeating: "x\n", count: 1_000_000),
      expected: .malformedFile(source: "f", line: 3, expected: "the end of the file")),
    HostileCase(
      name: "CRLF public key", kind: .publicKey, text: pub.replacingOccurrences(of: "\n", with: "\r\n"),
      expected: nil),
    HostileCase(name: "no final newline", kind: .publicKey, text: String(pub.dropLast()), expected: nil),
    HostileCase(name: "trailing empty lines", kind: .publicKey, text: pub + "\n\r\n\n", expected: nil),
    HostileCase(
      name: "lone CR line ends", kind: .publicKey, text: pub.replacingOccurrences(of: "\n", with: "\r"),
      expected: .malformedFile(source: "f", line: 2, expected: "the base64 public key")),

    // Secret keys.
    HostileCase(
      name: "unknown kdf", kind: .secretKey, text: editBase64(sec, line: 1) { $0[2] = UInt8(ascii: "X") },
      expected: .unsupportedKDF(source: "f", found: "X\\x00B2")),
    HostileCase(
      name: "unknown checksum algorithm", kind: .secretKey,
      text: editBase64(sec, line: 1) { $0[5] = UInt8(ascii: "3") },
      expected: .unsupportedKDF(source: "f", found: "\\x00\\x00B3")),
    HostileCase(
      name: "secret key with prehashed algorithm", kind: .secretKey,
      text: editBase64(sec, line: 1) { $0[1] = UInt8(ascii: "D") },
      expected: .unknownAlgorithm(source: "f", line: 2, found: "ED")),
    HostileCase(
      name: "encrypted key without passphrase", kind: .secretKey,
      text: editBase64(sec, line: 1) { $0.replaceSubrange(2..<4, with: Array("Sc".utf8)) },
      expected: .passphraseRequired(source: "f")),
    HostileCase(
      name: "wrong non-zero checksum", kind: .secretKey, text: editBase64(sec, line: 1) { $0[157] = 1 },
      expected: .corruptSecretKey(source: "f", reason: "the checksum does not match the key")),
    HostileCase(
      name: "public half does not match seed", kind: .secretKey,
      text: editBase64(sec, line: 1) { $0[100] ^= 1 },
      expected: .corruptSecretKey(source: "f", reason: "the public key it holds does not match its seed")),
    HostileCase(
      name: "public key given as secret key", kind: .secretKey, text: pub,
      expected: .wrongLength(source: "f", line: 2, what: "a secret key", expected: 158, found: 42)),

    // Signatures.
    HostileCase(
      name: "three-line signature", kind: .signature, text: lines(sig).prefix(3).joined(separator: "\n"),
      expected: .malformedFile(source: "f", line: 4, expected: "the base64 global signature")),
    HostileCase(
      name: "no untrusted comment prefix", kind: .signature, text: replacing(sig, line: 0, with: "uc"),
      expected: .malformedFile(source: "f", line: 1, expected: "a line starting with `untrusted comment: `")),
    HostileCase(
      name: "no trusted comment prefix", kind: .signature, text: replacing(sig, line: 2, with: "trusted: tc"),
      expected: .malformedFile(source: "f", line: 3, expected: "a line starting with `trusted comment: `")),
    HostileCase(
      name: "unknown signature algorithm", kind: .signature,
      text: editBase64(sig, line: 1) { $0[1] = UInt8(ascii: "x") },
      expected: .unknownAlgorithm(source: "f", line: 2, found: "Ex")),
    HostileCase(
      name: "short global signature", kind: .signature, text: editBase64(sig, line: 3) { $0.removeLast() },
      expected: .wrongLength(source: "f", line: 4, what: "a global signature", expected: 64, found: 63)),
    HostileCase(
      name: "signature lines swapped", kind: .signature,
      text: [0, 3, 2, 1].map { line(sig, $0) }.joined(separator: "\n"),
      expected: .wrongLength(source: "f", line: 2, what: "a signature", expected: 74, found: 64)),
    HostileCase(
      name: "fifth line", kind: .signature, text: sig + "trusted comment: more\n",
      expected: .malformedFile(source: "f", line: 5, expected: "the end of the file")),
    HostileCase(
      name: "CRLF signature", kind: .signature, text: sig.replacingOccurrences(of: "\n", with: "\r\n"),
      expected: nil),
  ]

  @Test(arguments: cases)
  func malformedInput(_ c: HostileCase) {
    if let expected = c.expected {
      #expect(throws: expected) { try c.parse() }
      #expect(expected.description.contains("`f`"))
    } else {
      #expect(throws: Never.self) { try c.parse() }
    }
  }

  /// The case name of a parse error (`malformedFile`, ...), for the tables of acceptable errors.
  static func caseName(_ error: SigningError) -> String {
    Mirror(reflecting: error).children.first?.label ?? "\(error)"
  }

  /// What a cut-short file may fail with: a line or the base64 on it is missing or short.
  static let truncationErrors: Set = ["malformedFile", "invalidBase64", "wrongLength"]
  /// What a file with one changed byte may fail with: a broken line prefix or line break, a
  /// character that is not base64, or a payload that decodes to an algorithm, KDF or checksum
  /// envlock does not accept. Never a length error (no flip of 0x01, 0x20 or 0x80 turns a base64
  /// digit into `=` or back), a verification error (parsing verifies nothing) or a passphrase error
  /// (these keys are not encrypted).
  static let byteFlipErrors: Set = [
    "malformedFile", "invalidBase64", "unknownAlgorithm", "unsupportedKDF", "corruptSecretKey",
  ]

  @Test(arguments: [HostileCase.Kind.publicKey, .secretKey, .signature])
  func everyTruncationAndByteFlipIsHandled(_ kind: HostileCase.Kind) {
    // Parsing must end in a value or an expected SigningError, never a crash, whatever the bytes are.
    let text = [.publicKey: Self.pub, .secretKey: Self.sec, .signature: Self.sig][kind]!
    func parse(_ bytes: [UInt8]) -> SigningError? {
      do {
        try HostileCase(name: "", kind: kind, text: String(decoding: bytes, as: UTF8.self), expected: nil)
          .parse()
        return nil
      } catch {
        return error
      }
    }
    let bytes = Array(text.utf8)
    #expect(bytes.last == UInt8(ascii: "\n"))
    #expect(parse(bytes) == nil, "the intact file must parse")
    // Every prefix fails, except the whole file without its final newline (minisign accepts that).
    for length in 0..<bytes.count {
      let error = parse(Array(bytes[..<length]))
      if length == bytes.count - 1 {
        #expect(error == nil, "without the final newline")
      } else {
        #expect(
          error.map { Self.truncationErrors.contains(Self.caseName($0)) } == true,
          "cut at \(length): \(error.map(String.init(describing:)) ?? "parsed")")
      }
    }
    var failures = 0
    for index in bytes.indices {
      for flip: UInt8 in [0x01, 0x20, 0x80] {
        var copy = bytes
        copy[index] ^= flip
        guard let error = parse(copy) else { continue }  // a comment, or another valid key or signature
        failures += 1
        #expect(Self.byteFlipErrors.contains(Self.caseName(error)), "byte \(index) ^ \(flip): \(error)")
      }
    }
    // About half the flips break the file (every flip in a line prefix or line break, most in base64
    // digits), so the errors above were really seen.
    #expect(failures > bytes.count / 2)
  }

  @Test(
    arguments: [
      ("QQ==", [UInt8(ascii: "A")]), ("QR==", nil), ("QUI=", Array("AB".utf8)), ("QUJ=", nil),
      ("QUJD", Array("ABC".utf8)),
      ("Q===", nil), ("=QUI", nil), ("QU=I", nil), ("QUI", nil), ("", []), ("QUJD\n", nil), ("-_==", nil),
    ] as [(String, [UInt8]?)])
  func base64IsStrict(text: String, expected: [UInt8]?) {
    #expect(Base64.decode(Array(text.utf8)) == expected)
    if let expected { #expect(Base64.encode(expected) == text) }
  }

  @Test func everyMessageNamesFileLineAndHint() {
    let error = SigningError.malformedFile(source: "dir/key.pub", line: 2, expected: "the base64 public key")
    #expect(
      error.description == """
        Malformed minisign file `dir/key.pub`, line 2: expected the base64 public key

        hint: minisign files are an `untrusted comment: ` line and a base64 line \
        (signatures add a `trusted comment: ` line and a second base64 line)
        """)
  }
}
