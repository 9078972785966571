// The file hash cache (data files, and the interpreter binary and libpython):
// `<cache dir>/data-sha256.v1`, one line per file,
//   <sha256 hex> <device> <inode> <size> <mtime ns> <ctime ns> <absolute path, \-escaped>
// A file whose device, inode, size, mtime and ctime all match is not read again. ctime cannot be
// set by users, so a change that keeps the size and restores the mtime is still seen. Entries for
// files changed less than `racyWindow` before hashing started are not stored: file timestamps
// come from a coarse clock, and a change within the same tick would otherwise go unnoticed.

import EnvlockFileIO
import EnvlockModel
import Foundation
import Glibc

/// A cached digest and the file state it belongs to.
struct CacheEntry: Hashable, Sendable {
  var digest: EnvlockModel.Digest
  var stat: FileStat
}

/// The on-disk cache of data-file digests.
///
/// A loaded cache stays as the file's bytes plus an index by inode until something changes it: a
/// warm re-capture only looks digests up, and building ten thousand path strings and a dictionary
/// of them cost more than the lookups themselves.
struct HashCache: Sendable {
  /// The cache file name inside the cache folder.
  static let fileName = "data-sha256.v1"
  static let header = "envlock data hash cache v1"
  /// How old a file's ctime must be (relative to the start of hashing) for its digest to be kept.
  static let racyWindowNanoseconds: Int64 = 100_000_000

  /// The entries, once materialized (after `load` they stay in `lines` until a change).
  private var materialized: [String: CacheEntry] = [:]
  /// The loaded file, not yet materialized.
  private var lines = LoadedLines()
  /// Whether the entries differ from what was loaded.
  private(set) var modified = false

  /// The number of entries.
  var count: Int { lines.isEmpty ? materialized.count : lines.count }

  /// Loads the cache of `directory`; a missing, unreadable or foreign file is an empty cache, and
  /// malformed lines are skipped.
  static func load(directory: String) -> HashCache {
    var cache = HashCache()
    guard let bytes = FileSystem.readIfPresent(joinPath(directory, fileName)) else { return cache }
    cache.lines = LoadedLines(bytes, header: Array((header + "\n").utf8))
    return cache
  }

  /// The cached digest of `path` when the file is unchanged.
  func lookup(_ path: String, _ st: FileStat) -> EnvlockModel.Digest? {
    let e = lines.isEmpty ? materialized[path] : lines.entry(path, inode: st.inode)
    guard let e, e.stat.device == st.device, e.stat.inode == st.inode, !e.stat.differs(from: st) else {
      return nil
    }
    return e.digest
  }

  /// Turns the loaded lines into the dictionary that changes are made to.
  private mutating func materialize() {
    guard !lines.isEmpty else { return }
    materialized = lines.all()
    lines = LoadedLines()
  }

  /// Records a digest made at `hashStart` (realtime nanoseconds); racily recent files are dropped.
  mutating func store(_ path: String, _ digest: EnvlockModel.Digest, _ st: FileStat, hashStart: Int64) {
    materialize()
    guard hashStart - st.ctimeNanoseconds > HashCache.racyWindowNanoseconds,
      hashStart - st.mtimeNanoseconds > HashCache.racyWindowNanoseconds
    else {
      if materialized.removeValue(forKey: path) != nil { modified = true }
      return
    }
    let entry = CacheEntry(digest: digest, stat: st)
    if materialized[path] != entry {
      materialized[path] = entry
      modified = true
    }
  }

  /// Drops entries under `directories` that are not in `kept` (files deleted since).
  mutating func prune(under directories: [String], keeping kept: Set<String>) {
    guard !directories.isEmpty else { return }
    materialize()
    let prefixes = directories.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    for path in materialized.keys
    where !kept.contains(path) && prefixes.contains(where: { path.hasPrefix($0) }) {
      materialized.removeValue(forKey: path)
      modified = true
    }
  }

  /// Writes the cache atomically (temporary file, rename); does nothing when unchanged.
  func save(directory: String) -> FileWriteError? {
    guard modified else { return nil }
    if let error = makeDirectories(directory) { return error }
    var text = HashCache.header + "\n"
    for path in materialized.keys.sorted() {
      let e = materialized[path]!
      text +=
        "\(e.digest.hex) \(e.stat.device) \(e.stat.inode) \(e.stat.size) \(e.stat.mtimeNanoseconds) "
        + "\(e.stat.ctimeNanoseconds) \(HashCache.escape(path))\n"
    }
    let target = joinPath(directory, HashCache.fileName)
    do {
      // A cache lost in a crash costs one slower capture: not worth an fsync.
      try AtomicFile.write(Array(text.utf8), to: target, force: true, mode: 0o600, sync: false)
    } catch {
      return error
    }
    return nil
  }

