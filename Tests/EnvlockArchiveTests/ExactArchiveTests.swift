// An archive is exactly what the writer produces: one zstd frame and nothing after it, nothing but
// zeros after the tar end-of-archive marker, member names compared by their bytes (never by
// Unicode canonical equivalence) and valid UTF-8. And non-ASCII names are written at all: they
// crashed libarchive 3.6 in the C locale every Swift process runs in.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockArchive

/// A snapshot whose config files have the given paths, with their contents.
func snapshotWithConfigs(_ paths: [String]) -> (Snapshot, [String: [UInt8]]) {
  var snapshot = SampleSnapshots.minimal()
  var contents: [String: [UInt8]] = [:]
  for path in paths {
    let bytes = Array("setting = \(path.utf8.count)\n".utf8)
    contents[path] = bytes
    snapshot.configFiles.append(
      ConfigFile(path: path, size: Int64(bytes.count), mode: 0o644, sha256: .sha256(bytes)))
  }
  return (snapshot, contents)
}

/// One ustar member with a raw name (no pax header), as another tar writer might make it.
func ustarMember(name: [UInt8], data: [UInt8], type: UInt8 = 0x30) -> [UInt8] {
  var header = [UInt8](repeating: 0, count: 512)
  header.replaceSubrange(0..<name.count, with: name)
  func field(_ offset: Int, _ text: String) {
    header.replaceSubrange(offset..<(offset + text.utf8.count), with: Array(text.utf8))
  }
  field(100, "0000644")
  field(108, "0000000")
  field(116, "0000000")
  field(124, String(data.count, radix: 8).leftPadded(11))
  field(136, "15050505050")
  header.replaceSubrange(148..<156, with: [UInt8](repeating: 0x20, count: 8))
  header[156] = type
  field(257, "ustar")
  field(263, "00")
  let sum = header.reduce(0) { $0 + Int($1) }
  field(148, String(sum, radix: 8).leftPadded(6))
  header[154] = 0
  return header + data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
}

/// A member whose name is given in a pax `path` record (raw bytes, no `hdrcharset`).
func paxMember(name: [UInt8], data: [UInt8]) -> [UInt8] {
  let body = Array(" path=".utf8) + name + [0x0A]
  var length = body.count + 2
  while String(length).utf8.count + body.count != length { length += 1 }
  let record = Array(String(length).utf8) + body
  return ustarMember(name: Array("PaxHeader/x".utf8), data: record, type: 0x78)
    + ustarMember(name: Array("placeholder".utf8), data: data)
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}

/// An archive whose tar holds `manifest` (listing `listed`) followed by `rest`, then the end marker
/// and `tail`, compressed as one frame.
func craftedArchive(listed: [(name: String, bytes: [UInt8])], members: [[UInt8]], tail: [UInt8] = [])
  throws -> [UInt8]
{
  let digests = listed.map {
    MemberDigest(path: $0.name, size: Int64($0.bytes.count), sha256: .sha256($0.bytes))
  }
  let manifest = try CanonicalJSON.encode(Manifest(snapshot: SampleSnapshots.minimal(), members: digests))
  var tar = ustarMember(name: Array("envlock.json".utf8), data: manifest)
  for member in members { tar += member }
  tar += [UInt8](repeating: 0, count: 1024) + tail
  return try TarZstd.compress(tar)
}

struct HiddenContentCase: Sendable, CustomTestStringConvertible {
  let name: String
  /// Turns a valid archive's bytes into the hostile ones.
  let make: @Sendable ([UInt8]) throws -> [UInt8]
  let reasonContains: String
  var testDescription: String { name }
}

/// The tar inside a valid archive's bytes.
func decompressed(_ archive: [UInt8]) throws -> [UInt8] {
  let dir = try TestSupport.temporaryDirectory()
  let path = dir.appendingPathComponent("a.zst").path
  try Data(archive).write(to: URL(fileURLWithPath: path))
  let out = try TestSupport.run("zstd", ["-d", "-q", "-f", path, "-o", path + ".tar"])
  guard out.status == 0 else { throw TestSupportError(description: out.stderr) }
  return Array(try Data(contentsOf: URL(fileURLWithPath: path + ".tar")))
}

