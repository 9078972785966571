import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct PrimitivesTests {
  @Test(arguments: [
    ("1970-01-01T00:00:00Z", Int64(0)),
    ("2000-02-29T23:59:59Z", Int64(951_868_799)),
    ("2026-11-29T06:48:31Z", Int64(1_795_934_911)),
    ("1969-12-31T23:59:59Z", Int64(-1)),
  ])
  func timestampRoundTrips(text: String, seconds: Int64) throws {
    let t = try #require(Timestamp(rfc3339: text))
    #expect(t.secondsSinceEpoch == seconds)
    #expect(t.rfc3339 == text)
    let iso = ISO8601DateFormatter()
    #expect(iso.string(from: t.date) == text)
  }

  /// The byte-built spelling agrees with Foundation's ISO 8601 formatter across centuries, leap
  /// days and both sides of the epoch, and parses back. (From 1583: before the Gregorian reform
  /// Foundation switches to the Julian calendar, while RFC 3339 stays proleptic Gregorian.)
  @Test func timestampSpellingMatchesFoundation() throws {
    let iso = ISO8601DateFormatter()
    var seconds: [Int64] = [-12_212_553_600, -2_208_988_800, -86_401, 68_256_000, 951_782_400, 4_107_542_399]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<2000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      // 1583-01-01 to 9999-12-31T23:59:59Z
      seconds.append(-12_212_553_600 + Int64(state >> 24) % (253_402_300_799 + 12_212_553_600))
    }
    for s in seconds {
      let t = Timestamp(secondsSinceEpoch: s)
      #expect(t.rfc3339 == iso.string(from: t.date), "\(s)")
      #expect(Timestamp(rfc3339: t.rfc3339) == t, "\(s)")
    }
  }

  @Test(arguments: [
    "", "2026-11-29", "2026-11-29T06:48:31", "2026-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
    "2026-11-29T24:00:00Z", "2026-11-29t06:48:31z", "2026-11-29T06:48:31+00:00",
  ])
  func timestampRejects(text: String) {
    #expect(Timestamp(rfc3339: text) == nil)
  }

  @Test func digestValidates() {
    #expect(Digest(hex: String(repeating: "A", count: 64))?.hex == String(repeating: "a", count: 64))
    #expect(Digest(hex: String(repeating: "g", count: 64)) == nil)
    #expect(Digest(hex: "abc") == nil)
    #expect(Digest(bytes: [UInt8](repeating: 0xFE, count: 32)).hex == String(repeating: "fe", count: 32))
  }

  @Test func markerEnvironmentByName() {
    let env = SampleMarkers.linux
    #expect(env["python_version"] == "3.11")
    #expect(env["sys_platform"] == "linux")
    #expect(env["extra"] == nil)
  }
}

enum SampleMarkers {
  static let linux = MarkerEnvironment(
    implementationName: "cpython", implementationVersion: "3.11.7", osName: "posix",
    platformMachine: "x86_64",
    platformRelease: "6.1.0", platformSystem: "Linux", platformVersion: "#1", pythonFullVersion: "3.11.7",
    platformPythonImplementation: "CPython", pythonVersion: "3.11", sysPlatform: "linux")
}

@Suite struct BytewiseOrderTests {
  @Test(arguments: [
    ("a", "b", true), ("b", "a", false), ("a", "a", false), ("", "a", true), ("a", "", false),
    ("Z", "a", true), ("data/x", "data/x/y", true),
    // Canonically equivalent spellings are distinct and ordered by their bytes (0x65 < 0xC3),
    // where `String.<` would put "éa" first.
    ("e\u{301}x", "\u{e9}a", true), ("\u{e9}a", "e\u{301}x", false),
  ])
  func ordersByUTF8Bytes(a: String, b: String, expected: Bool) {
    #expect(bytewise(a, b) == expected)
  }

  @Test func normalizeUsesBytewiseOrder() {
    var snapshot = SampleSnapshots.full()
    snapshot.dataFiles = ["\u{e9}a", "e\u{301}x", "Zed", "abc"].map {
      DataFile(path: $0, size: 0, mode: 0o644, mtime: nil, sha256: nil)
    }
    snapshot.normalize()
    #expect(snapshot.dataFiles.map(\.path) == ["Zed", "abc", "e\u{301}x", "\u{e9}a"])
  }
}
