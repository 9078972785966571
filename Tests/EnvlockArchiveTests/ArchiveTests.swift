import EnvlockFileIO
import EnvlockModel
import EnvlockSigning
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockArchive

/// A snapshot with data and config files, and the config contents.
func sampleWithFiles() -> (Snapshot, [String: [UInt8]]) {
  var snapshot = SampleSnapshots.full()
  let settings = Array("threads = 4\n".utf8)
  snapshot.configFiles = [
    ConfigFile(
      path: "config/settings.toml", size: Int64(settings.count), mode: 0o644, sha256: .sha256(settings))
  ]
  return (snapshot, ["config/settings.toml": settings])
}

@Suite struct ArchiveTests {
  @Test func roundTripAndByteIdenticalRewrite() throws {
    let dir = try TestSupport.temporaryDirectory()
    let (snapshot, contents) = sampleWithFiles()
    let key = SecretKey.generate()
    let a = dir.appendingPathComponent("a.envlock").path
    let b = dir.appendingPathComponent("b.envlock").path
    try SnapshotArchive.write(
      snapshot: snapshot, configContents: contents, signingKey: key, to: a, force: false)
    try SnapshotArchive.write(
      snapshot: snapshot, configContents: contents, signingKey: key, to: b, force: false)
    #expect(FileManager.default.contents(atPath: a) == FileManager.default.contents(atPath: b))

    let lockfile = try SnapshotArchive.read(path: a)
    #expect(lockfile.snapshot == snapshot)
    #expect(lockfile.configContent(snapshot.configFiles[0]) == contents["config/settings.toml"])
    try lockfile.verifySignature(with: key.publicKey, file: a)
    #expect(lockfile.signature?.keyID == key.keyID)
  }

  /// `read(expecting:)`, as `envlock capture` reads its archive back: the written manifest is
  /// taken only when the member is byte-identical; another archive at the path is decoded itself.
  @Test func readBackExpectingWhatWasWritten() throws {
    let dir = try TestSupport.temporaryDirectory()
    let (snapshot, contents) = sampleWithFiles()
    let path = dir.appendingPathComponent("w.envlock").path
    let written = try SnapshotArchive.write(
      snapshot: snapshot, configContents: contents, signingKey: nil, to: path, force: false)
    let back = try SnapshotArchive.read(path: path, expecting: written)
    #expect(back.manifest == (try SnapshotArchive.read(path: path)).manifest)
    #expect(back.manifestBytes == written.manifestBytes)

    // Replaced by another capture: its own manifest is decoded, not the expected one.
    let other = SampleSnapshots.minimal(hostName: "elsewhere")
    try SnapshotArchive.write(snapshot: other, signingKey: nil, to: path, force: true)
    #expect(try SnapshotArchive.read(path: path, expecting: written).snapshot == other)
  }

  @Test func refusesToOverwriteWithoutForce() throws {
    let dir = try TestSupport.temporaryDirectory()
    let path = dir.appendingPathComponent("x.envlock").path
    try SnapshotArchive.write(snapshot: SampleSnapshots.minimal(), signingKey: nil, to: path, force: false)
    let before = FileManager.default.contents(atPath: path)
    #expect(throws: ArchiveError.self) {
      try SnapshotArchive.write(
        snapshot: SampleSnapshots.minimal(hostName: "other"), signingKey: nil, to: path, force: false)
    }
    #expect(FileManager.default.contents(atPath: path) == before)
    try SnapshotArchive.write(
      snapshot: SampleSnapshots.minimal(hostName: "other"), signingKey: nil, to: path, force: true)
    #expect(try SnapshotArchive.read(path: path).snapshot.capture.hostName == "other")
    // No temporary files are left next to the archive.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["x.envlock"])
  }

  @Test func membersAreOrderedAndNormalizedForTar() throws {
    let dir = try TestSupport.temporaryDirectory()
    let (snapshot, contents) = sampleWithFiles()
    let path = dir.appendingPathComponent("t.envlock").path
    try SnapshotArchive.write(
      snapshot: snapshot, configContents: contents, signingKey: SecretKey.generate(), to: path, force: false)
    let gnu = try TestSupport.run("tar", ["--zstd", "-tvf", path, "--numeric-owner", "--full-time"])
    #expect(gnu.status == 0, "\(gnu.stderr)")
    let names = gnu.stdout.split(separator: "\n").map { String($0.split(separator: " ").last!) }
    #expect(names == ["envlock.json", "envlock.json.minisig", "SHA256SUMS", "config/config/settings.toml"])
    for line in gnu.stdout.split(separator: "\n") {
      #expect(line.hasPrefix("-rw-r--r-- 0/0"), "\(line)")
      #expect(line.contains("2026-11-29 06:48:31"), "\(line)")
    }
    let bsd = try TestSupport.run("bsdtar", ["-tf", path])
    #expect(bsd.status == 0, "\(bsd.stderr)")
    #expect(bsd.stdout == names.joined(separator: "\n") + "\n")
  }

  @Test func sha256SumsIsAcceptedBySha256sum() throws {
    let dir = try TestSupport.temporaryDirectory()
    let data = dir.appendingPathComponent("data")
    try FileManager.default.createDirectory(
      at: data.appendingPathComponent("sub"), withIntermediateDirectories: true)
    var snapshot = SampleSnapshots.minimal()
    let files: [(String, String)] = [("a.csv", "x,y\n1,2\n"), ("sub/b b.txt", "hello"), ("odd\\name", "z")]
    for (name, text) in files {
      try Data(text.utf8).write(to: data.appendingPathComponent(name))
      snapshot.dataFiles.append(
        DataFile(
          path: name, size: Int64(text.utf8.count), mode: 0o644, mtime: nil, sha256: .sha256(Array(text.utf8))
        )
      )
    }
    let path = dir.appendingPathComponent("d.envlock").path
    try SnapshotArchive.write(snapshot: snapshot, signingKey: nil, to: path, force: false)
    let sums = try #require(try SnapshotArchive.read(path: path).members["SHA256SUMS"])
    try Data(sums).write(to: dir.appendingPathComponent("SHA256SUMS"))
    let ok = try TestSupport.run("sha256sum", ["-c", "--strict", "../SHA256SUMS"], in: data)
    #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
    try Data("changed".utf8).write(to: data.appendingPathComponent("a.csv"))
    let bad = try TestSupport.run("sha256sum", ["-c", "--strict", "../SHA256SUMS"], in: data)
    #expect(bad.status == 1)
    #expect(bad.stdout.contains("a.csv: FAILED"))
  }

  @Test func extractWritesOnlyInsideTheTarget() throws {
    let dir = try TestSupport.temporaryDirectory()
    let (snapshot, contents) = sampleWithFiles()
    let path = dir.appendingPathComponent("e.envlock").path
    try SnapshotArchive.write(
      snapshot: snapshot, configContents: contents, signingKey: SecretKey.generate(), to: path, force: false)
    let target = dir.appendingPathComponent("out").path
    try SnapshotArchive.read(path: path).extract(to: target)
    let listed = try TestSupport.run("find", [".", "-type", "f"], in: URL(fileURLWithPath: target))
    #expect(
      Set(listed.stdout.split(separator: "\n")) == [
        "./envlock.json", "./envlock.json.minisig", "./SHA256SUMS", "./config/config/settings.toml",
      ])
    // A second extract into a non-empty directory is refused and changes nothing.
    #expect(throws: ArchiveError.self) { try SnapshotArchive.read(path: path).extract(to: target) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["e.envlock", "out"])
  }
}
