@testable import EnvlockCapture
import EnvlockModel
import EnvlockTestSupport
import Foundation
import Glibc
import Testing

/// A project folder with data files, hashed through `DataHasher.run`.
struct DataProject {
  let root: URL
  let cache: URL

  init() throws {
    root = try TestSupport.temporaryDirectory("envlock-data")
    cache = root.appendingPathComponent(".envlock/cache")
  }

  func write(_ path: String, _ bytes: [UInt8]) throws {
    let url = root.appendingPathComponent(path)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(bytes).write(to: url)
  }

  func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

  /// Hashes `operands`. The default clock runs a second ahead, so every file written before counts
  /// as settled (older than the hash cache's racy window) without waiting for it to age.
  func hash(
    _ operands: [String] = ["data"], follow: Bool = false, workers: Int = 2, cache useCache: Bool = true,
    hook: (@Sendable (String) -> Void)? = nil,
    clock: @escaping @Sendable () -> Int64 = DataProject.aSecondAhead
  ) -> DataHashResult {
    var options = DataHashOptions(
      workers: workers, cacheDirectory: useCache ? cache.path : nil, afterFirstBlock: hook)
    options.clock = clock
    return DataHasher.run(
      operands: operands, projectRoot: root.path, followSymlinks: follow, options: options)
  }

  /// `sha256sum` of a project file.
  func coreutilsDigest(_ relative: String) throws -> String {
    String(try TestSupport.run("sha256sum", [path(relative)]).stdout.prefix(64))
  }

  /// The wall clock a second from now (realtime nanoseconds).
  @Sendable static func aSecondAhead() -> Int64 { DataHasher.realtimeNanoseconds() + 1_000_000_000 }

  /// The status-change time of a project file (realtime nanoseconds); it cannot be set.
  func ctime(_ relative: String) -> Int64 {
    var st = stat()
    stat(path(relative), &st)
    return Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
  }
}

