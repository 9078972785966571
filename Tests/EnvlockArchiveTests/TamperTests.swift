import EnvlockModel
import EnvlockSigning
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockArchive

struct TamperCase: Sendable, CustomTestStringConvertible {
  let name: String
  /// Changes the archive's members (in order).
  let tamper: @Sendable (inout [TarMember]) -> Void
  /// Verifies with another key instead of the signer's.
  var otherKey = false
  let check: @Sendable (ArchiveError) -> Bool
  var testDescription: String { name }
}

func flipByte(_ member: String, at offset: @escaping @Sendable (Int) -> Int)
  -> @Sendable (inout [TarMember]) -> Void
{
  { members in
    let i = members.firstIndex { $0.path == member }!
    let at = offset(members[i].bytes.count)
    members[i].bytes[at] = members[i].bytes[at] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
  }
}

let tamperCases: [TamperCase] = [
  TamperCase(
    name: "manifest byte", tamper: flipByte("envlock.json", at: { $0 / 2 }),
    check: {
      if case .signatureRejected = $0 { true } else if case .invalidManifest = $0 { true } else { false }
    }),
  TamperCase(
    name: "manifest host name",
    tamper: { members in
      let text = String(decoding: members[0].bytes, as: UTF8.self).replacingOccurrences(
        of: "\"laptop\"", with: "\"laptoq\"")
      members[0].bytes = Array(text.utf8)
    },
    check: { if case .signatureRejected = $0 { true } else { false } }),
  TamperCase(
    name: "member byte", tamper: flipByte("config/config/settings.toml", at: { _ in 0 }),
    check: { if case .digestMismatch(_, "config/config/settings.toml", _, _) = $0 { true } else { false } }),
  TamperCase(
    name: "signature byte",
    tamper: { members in
      // Change one base64 character of the signature line (line 2).
      let i = members.firstIndex { $0.path == "envlock.json.minisig" }!
      var lines = String(decoding: members[i].bytes, as: UTF8.self).split(
        separator: "\n", omittingEmptySubsequences: false
      ).map(String.init)
      var chars = Array(lines[1])
      chars[40] = chars[40] == "A" ? "B" : "A"
      lines[1] = String(chars)
      members[i].bytes = Array(lines.joined(separator: "\n").utf8)
    },
    check: {
      if case .signatureRejected = $0 { true } else if case .invalidSignatureFile = $0 { true } else { false }
    }),
  TamperCase(
    name: "trusted comment",
    tamper: { members in
      let i = members.firstIndex { $0.path == "envlock.json.minisig" }!
      let text = String(decoding: members[i].bytes, as: UTF8.self).replacingOccurrences(
        of: "host:laptop", with: "host:prod")
      members[i].bytes = Array(text.utf8)
    },
    check: { if case .signatureRejected = $0 { true } else { false } }),
  TamperCase(
    name: "signature removed", tamper: { $0.removeAll { $0.path == "envlock.json.minisig" } },
    check: { if case .unsigned = $0 { true } else { false } }),
  TamperCase(
    name: "wrong key", tamper: { _ in }, otherKey: true,
    check: { if case .signatureRejected = $0 { true } else { false } }),
]

@Suite struct TamperTests {
  @Test(arguments: tamperCases)
  func verificationFails(_ tamper: TamperCase) throws {
    let (snapshot, contents) = sampleWithFiles()
    let key = SecretKey.generate()
    let good = try SnapshotArchive.archiveBytes(snapshot: snapshot, configContents: contents, signingKey: key)
    var members = try TarZstd.read(good, limits: .standard)
    tamper.tamper(&members)
    let bad = try TarZstd.write(members, mtime: snapshot.capture.time.secondsSinceEpoch)
    let verifier = tamper.otherKey ? SecretKey.generate().publicKey : key.publicKey
    do {
      let lockfile = try SnapshotArchive.parse(bad, file: "tampered.envlock")
      try lockfile.verifySignature(with: verifier, file: "tampered.envlock")
      Issue.record("\(tamper.name): verification passed")
    } catch {
      #expect(tamper.check(error), "\(tamper.name): \(error)")
      #expect(error.description.contains("tampered.envlock"))
    }
  }

  @Test func untamperedVerifies() throws {
    let (snapshot, contents) = sampleWithFiles()
    let key = SecretKey.generate()
    let good = try SnapshotArchive.archiveBytes(snapshot: snapshot, configContents: contents, signingKey: key)
    // Re-packing without changes keeps it valid: the tamper harness itself is sound.
    let repacked = try TarZstd.write(
      try TarZstd.read(good, limits: .standard), mtime: snapshot.capture.time.secondsSinceEpoch)
    #expect(repacked == good)
    try SnapshotArchive.parse(repacked, file: "ok.envlock").verifySignature(
      with: key.publicKey, file: "ok.envlock")
  }

  @Test func minisignVerifiesExtractedManifest() throws {
    let dir = try TestSupport.temporaryDirectory()
    let key = SecretKey.generate()
    let pub = dir.appendingPathComponent("k.pub")
    try key.publicKey.minisignText(untrustedComment: "test key").write(
      to: pub, atomically: true, encoding: .utf8)
    let (snapshot, contents) = sampleWithFiles()
    let path = dir.appendingPathComponent("m.envlock").path
    try SnapshotArchive.write(
      snapshot: snapshot, configContents: contents, signingKey: key, to: path, force: false)
    let out = dir.appendingPathComponent("x")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let untar = try TestSupport.run("tar", ["--zstd", "-xf", path, "-C", out.path])
    #expect(untar.status == 0, "\(untar.stderr)")
    let ok = try TestSupport.run(
      "minisign", ["-Vm", out.appendingPathComponent("envlock.json").path, "-p", pub.path])
    #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
    #expect(ok.stdout.contains("host:laptop"))
    try Data("{}".utf8).write(to: out.appendingPathComponent("envlock.json"))
    let bad = try TestSupport.run(
      "minisign", ["-Vm", out.appendingPathComponent("envlock.json").path, "-p", pub.path])
    #expect(bad.status != 0)
  }
}