let hiddenContentCases: [HiddenContentCase] = [
  HiddenContentCase(
    name: "garbage after the zstd frame", make: { $0 + Array("hidden text".utf8) },
    reasonContains: "11 bytes after the zstd frame"),
  HiddenContentCase(
    name: "a second zstd frame", make: { $0 + (try TarZstd.compress(Array("second".utf8))) },
    reasonContains: "a second zstd frame"),
  HiddenContentCase(
    name: "a zstd skippable frame",
    make: { $0 + [0x50, 0x2A, 0x4D, 0x18, 4, 0, 0, 0] + Array("skip".utf8) },
    reasonContains: "after the zstd frame"),
  HiddenContentCase(
    name: "text after the tar end marker, inside the frame",
    make: {
      try TarZstd.compress(try decompressed($0) + Array("hidden".utf8) + [UInt8](repeating: 0, count: 506))
    },
    reasonContains: "after the tar end-of-archive marker"),
  HiddenContentCase(
    name: "a whole member after the tar end marker",
    make: {
      try TarZstd.compress(
        try decompressed($0) + ustarMember(name: Array("config/hidden".utf8), data: Array("x".utf8))
          + [UInt8](repeating: 0, count: 1024))
    },
    reasonContains: "after the tar end-of-archive marker"),
  HiddenContentCase(
    name: "one non-zero byte in the second block of the end marker",
    make: {
      var tar = try decompressed($0)
      tar[tar.count - 100] = 1
      return try TarZstd.compress(tar)
    },
    reasonContains: "after the tar end-of-archive marker"),
]

@Suite struct ExactArchiveTests {
  /// Config paths that are not ASCII: a `PIP_CONFIG_FILE` in a folder named `café`, the same name
  /// decomposed (NFD), a path too long for a ustar header, other scripts.
  static let nonASCIIPaths = [
    "@system/tmp/café/pip.conf", "@home/cafe\u{301}/pip.conf", "données/réglages.toml",
    "@system/" + String(repeating: "é", count: 120) + "/pip.conf", "設定/pip.conf", "emoji-🙂.ini",
  ]