@Suite struct DataHasherTests {
  @Test func digestsMatchSha256sum() throws {
    let p = try DataProject()
    var bytes = [UInt8](repeating: 0, count: 3 << 20 + 17)
    for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 2_654_435_761 >> 7) }
    try p.write("data/big.bin", bytes)
    try p.write("data/empty", [])
    try p.write("data/sub/small.txt", Array("hello\n".utf8))
    let result = p.hash()
    #expect(result.problems.isEmpty)
    #expect(result.files.map(\.path) == ["data/big.bin", "data/empty", "data/sub/small.txt"])
    for file in result.files {
      #expect(file.sha256?.hex == (try p.coreutilsDigest(file.path)))
      #expect(file.kind == .file)
    }
    #expect(result.files[1].size == 0)
    #expect(result.files[1].sha256?.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  enum CacheScenario: String, CaseIterable, Sendable {
    case unchanged, contentChangedSameSizeMtimeRestored, fileAdded, fileRemoved, touched
  }

  @Test(arguments: CacheScenario.allCases)
  func cache(_ scenario: CacheScenario) throws {
    let p = try DataProject()
    try p.write("data/a.txt", Array("alpha-1\n".utf8))
    try p.write("data/b.txt", Array("bravo-1\n".utf8))
    let first = p.hash()
    #expect(first.cacheHits == 0)
    #expect(first.bytesHashed == 16)
    #expect(FileManager.default.fileExists(atPath: p.cache.appendingPathComponent(HashCache.fileName).path))

    switch scenario {
    case .unchanged:
      break
    case .contentChangedSameSizeMtimeRestored:
      // Same size, mtime put back: only ctime (which users cannot set) shows the change.
      var st = stat()
      stat(p.path("data/a.txt"), &st)
      try p.write("data/a.txt", Array("alpha-2\n".utf8))
      var times = [st.st_atim, st.st_mtim]
      utimensat(AT_FDCWD, p.path("data/a.txt"), &times, 0)
      var after = stat()
      stat(p.path("data/a.txt"), &after)
      #expect(after.st_mtim.tv_nsec == st.st_mtim.tv_nsec && after.st_size == st.st_size)
    case .fileAdded:
      try p.write("data/c.txt", Array("charlie\n".utf8))
    case .fileRemoved:
      try FileManager.default.removeItem(atPath: p.path("data/b.txt"))
    case .touched:
      var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000_000, tv_nsec: 0)]
      utimensat(AT_FDCWD, p.path("data/b.txt"), &times, 0)
    }
    let second = p.hash()
    for file in second.files {
      #expect(file.sha256?.hex == (try p.coreutilsDigest(file.path)), "\(file.path)")
    }
    switch scenario {
    case .unchanged:
      #expect(second.cacheHits == 2)
      #expect(second.bytesHashed == 0)
    case .contentChangedSameSizeMtimeRestored:
      #expect(second.cacheHits == 1)
      #expect(second.bytesHashed == 8)
      #expect(second.files[0].sha256 != first.files[0].sha256)
    case .fileAdded:
      #expect(second.cacheHits == 2)
      #expect(second.files.count == 3)
    case .fileRemoved:
      #expect(second.files.map(\.path) == ["data/a.txt"])
      let cacheText = try String(
        contentsOf: p.cache.appendingPathComponent(HashCache.fileName), encoding: .utf8)
      #expect(!cacheText.contains("b.txt"))
    case .touched:
      #expect(second.cacheHits == 1)
      #expect(second.bytesHashed == 8)
    }
  }

  /// A file changed within the racy window (100 ms) before hashing started is not cached: a change
  /// in the same timestamp tick could not be seen later. The clock is set relative to the file's
  /// ctime, so the outcome does not depend on how fast the test runs.
  @Test(arguments: [(milliseconds: 50, cached: false), (milliseconds: 150, cached: true)])
  func freshFilesAreNotCached(milliseconds: Int64, cached: Bool) throws {
    let p = try DataProject()
    try p.write("data/new.txt", Array("x".utf8))
    let hashStart = p.ctime("data/new.txt") + milliseconds * 1_000_000
    _ = p.hash(clock: { hashStart })
    #expect(p.hash(clock: { hashStart }).cacheHits == (cached ? 1 : 0))
  }

  @Test func fileChangedWhileHashingIsReported() throws {
    let p = try DataProject()
    try p.write("data/growing.log", [UInt8](repeating: 65, count: 3 << 20))
    try p.write("data/steady.txt", Array("steady\n".utf8))
    let target = p.path("data/growing.log")
    let result = p.hash(workers: 1, cache: false) { path in
      guard path == target, let h = FileHandle(forWritingAtPath: path) else { return }
      h.seekToEndOfFile()
      h.write(Data("appended while hashing\n".utf8))
      try? h.close()
    }
    #expect(
      result.problems == [DataProblem(path: "data/growing.log", reason: "changed while it was being hashed")])
    #expect(result.files.map(\.path) == ["data/steady.txt"])
  }

  @Test func fileVanishingBeforeItIsReadIsUnreadable() throws {
    let p = try DataProject()
    try p.write("data/first-big.bin", [UInt8](repeating: 1, count: 2 << 20))
    try p.write("data/second.txt", Array("gone soon".utf8))
    let victim = p.path("data/second.txt")
    // One worker hashes the largest file first; its hook deletes the other one.
    let result = p.hash(workers: 1, cache: false) { _ in unlink(victim) }
    #expect(result.problems == [DataProblem(path: "data/second.txt", reason: "No such file or directory")])
  }

  @Test func missingOperandsAndEmptyGlobsAreProblems() throws {
    let p = try DataProject()
    try p.write("data/a.csv", Array("1,2\n".utf8))
    try p.write("data/b.csv", Array("3,4\n".utf8))
    let result = p.hash(["data/*.csv", "nope.bin", "models/*.pt"])
    #expect(result.files.map(\.path) == ["data/a.csv", "data/b.csv"])
    #expect(
      result.problems == [
        DataProblem(path: "models/*.pt", reason: "no files match this pattern"),
        DataProblem(path: "nope.bin", reason: "No such file or directory"),
      ])
  }

  @Test(arguments: [false, true])
  func symlinksAndLoops(_ follow: Bool) throws {
    let p = try DataProject()
    try p.write("data/real/file.txt", Array("content\n".utf8))
    symlink("real/file.txt", p.path("data/link-to-file"))
    symlink("loop-b", p.path("data/loop-a"))
    symlink("loop-a", p.path("data/loop-b"))
    symlink("..", p.path("data/real/up"))  // a folder loop when followed
    symlink("missing", p.path("data/dangling"))
    let result = p.hash(follow: follow)
    #expect(result.problems.isEmpty)
    let byPath = Dictionary(uniqueKeysWithValues: result.files.map { ($0.path, $0) })
    #expect(byPath["data/loop-a"]?.kind == .symlink && byPath["data/loop-a"]?.linkTarget == "loop-b")
    #expect(byPath["data/dangling"]?.kind == .symlink)
    #expect(byPath["data/real/file.txt"]?.kind == .file)
    if follow {
      #expect(byPath["data/link-to-file"]?.kind == .file)
      #expect(byPath["data/link-to-file"]?.sha256 == byPath["data/real/file.txt"]?.sha256)
      #expect(byPath["data/real/up"]?.kind == .symlink)
      let codes = Set(result.warnings.map(\.code))
      #expect(codes == [.symlinkLoop, .symlinkDangling])
      #expect(result.warnings.contains { $0.code == .symlinkLoop && $0.path == "data/real/up" })
    } else {
      #expect(byPath["data/link-to-file"]?.kind == .symlink)
      #expect(byPath["data/link-to-file"]?.linkTarget == "real/file.txt")
      #expect(byPath["data/link-to-file"]?.sha256 == nil)
      #expect(result.warnings.isEmpty)
    }
    // A link given as the operand itself is followed (like `find -H`); a looping one is recorded.
    let direct = p.hash(["data/link-to-file", "data/loop-a"])
    #expect(
      direct.files.map { "\($0.path) \($0.kind)" } == ["data/link-to-file file", "data/loop-a symlink"])
    #expect(direct.warnings.map(\.code) == [.symlinkLoop])
  }

  @Test func hugeSparseFile() throws {
    let p = try DataProject()
    let path = p.path("data/sparse.img")
    try FileManager.default.createDirectory(atPath: p.path("data"), withIntermediateDirectories: true)
    let fd = open(path, O_CREAT | O_WRONLY, 0o644)
    #expect(fd >= 0)
    ftruncate(fd, 1 << 29)  // 512 MiB, almost all hole
    for offset in [0, 300 << 20, (1 << 29) - 5] {
      _ = "data island".withCString { pwrite(fd, $0, 11, off_t(offset)) }
    }
    close(fd)
    var st = stat()
    stat(path, &st)
    #expect(Int(st.st_size) == (1 << 29) + 6)
    #expect(st.st_blocks * 512 < 1 << 20)  // really sparse
    let result = p.hash(cache: false)
    #expect(result.problems.isEmpty)
    #expect(result.files.first?.size == Int64((1 << 29) + 6))
    #expect(result.files.first?.sha256?.hex == (try p.coreutilsDigest("data/sparse.img")))
  }

  @Test func progressIsReported() throws {
    let p = try DataProject()
    try p.write("data/a.bin", [UInt8](repeating: 7, count: 1 << 20))
    let seen = Mutex<[DataHashingProgress]>([])
    _ = DataHasher.run(
      operands: ["data"], projectRoot: p.root.path,
      options: DataHashOptions(progress: { progress in seen.withLock { $0.append(progress) } }))
    let last = try #require(seen.withLock { $0.last })
    #expect(
      last.filesDone == 1 && last.filesTotal == 1 && last.bytesDone == 1 << 20 && last.bytesTotal == 1 << 20)
  }
}

import Synchronization
