@testable import EnvlockCapture
import EnvlockModel
import EnvlockTestSupport
import Foundation
import Glibc
import Testing

/// The walk lists files already in bytewise path order (what `LC_ALL=C sort` gives), so the sorts
/// after it only confirm the order; and the loaded hash cache finds every kind of path.
@Suite struct DataListingOrderTests {
  /// Names chosen so that name order and path order differ: `b.txt` < `b/…` < `b0` in bytes.
  static let names = [
    "b.txt", "b/c", "b/a.d/x", "b-", "b0", "B", "a", "ab/z", "a.b/z", "é.csv", "z/y/x/w", "z/y.txt",
    "z/y-/1", "sp ace/f", "~tilde",
  ]

  @Test func walkOrderIsBytewiseLikeCSort() throws {
    let p = try DataProject()
    for name in DataListingOrderTests.names { try p.write("data/" + name, Array(name.utf8)) }
    symlink("b0", p.path("data/b.link"))
    let listing = DataWalker.list(operands: ["data"], projectRoot: p.root.path, followSymlinks: false)
    let find = try TestSupport.run(
      "sh", ["-c", "cd \"$1\" && find data -mindepth 1 ! -type d | LC_ALL=C sort", "sh", p.root.path])
    let expected = find.stdout.split(separator: "\n").map(String.init)
    #expect(expected.count == DataListingOrderTests.names.count + 1)
    #expect(listing.entries.map(\.relativePath) == expected)
    #expect(p.hash(cache: false).files.map(\.path) == expected)
  }

  @Test func severalOperandsAreSortedTogether() throws {
    let p = try DataProject()
    for name in ["z/1", "a/2", "m"] { try p.write(name, [1]) }
    let result = p.hash(["z", "m", "a"], cache: false)
    #expect(result.files.map(\.path) == ["a/2", "m", "z/1"])
  }

  @Test func cacheFindsHardLinksAndEscapedNames() throws {
    let p = try DataProject()
    try p.write("data/original", Array("same inode\n".utf8))
    #expect(link(p.path("data/original"), p.path("data/hard-link")) == 0)
    try p.write("data/back\\slash", Array("b\n".utf8))
    try p.write("data/new\nline", Array("n\n".utf8))
    let first = p.hash()
    #expect(first.cacheHits == 0 && first.files.count == 4)
    let cacheText = try String(
      contentsOf: p.cache.appendingPathComponent(HashCache.fileName), encoding: .utf8)
    #expect(cacheText.contains("back\\\\slash") && cacheText.contains("new\\nline"))
    let second = p.hash()
    #expect(second.cacheHits == 4)
    #expect(second.bytesHashed == 0)
    #expect(second.files.map(\.sha256) == first.files.map(\.sha256))
  }

  /// Broken lines in the cache file are skipped; the good ones still hit, and nothing crashes.
  @Test func damagedCacheLinesAreSkipped() throws {
    let p = try DataProject()
    try p.write("data/good", Array("good\n".utf8))
    try p.write("data/other", Array("other\n".utf8))
    _ = p.hash()
    let file = p.cache.appendingPathComponent(HashCache.fileName)
    var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    let otherLine = try #require(lines.firstIndex { $0.hasSuffix("/data/other") })
    lines[otherLine] = "zz" + lines[otherLine].dropFirst(2)  // not hex: the line is dropped
    lines += [
      "", "short", String(repeating: "a", count: 64) + " 1 2 x 4 5 /p", String(repeating: "0", count: 200),
    ]
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
    let second = p.hash()
    #expect(second.cacheHits == 1)
    #expect(second.bytesHashed == 6)
    for f in second.files { #expect(f.sha256?.hex == (try p.coreutilsDigest(f.path))) }
    // The rewritten cache holds both files again, and no damaged line.
    let rewritten = try String(contentsOf: file, encoding: .utf8)
    #expect(rewritten.split(separator: "\n").count == 3)
    #expect(p.hash().cacheHits == 2)
  }

  @Test func foreignCacheFileIsEmpty() throws {
    let p = try DataProject()
    try p.write("data/x", [1, 2, 3])
    try FileManager.default.createDirectory(at: p.cache, withIntermediateDirectories: true)
    try Data("some other format\n".utf8).write(to: p.cache.appendingPathComponent(HashCache.fileName))
    #expect(p.hash().cacheHits == 0)
  }
}
