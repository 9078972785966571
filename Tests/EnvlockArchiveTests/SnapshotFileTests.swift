// `SnapshotFile.read`, the one snapshot loader: what each kind of file reads as, decided by its
// content and never its name, with the digest `sha256sum` computes for it.

import EnvlockModel
import EnvlockSigning
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockArchive

/// A file for the loader to read: its name and how its content is made.
struct LoaderCase: Sendable, CustomTestStringConvertible {
  enum Content: Sendable {
    case archive, manifest, snapshot, unknownSchema, brokenJSON, foreignManifest, text, truncatedArchive
    case empty, blank, missing
  }

  enum Outcome: Sendable {
    /// Read as an archive: signature and config contents available, digest of `envlock.json`.
    case archive
    /// Read as JSON: no archive, digest of the file (for a manifest, the same as its archive's).
    case json
    /// Refused with this `ArchiveError` case.
    case refused(String)
  }

  let name: String
  let content: Content
  let outcome: Outcome
  var testDescription: String { "\(name) (\(content))" }
}

@Suite struct SnapshotFileTests {
  static let cases = [
    LoaderCase(name: "env.envlock", content: .archive, outcome: .archive),
    LoaderCase(name: "envlock.json", content: .manifest, outcome: .json),
    LoaderCase(name: "snapshot.json", content: .snapshot, outcome: .json),
    LoaderCase(name: "archive.json", content: .archive, outcome: .archive),
    LoaderCase(name: "manifest.envlock", content: .manifest, outcome: .json),
    LoaderCase(name: "snapshot", content: .snapshot, outcome: .json),
    LoaderCase(name: "report.json", content: .unknownSchema, outcome: .refused("notASnapshot")),
    LoaderCase(name: "broken.json", content: .brokenJSON, outcome: .refused("notASnapshot")),
    LoaderCase(name: "future.json", content: .foreignManifest, outcome: .refused("notASnapshot")),
    LoaderCase(name: "notes.json", content: .text, outcome: .refused("notAnArchive")),
    LoaderCase(name: "cut.envlock", content: .truncatedArchive, outcome: .refused("notAnArchive")),
    LoaderCase(name: "empty.envlock", content: .empty, outcome: .refused("notAnArchive")),
    LoaderCase(name: "blank.json", content: .blank, outcome: .refused("notAnArchive")),
    LoaderCase(name: "missing.envlock", content: .missing, outcome: .refused("cannotRead")),
  ]

  /// The name of an error's case.
  static func caseName(_ error: ArchiveError) -> String {
    Mirror(reflecting: error).children.first?.label ?? "\(error)"
  }

  /// Writes the case's file into `dir`; returns its path and the signing key's public half.
  static func make(_ c: LoaderCase, in dir: URL) throws -> (path: String, key: PublicKey) {
    let (snapshot, contents) = sampleWithFiles()
    let key = SecretKey.generate()
    let archive = try SnapshotArchive.archiveBytes(
      snapshot: snapshot, configContents: contents, signingKey: key)
    let manifest = try SnapshotArchive.parse(archive, file: "a.envlock").manifestBytes
    let bytes: [UInt8]?
    switch c.content {
    case .archive: bytes = archive
    case .manifest: bytes = manifest
    case .snapshot: bytes = try CanonicalJSON.encode(snapshot)
    case .unknownSchema: bytes = Array(#"{"a": "a.json", "schema": "envlock.diff/1"}"#.utf8)
    case .brokenJSON: bytes = Array(#"{"schema": "envlock.snapshot/1", "#.utf8)
    case .foreignManifest:
      let text = String(decoding: manifest, as: UTF8.self)
      bytes = Array(text.replacingOccurrences(of: Snapshot.currentSchema, with: "envlock.snapshot/9").utf8)
    case .text: bytes = Array("not a snapshot\n".utf8)
    case .truncatedArchive: bytes = Array(archive.prefix(archive.count / 2))
    case .empty: bytes = []
    case .blank: bytes = Array(" \n\t\n".utf8)
    case .missing: bytes = nil
    }
    let path = dir.appendingPathComponent(c.name).path
    if let bytes { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
    return (path, key.publicKey)
  }

  @Test(arguments: cases)
  func readsByContent(_ c: LoaderCase) throws {
    let dir = try TestSupport.temporaryDirectory("envlock-loader")
    let (path, key) = try SnapshotFileTests.make(c, in: dir)
    let (snapshot, contents) = sampleWithFiles()
    switch c.outcome {
    case .archive:
      let file = try SnapshotFile.read(path: path)
      let archive = try #require(file.archive)
      #expect(file.snapshot == snapshot)
      #expect(file.configContents == contents)
      try archive.verifySignature(with: key, file: path)
      // The digest is that of the `envlock.json` member, as `sha256sum` computes it.
      let manifest = dir.appendingPathComponent("member-envlock.json")
      try Data(archive.manifestBytes).write(to: manifest)
      #expect(file.digest.hex == (try TestSupport.sha256sum(manifest.path)))
    case .json:
      let file = try SnapshotFile.read(path: path)
      #expect(file.archive == nil)
      #expect(file.snapshot == snapshot)
      #expect(file.configContents.isEmpty)
      #expect(file.digest.hex == (try TestSupport.sha256sum(path)))
    case .refused(let expected):
      do {
        let file = try SnapshotFile.read(path: path)
        Issue.record("read as a snapshot of \(file.snapshot.capture.hostName)")
      } catch {
        #expect(SnapshotFileTests.caseName(error) == expected, "\(error)")
        #expect(error.description.contains("`\(path)`"), "names the file: \(error)")
        #expect(!error.isVerificationFailure)
      }
    }
  }

  /// An extracted `envlock.json` is identified like its archive: rebuilds of both name one digest.
  @Test func manifestHasTheDigestOfItsArchive() throws {
    let dir = try TestSupport.temporaryDirectory("envlock-loader")
    let archive = try SnapshotFileTests.make(
      LoaderCase(name: "a.envlock", content: .archive, outcome: .archive), in: dir)
    let manifest = try SnapshotFileTests.make(
      LoaderCase(name: "envlock.json", content: .manifest, outcome: .json), in: dir)
    #expect(
      try SnapshotFile.read(path: archive.path).digest == (try SnapshotFile.read(path: manifest.path).digest))
  }

  /// Every file is read once and capped: a JSON file above the archive limit is refused unread.
  @Test func largeFilesAreRefused() throws {
    let dir = try TestSupport.temporaryDirectory("envlock-loader")
    let (path, _) = try SnapshotFileTests.make(
      LoaderCase(name: "s.json", content: .snapshot, outcome: .json), in: dir)
    let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    let limits = ReadLimits(
      maxArchiveBytes: size - 1, maxMemberBytes: 1 << 20, maxTotalBytes: 1 << 20, maxMembers: 10)
    #expect {
      try SnapshotFile.read(path: path, limits: limits)
    } throws: { error in
      guard case .archiveTooLarge(_, let found, let limit) = error as? ArchiveError else { return false }
      return found == size && limit == size - 1
    }
    #expect(try SnapshotFile.read(path: path).snapshot == sampleWithFiles().0)
  }
}