  @Test(arguments: nonASCIIPaths)
  func writesAndReadsNonASCIIMemberNamesByteForByte(_ path: String) throws {
    let dir = try TestSupport.temporaryDirectory()
    let (snapshot, contents) = snapshotWithConfigs([path, "plain.cfg"])
    let file = dir.appendingPathComponent("u.envlock").path
    try SnapshotArchive.write(
      snapshot: snapshot, configContents: contents, signingKey: nil, to: file, force: false)
    let archive = try SnapshotArchive.read(path: file)
    let member = "config/" + path
    #expect(archive.members.keys.contains { Array($0.utf8) == Array(member.utf8) })
    #expect(archive.configContent(snapshot.configFiles.first { $0.path == path }!) == contents[path])
    // Other tar readers list it (in a UTF-8 locale, as users run them): GNU tar byte for byte,
    // bsdtar in NFC (libarchive normalizes every UTF-8 name it converts to the locale).
    var env = ProcessInfo.processInfo.environment
    env["LC_ALL"] = "C.UTF-8"
    let gnu = try TestSupport.run("tar", ["--zstd", "-tf", file], environment: env)
    #expect(gnu.status == 0, "\(gnu.stderr)")
    #expect(
      gnu.stdout.split(separator: "\n").contains { Array($0.utf8) == Array(member.utf8) }, "\(gnu.stdout)")
    let bsd = try TestSupport.run("bsdtar", ["-tf", file], environment: env)
    #expect(bsd.status == 0, "\(bsd.stderr)")
    #expect(bsd.stdout.split(separator: "\n").map(String.init).contains(member), "\(bsd.stdout)")
  }

  @Test(arguments: hiddenContentCases)
  func rejectsContentOutsideTheMembers(_ hostile: HiddenContentCase) throws {
    let (snapshot, contents) = sampleWithFiles()
    let original = try SnapshotArchive.archiveBytes(
      snapshot: snapshot, configContents: contents, signingKey: nil)
    _ = try SnapshotArchive.parse(original, file: "ok.envlock")
    let bytes = try hostile.make(original)
    #expect {
      try SnapshotArchive.parse(bytes, file: "h.envlock")
    } throws: { error in
      guard let error = error as? ArchiveError, case .hiddenData("h.envlock", let reason) = error else {
        Issue.record("unexpected error: \(error)")
        return false
      }
      #expect(error.isVerificationFailure)
      return reason.contains(hostile.reasonContains)
    }
  }

  /// Zero padding after the end marker (tar writers pad to 10 KiB blocks) is not content.
  @Test func acceptsZeroPaddingAfterTheEndMarker() throws {
    let (snapshot, contents) = sampleWithFiles()
    let original = try SnapshotArchive.archiveBytes(
      snapshot: snapshot, configContents: contents, signingKey: nil)
    let padded = try TarZstd.compress(try decompressed(original) + [UInt8](repeating: 0, count: 9216))
    let archive = try SnapshotArchive.parse(padded, file: "padded.envlock")
    #expect(archive.snapshot == snapshot)
  }

  /// A tar that stops without its end-of-archive marker is truncated.
  @Test func rejectsATarWithoutItsEndMarker() throws {
    let original = try SnapshotArchive.archiveBytes(
      snapshot: SampleSnapshots.minimal(), configContents: [:], signingKey: nil)
    let tar = try decompressed(original)
    #expect {
      try SnapshotArchive.parse(try TarZstd.compress(Array(tar.dropLast(1024))), file: "t.envlock")
    } throws: { error in
      if case .notAnArchive(_, let reason) = error as? ArchiveError {
        return reason.contains("end-of-archive")
      }
      return false
    }
  }

  struct NameCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// The name the manifest lists.
    let listed: String
    /// The bytes of the member's name in the tar.
    let member: [UInt8]
    /// Whether the member name goes in a pax record (else the ustar header).
    let pax: Bool
    var testDescription: String { name }
  }

  static let nameCases = [
    NameCase(
      name: "NFD member, NFC listed (pax)", listed: "config/caf\u{E9}",
      member: Array("config/cafe\u{301}".utf8), pax: true),
    NameCase(
      name: "NFC member, NFD listed (pax)", listed: "config/cafe\u{301}",
      member: Array("config/caf\u{E9}".utf8), pax: true),
    NameCase(
      name: "NFD member, NFC listed (ustar)", listed: "config/caf\u{E9}",
      member: Array("config/cafe\u{301}".utf8), pax: false),
    NameCase(
      name: "raw 0xFF member, U+FFFD listed (ustar)", listed: "config/a\u{FFFD}b",
      member: Array("config/a".utf8) + [0xFF] + Array("b".utf8), pax: false),
    NameCase(
      name: "raw 0xFF member, U+FFFD listed (pax)", listed: "config/a\u{FFFD}b",
      member: Array("config/a".utf8) + [0xFF] + Array("b".utf8), pax: true),
  ]

  /// The manifest lists one spelling, the tar holds another: the member is missing and another
  /// is unexpected, never taken for the listed one.
  @Test(arguments: nameCases)
  func namesAreComparedByTheirBytes(_ test: NameCase) throws {
    let content = Array("x = 1\n".utf8)
    let member =
      test.pax ? paxMember(name: test.member, data: content) : ustarMember(name: test.member, data: content)
    let bytes = try craftedArchive(listed: [(test.listed, content)], members: [member])
    #expect {
      try SnapshotArchive.parse(bytes, file: "n.envlock")
    } throws: { error in
      guard let error = error as? ArchiveError else { return false }
      switch error {
      case .missingMember(_, let name): return Array(name.utf8) == Array(test.listed.utf8)
      case .invalidMemberName(_, let name): return name == "config/a\\xffb"
      default:
        Issue.record("unexpected error: \(error)")
        return false
      }
    }
    // The same member listed by its exact bytes is accepted (unless they are not UTF-8).
    if let exact = String(validating: test.member, as: UTF8.self) {
      let archive = try SnapshotArchive.parse(
        try craftedArchive(listed: [(exact, content)], members: [member]), file: "ok.envlock")
      #expect(archive.members.keys.map { Array($0.utf8) } == [test.member])
    }
  }

  /// A name that is not UTF-8 is rejected whatever the manifest says, and shown escaped.
  @Test(arguments: [false, true])
  func rejectsMemberNamesThatAreNotUTF8(_ pax: Bool) throws {
    let name = Array("config/a".utf8) + [0xFF, 0xC3] + Array("b".utf8)
    let content = Array("x".utf8)
    let member = pax ? paxMember(name: name, data: content) : ustarMember(name: name, data: content)
    #expect {
      try SnapshotArchive.parse(try craftedArchive(listed: [], members: [member]), file: "bad.envlock")
    } throws: { error in
      guard let error = error as? ArchiveError, case .invalidMemberName("bad.envlock", let shown) = error
      else {
        return false
      }
      #expect(error.isVerificationFailure)
      #expect(error.message.contains("not valid UTF-8"))
      return shown == "config/a\\xff\\xc3b"
    }
  }

  /// Two members whose names are canonically equivalent are one member twice.
  @Test func rejectsCanonicallyEquivalentNamesAsDuplicates() throws {
    let content = Array("x".utf8)
    let members = [
      paxMember(name: Array("config/caf\u{E9}".utf8), data: content),
      paxMember(name: Array("config/cafe\u{301}".utf8), data: content),
    ]
    #expect {
      try SnapshotArchive.parse(try craftedArchive(listed: [], members: members), file: "d.envlock")
    } throws: { error in
      if case .duplicateMember = error as? ArchiveError { return true }
      return false
    }
  }
}

