// The interpreter binary and libpython digests are cached by device, inode, size, mtime and ctime.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

@Suite struct InterpreterHashCacheTests {
  /// An ELF file standing in for an interpreter binary (a copy of a real executable).
  func fakeInterpreter(in dir: URL) throws -> String {
    let path = dir.appendingPathComponent("python3").path
    try FileManager.default.copyItem(atPath: try TestSupport.tool("true"), toPath: path)
    return path
  }

  @Test func cachedDigestIsReusedAndChangesAreSeen() throws {
    let dir = try TestSupport.temporaryDirectory("envlock-interp-cache")
    let cacheDir = dir.appendingPathComponent("cache").path
    let python = try fakeInterpreter(in: dir)
    let old = Date(timeIntervalSinceNow: -3600)
    try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: python)
    // Hashing "starts" a second from now, so the file counts as older than the racy window and the
    // cache keeps its digest (its ctime, just changed, cannot be set back).
    let clock = { DataHasher.realtimeNanoseconds() + 1_000_000_000 }

    let first = InterpreterProbe.hashInterpreterFiles(python, cacheDirectory: cacheDir, clock: clock)
    #expect(first[python]?.hex == (try TestSupport.sha256sum(python)))
    let cacheFile = URL(fileURLWithPath: cacheDir).appendingPathComponent(HashCache.fileName)
    let text = try String(contentsOf: cacheFile, encoding: .utf8)
    #expect(text.contains(python))

    // A planted digest for the same file state is what the second capture reports: a cache hit.
    let planted = String(repeating: "ab", count: 32)
    try text.replacingOccurrences(of: first[python]!.hex, with: planted).write(
      to: cacheFile, atomically: true, encoding: .utf8)
    #expect(
      InterpreterProbe.hashInterpreterFiles(python, cacheDirectory: cacheDir, clock: clock)[python]?.hex
        == planted)

    // Same size, mtime restored: the ctime still changes, so the file is hashed again.
    var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: python)))
    bytes[bytes.count - 1] ^= 0xFF
    try Data(bytes).write(to: URL(fileURLWithPath: python))
    try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: python)
    let third = InterpreterProbe.hashInterpreterFiles(python, cacheDirectory: cacheDir, clock: clock)
    #expect(third[python]?.hex == (try TestSupport.sha256sum(python)))
    #expect(third[python]?.hex != planted)
  }

  @Test func withoutCacheNothingIsWritten() throws {
    let dir = try TestSupport.temporaryDirectory("envlock-interp-nocache")
    let python = try fakeInterpreter(in: dir)
    #expect(
      InterpreterProbe.hashInterpreterFiles(python, cacheDirectory: nil)[python]?.hex
        == (try TestSupport.sha256sum(python)))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["python3"])
  }
}
