@testable import EnvlockRedaction
import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct RedactorTests {
  static let keyA = RedactionKey(bytes: Array(String(repeating: "a1", count: 32).utf8), source: "test")
  static let keyB = RedactionKey(bytes: Array(String(repeating: "b2", count: 32).utf8), source: "test")

  @Test func fingerprintsAreKeyedAndStable() {
    let a = Redactor(key: Self.keyA, home: nil)
    let r1 = a.redact(name: "DB_PASSWORD", value: "swordfish").redaction
    let r2 = a.redact(name: "DB_PASSWORD", value: "swordfish").redaction
    #expect(r1?.fingerprint?.count == 64)
    #expect(r1 == r2)
    #expect(r1?.keyId == Self.keyA.id)
    #expect(Self.keyA.id.count == 16)
    // Not a plain hash: another key gives another fingerprint.
    let b = Redactor(key: Self.keyB, home: nil).redact(name: "DB_PASSWORD", value: "swordfish").redaction
    #expect(b?.fingerprint != r1?.fingerprint)
    #expect(b?.fingerprint != sha256Hex("swordfish"))
    // Without a key there is no fingerprint at all.
    let none = Redactor(key: nil, home: nil).redact(name: "DB_PASSWORD", value: "swordfish").redaction
    #expect(none?.fingerprint == nil && none?.keyId == nil && none?.reason == "name contains `PASSWORD`")
  }

  @Test func comparisonSaysWhatItCan() {
    let a = Redactor(key: Self.keyA, home: nil)
    let same1 = a.redaction(of: "s3cret", reason: "r")
    let same2 = a.redaction(of: "s3cret", reason: "r")
    let other = a.redaction(of: "s3cret!", reason: "r")
    #expect(Redaction.compare(same1, same2) == .unchanged)
    #expect(Redaction.compare(same1, other) == .changed)
    let otherKey = Redactor(key: Self.keyB, home: nil).redaction(of: "s3cret", reason: "r")
    #expect(Redaction.compare(same1, otherKey) == .unknown)
    let noKey = Redactor(key: nil, home: nil).redaction(of: "s3cret", reason: "r")
    #expect(Redaction.compare(noKey, noKey) == .unknown)
    // Different visible parts of a masked URL are a change even without a key.
    let u1 = Redactor(key: nil, home: nil).redact(value: "postgres://a:pw@db1/x").redaction!
    let u2 = Redactor(key: nil, home: nil).redact(value: "postgres://a:pw@db2/x").redaction!
    #expect(Redaction.compare(u1, u2) == .changed)
    #expect(Redaction.compare(value: "1", nil, value: "1", nil) == .unchanged)
    #expect(Redaction.compare(value: "1", nil, value: nil, same1) == .changed)
  }

  @Test(arguments: [
    ("/home/ana/data", "~/data"), ("/home/ana", "~"), ("/home/anastasia/x", "/home/anastasia/x"),
    ("/srv/home/ana/x", "/srv/home/ana/x"), ("/usr/bin:/home/ana/.local/bin", "/usr/bin:~/.local/bin"),
    ("file:///home/ana/repo", "file:///home/ana/repo"), ("HOME=/home/ana/", "HOME=~/"),
  ])
  func homeIsWrittenAsTilde(_ value: String, _ expected: String) {
    #expect(Redactor(key: nil, home: "/home/ana/").normalizeHome(value) == expected)
  }

  @Test func commandLineSecretsAreRedacted() {
    let r = Redactor(key: Self.keyA, home: "/home/ana")
    let line = [
      "envlock", "capture", "--token", "abc", "--api-key=xyz", "--env-exclude",
      "ghp_Zq8Lr3Wm9Tx2Vb6Ny4Kc7Pd1Hs5Jf0Ga3Eu8", "--data", "/home/ana/data", "--key", "/home/ana/k.key",
      "--redaction-key", "rk", "--python=" + "postgres://u:pw@h/db", "--passphrase-file", "p.txt",
    ]
    #expect(
      r.redactCommandLine(line) == [
        "envlock", "capture", "--token", "***", "--api-key=***", "--env-exclude", "***", "--data", "~/data",
        "--key", "~/k.key", "--redaction-key", "rk", "--python=postgres://u:***@h/db", "--passphrase-file",
        "p.txt",
      ])
  }

}

/// SHA-256 of a text by coreutils `sha256sum`.
func sha256Hex(_ text: String) -> String {
  let out = (try? TestSupport.run("sha256sum", [], stdin: Data(text.utf8)).stdout) ?? ""
  return String(out.prefix(64))
}