/// A snapshot file far larger than any envlock writes is refused from its size alone: nothing is
/// read, so it costs neither time nor memory.
@Suite struct SnapshotSizeTests {
  /// A sparse file of `size` bytes that starts with `head`.
  static func sparse(_ head: [UInt8], size: Int) throws -> String {
    let path = try TestSupport.temporaryDirectory("big").appendingPathComponent("big.json").path
    FileManager.default.createFile(atPath: path, contents: Data(head))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.truncate(atOffset: UInt64(size))
    try handle.close()
    return path
  }

  @Test(arguments: [2 << 30, 100 << 20])
  func hugeJSONIsRefusedUnread(_ size: Int) throws {
    let path = try Self.sparse(Array("{\"schema\": ".utf8), size: size)
    let start = Date()
    #expect {
      try SnapshotFile.read(path: path)
    } throws: { error in
      if case .snapshotTooLarge(path, size, ReadLimits.standard.maxMemberBytes) = error as? ArchiveError {
        return true
      }
      return false
    }
    #expect(Date().timeIntervalSince(start) < 1)
  }

  @Test func hugeArchiveIsRefusedUnread() throws {
    let path = try Self.sparse(SnapshotFile.zstdMagic, size: 2 << 30)
    let start = Date()
    #expect {
      try SnapshotFile.read(path: path)
    } throws: { error in
      if case .archiveTooLarge(path, 2 << 30, ReadLimits.standard.maxArchiveBytes) = error as? ArchiveError {
        return true
      }
      return false
    }
    #expect(Date().timeIntervalSince(start) < 1)
  }

  /// Within the archive limit but above the manifest limit, from a source whose size is unknown
  /// until read (a pipe): refused once read, never parsed.
  @Test func oversizedJSONBytesAreNotParsed() throws {
    let limits = ReadLimits(
      maxArchiveBytes: 1 << 20, maxMemberBytes: 1 << 10, maxTotalBytes: 1 << 20, maxMembers: 10)
    let bytes = Array("{".utf8) + [UInt8](repeating: 0x20, count: 2000) + Array("}".utf8)
    #expect {
      try SnapshotFile.parse(bytes, file: "pipe", limits: limits)
    } throws: { error in
      if case .snapshotTooLarge("pipe", 2002, 1024) = error as? ArchiveError { return true }
      return false
    }
  }
}