  private func makeDirectories(_ directory: String) -> FileWriteError? {
    var path = ""
    for part in directory.split(separator: "/") {
      path += "/" + part
      if mkdir(path, 0o700) != 0 && errno != EEXIST {
        return .writeFailed(path: path, reason: String(cString: strerror(errno)))
      }
    }
    return nil
  }

  static func escape(_ path: String) -> String {
    path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
  }

  static func unescape(_ text: Substring) -> String {
    var out = ""
    var escaped = false
    for c in text {
      if escaped {
        out.append(c == "n" ? "\n" : c)
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else {
        out.append(c)
      }
    }
    return out
  }
}

/// A loaded cache file: its bytes, where each well-formed line's fields are, and an index by inode.
private struct LoadedLines: Sendable {
  /// One well-formed line: its path and digest positions and the file state it records.
  private struct Line: Sendable {
    var digestStart: Int32
    var pathStart: Int32
    var pathEnd: Int32
    /// The next line with the same inode (hard links, other devices), or -1.
    var next: Int32
    var stat: FileStat
  }

  private var bytes: [UInt8] = []
  private var parsed: [Line] = []
  private var byInode: [UInt64: Int32] = [:]

  init() {}

  /// Indexes `bytes` when they start with `header`; otherwise the result is empty.
  init(_ bytes: [UInt8], header: [UInt8]) {
    guard bytes.count < Int(Int32.max), bytes.starts(with: header) else { return }
    self.bytes = bytes
    parsed.reserveCapacity(bytes.count / 150)
    byInode.reserveCapacity(bytes.count / 150)
    bytes.withUnsafeBufferPointer { b in
      var i = header.count
      while i < b.count {
        var end = i
        while end < b.count, b[end] != 0x0A { end += 1 }
        defer { i = end + 1 }
        guard end - i > 64 + 12, b[i + 64] == 0x20,
          EnvlockModel.Digest.isHex(UnsafeBufferPointer(rebasing: b[i..<(i + 64)]))
        else { continue }
        // Five numbers, each followed by one space: device, inode, size, mtime, ctime.
        var j = i + 65
        func number() -> Int64? {
          let negative = j < end && b[j] == 0x2D
          if negative { j += 1 }
          let digitsStart = j
          var value: Int64 = 0
          while j < end, b[j] >= 0x30, b[j] <= 0x39 {
            value = value &* 10 &+ Int64(b[j] - 0x30)
            j += 1
          }
          guard j > digitsStart, j < end, b[j] == 0x20 else { return nil }
          j += 1
          return negative ? -value : value
        }
        guard let device = number(), let inode = number(), let size = number(), let mtime = number(),
          let ctime = number(), j < end
        else { continue }
        var st = FileStat(stat())
        st.device = UInt64(bitPattern: device)
        st.inode = UInt64(bitPattern: inode)
        st.size = size
        st.mtimeNanoseconds = mtime
        st.ctimeNanoseconds = ctime
        let k = Int32(parsed.count)
        parsed.append(
          Line(
            digestStart: Int32(i), pathStart: Int32(j), pathEnd: Int32(end), next: byInode[st.inode] ?? -1,
            stat: st))
        byInode[st.inode] = k
      }
    }
  }

  var isEmpty: Bool { parsed.isEmpty }
  var count: Int { parsed.count }

  /// The entry recorded for `path` (whose inode is `inode`), if any.
  func entry(_ path: String, inode: UInt64) -> CacheEntry? {
    var k = byInode[inode] ?? -1
    var query = path
    return query.withUTF8 { q in
      // A path without `\` or a newline is stored as is: compare bytes, build no string.
      let plain = !q.contains(0x5C) && !q.contains(0x0A)
      while k >= 0 {
        let line = parsed[Int(k)]
        let start = Int(line.pathStart)
        let length = Int(line.pathEnd) - start
        let same =
          plain
          ? length == q.count
            && bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, q.baseAddress!, length) == 0 }
          : self.path(line) == path
        if same { return entry(line) }
        k = line.next
      }
      return nil
    }
  }

  /// Every entry by path; a path listed twice keeps its last line, as the file was read before.
  func all() -> [String: CacheEntry] {
    var result: [String: CacheEntry] = [:]
    result.reserveCapacity(parsed.count)
    for line in parsed { result[path(line)] = entry(line) }
    return result
  }

  private func path(_ line: Line) -> String {
    let text = String(decoding: bytes[Int(line.pathStart)..<Int(line.pathEnd)], as: UTF8.self)
    return text.utf8.contains(0x5C) ? HashCache.unescape(Substring(text)) : text
  }

  private func entry(_ line: Line) -> CacheEntry {
    let start = Int(line.digestStart)
    let digest = bytes.withUnsafeBufferPointer {
      EnvlockModel.Digest(hexBytes: UnsafeBufferPointer(rebasing: $0[start..<(start + 64)]))!
    }
    return CacheEntry(digest: digest, stat: line.stat)
  }
}
