import EnvlockFileIO
import EnvlockModel
import EnvlockSigning
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockArchive

/// One member of a hand-made tar, built with Python's tarfile so that envlock's writer is not involved.
struct RawMember: Codable, Sendable {
  var name: String
  var type: String = "file"  // file, symlink, hardlink, dir
  var data: String = ""
  var link: String = ""
}

/// Builds a tar with Python's tarfile and compresses it with the zstd tool.
func handMadeArchive(_ members: [RawMember], in dir: URL, compress: Bool = true) throws -> String {
  let spec = dir.appendingPathComponent("spec.json")
  try JSONEncoder().encode(members).write(to: spec)
  let tar = dir.appendingPathComponent("hand.tar").path
  let script = """
    import json, sys, tarfile, io
    spec = json.load(open(sys.argv[1]))
    with tarfile.open(sys.argv[2], "w", format=tarfile.PAX_FORMAT) as t:
        for m in spec:
            info = tarfile.TarInfo(m["name"])
            data = m["data"].encode()
            if m["type"] == "symlink": info.type = tarfile.SYMTYPE; info.linkname = m["link"]
            elif m["type"] == "hardlink": info.type = tarfile.LNKTYPE; info.linkname = m["link"]
            elif m["type"] == "dir": info.type = tarfile.DIRTYPE
            else: info.size = len(data)
            t.addfile(info, io.BytesIO(data) if info.type == tarfile.REGTYPE else None)
    """
  let made = try TestSupport.run("python3", ["-c", script, spec.path, tar])
  guard made.status == 0 else { throw TestSupportError(description: made.stderr) }
  guard compress else { return tar }
  let zst = try TestSupport.run("zstd", ["-q", "-f", tar, "-o", tar + ".zst"])
  guard zst.status == 0 else { throw TestSupportError(description: zst.stderr) }
  return tar + ".zst"
}

/// A valid manifest (for the given members) as text.
func manifestText(members: [String: String] = [:]) throws -> String {
  let digests = members.map {
    MemberDigest(path: $0.key, size: Int64($0.value.utf8.count), sha256: .sha256(Array($0.value.utf8)))
  }
  return String(
    decoding: try CanonicalJSON.encode(Manifest(snapshot: SampleSnapshots.minimal(), members: digests)),
    as: UTF8.self)
}

struct HostileCase: Sendable, CustomTestStringConvertible {
  let name: String
  let members: @Sendable () throws -> [RawMember]
  let check: @Sendable (ArchiveError) -> Bool
  var testDescription: String { name }
}

let hostileCases: [HostileCase] = [
  HostileCase(
    name: "parent-directory path",
    members: {
      [RawMember(name: "envlock.json", data: try manifestText()), RawMember(name: "../evil", data: "x")]
    },
    check: { if case .unsafeMemberPath(_, "../evil") = $0 { true } else { false } }),
  HostileCase(
    name: "nested parent-directory path",
    members: { [RawMember(name: "config/../../evil", data: "x")] },
    check: { if case .unsafeMemberPath(_, "config/../../evil") = $0 { true } else { false } }),
  HostileCase(
    name: "absolute path",
    members: { [RawMember(name: "/tmp/evil", data: "x")] },
    check: { if case .unsafeMemberPath(_, "/tmp/evil") = $0 { true } else { false } }),
  HostileCase(
    name: "symbolic link",
    members: { [RawMember(name: "config/link", type: "symlink", link: "/etc/passwd")] },
    check: { if case .unsupportedMemberType(_, "config/link", "symbolic link") = $0 { true } else { false } }),
  HostileCase(
    name: "hard link",
    members: {
      [
        RawMember(name: "envlock.json", data: try manifestText()),
        RawMember(name: "config/hl", type: "hardlink", link: "envlock.json"),
      ]
    },
    check: { if case .unsupportedMemberType(_, "config/hl", "hard link") = $0 { true } else { false } }),
  HostileCase(
    name: "directory member",
    members: { [RawMember(name: "config", type: "dir")] },
    check: { if case .unsupportedMemberType(_, "config/", "directory") = $0 { true } else { false } }),
  HostileCase(
    name: "duplicate member",
    members: {
      [
        RawMember(name: "envlock.json", data: try manifestText()),
        RawMember(name: "envlock.json", data: try manifestText()),
      ]
    },
    check: { if case .duplicateMember(_, "envlock.json") = $0 { true } else { false } }),
  HostileCase(
    name: "oversized member",
    members: { [RawMember(name: "SHA256SUMS", data: String(repeating: "a", count: 70_000))] },
    check: { if case .memberTooLarge(_, "SHA256SUMS", _, 65_536) = $0 { true } else { false } }),
  HostileCase(
    name: "no manifest",
    members: { [RawMember(name: "SHA256SUMS", data: "")] },
    check: { if case .missingManifest = $0 { true } else { false } }),
  HostileCase(
    name: "manifest not JSON",
    members: { [RawMember(name: "envlock.json", data: "{\"schema\": \"envlock.manifest/1\",\n oops}")] },
    check: {
      if case .invalidManifest(_, nil, let json as JSONError) = $0 {
        json.message.contains("line 2, column 2")
      } else {
        false
      }
    }),
  HostileCase(
    name: "unknown manifest schema",
    members: { [RawMember(name: "envlock.json", data: "{\"schema\": \"envlock.manifest/9\"}")] },
    check: {
      if case .unknownSchema(_, "envlock.manifest/9", "envlock.manifest/1") = $0 { true } else { false }
    }),
  HostileCase(
    name: "unknown snapshot schema",
    members: {
      [
        RawMember(
          name: "envlock.json",
          data: try manifestText().replacingOccurrences(of: "envlock.snapshot/1", with: "envlock.snapshot/2"))
      ]
    },
    check: { if case .unknownSchema(_, "envlock.snapshot/2", _) = $0 { true } else { false } }),
  HostileCase(
    name: "manifest missing a field",
    members: {
      [RawMember(name: "envlock.json", data: "{\"schema\": \"envlock.manifest/1\", \"members\": []}")]
    },
    check: {
      if case .invalidManifest(_, let reason?, nil) = $0 { reason.contains("`snapshot`") } else { false }
    }),
  HostileCase(
    name: "member not in manifest",
    members: {
      [RawMember(name: "envlock.json", data: try manifestText()), RawMember(name: "config/extra", data: "x")]
    },
    check: { if case .unexpectedMember(_, "config/extra") = $0 { true } else { false } }),
  HostileCase(
    name: "listed member absent",
    members: { [RawMember(name: "envlock.json", data: try manifestText(members: ["SHA256SUMS": ""]))] },
    check: { if case .missingMember(_, "SHA256SUMS") = $0 { true } else { false } }),
  HostileCase(
    name: "tampered member",
    members: {
      [
        RawMember(name: "envlock.json", data: try manifestText(members: ["SHA256SUMS": "abc"])),
        RawMember(name: "SHA256SUMS", data: "abd"),
      ]
    },
    check: { if case .digestMismatch(_, "SHA256SUMS", _, _) = $0 { true } else { false } }),
]

@Suite struct HostileInputTests {
  static let limits = ReadLimits(
    maxArchiveBytes: 1 << 20, maxMemberBytes: 65_536, maxTotalBytes: 1 << 20, maxMembers: 100)

  @Test(arguments: hostileCases)
  func rejects(_ hostile: HostileCase) throws {
    let dir = try TestSupport.temporaryDirectory()
    let path = try handMadeArchive(try hostile.members(), in: dir)
    let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    do {
      _ = try SnapshotArchive.read(path: path, limits: Self.limits)
      Issue.record("\(hostile.name) was accepted")
    } catch {
      #expect(hostile.check(error), "unexpected error: \(error)")
      #expect(error.description.contains(path), "message names the file: \(error)")
      #expect(!error.message.contains("\n"), "one-line message: \(error)")
    }
    // Reading never writes anything.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == before)
  }

  @Test func rejectsTruncatedZstd() throws {
    let dir = try TestSupport.temporaryDirectory()
    let path = dir.appendingPathComponent("t.envlock").path
    let (snapshot, contents) = sampleWithFiles()
    try SnapshotArchive.write(
      snapshot: snapshot, configContents: contents, signingKey: nil, to: path, force: false)
    let bytes = try #require(FileManager.default.contents(atPath: path))
    for cut in [bytes.count / 2, bytes.count - 3, 10] {
      #expect(throws: ArchiveError.self) {
        try SnapshotArchive.parse(Array(bytes.prefix(cut)), file: "cut.envlock")
      }
      do {
        _ = try SnapshotArchive.parse(Array(bytes.prefix(cut)), file: "cut.envlock")
      } catch {
        guard case .notAnArchive = error else {
          Issue.record("cut at \(cut): \(error)")
          continue
        }
      }
    }
  }

  @Test func corruptZstdIsRejectedOrHarmless() throws {
    // Every single-byte corruption either fails to read with a clear error, or (when it only
    // hits tar padding) reads back exactly the original content: never silently changed data.
    let (snapshot, contents) = sampleWithFiles()
    let original = try SnapshotArchive.archiveBytes(
      snapshot: snapshot, configContents: contents, signingKey: nil)
    let reference = try SnapshotArchive.parse(original, file: "ok.envlock")
    var rejected = 0
    for position in stride(from: 0, to: original.count, by: max(1, original.count / 97)) {
      var bytes = original
      bytes[position] ^= 0x5A
      do {
        let lockfile = try SnapshotArchive.parse(bytes, file: "c.envlock")
        #expect(
          lockfile.manifestBytes == reference.manifestBytes, "byte \(position) changed the manifest silently")
        #expect(lockfile.members == reference.members, "byte \(position) changed a member silently")
      } catch {
        rejected += 1
        #expect(error.description.hasPrefix("`c.envlock`"), "\(error)")
      }
    }
    #expect(rejected > 0)
    var badMagic = original
    badMagic[0] ^= 0xFF
    #expect {
      try SnapshotArchive.parse(badMagic, file: "m.envlock")
    } throws: { error in
      if case .notAnArchive = error as? ArchiveError { return true }
      return false
    }
  }

  @Test func rejectsUncompressedTarAndGarbage() throws {
    let dir = try TestSupport.temporaryDirectory()
    let tar = try handMadeArchive(
      [RawMember(name: "envlock.json", data: try manifestText())], in: dir, compress: false)
    #expect(throws: ArchiveError.self) { try SnapshotArchive.read(path: tar) }
    #expect(throws: ArchiveError.self) { try SnapshotArchive.parse(Array("hello".utf8), file: "g") }
    #expect(throws: ArchiveError.self) { try SnapshotArchive.parse([], file: "empty") }
    #expect(throws: ArchiveError.self) {
      try SnapshotArchive.read(path: dir.appendingPathComponent("missing").path)
    }
  }

  @Test func rejectsDecompressionBomb() throws {
    // 2 MiB of zeros compresses to a few hundred bytes; the total limit stops it.
    let dir = try TestSupport.temporaryDirectory()
    let members = (0..<40).map {
      RawMember(name: "config/z\($0)", data: String(repeating: "0", count: 60_000))
    }
    let path = try handMadeArchive(members, in: dir)
    #expect {
      try SnapshotArchive.read(path: path, limits: Self.limits)
    } throws: { error in
      if case .archiveContentTooLarge = error as? ArchiveError { return true }
      return false
    }
  }
}
