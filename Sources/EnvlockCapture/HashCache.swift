// The data-file hash cache: `<cache dir>/data-sha256.v1`, one line per file,
//   <sha256 hex> <device> <inode> <size> <mtime ns> <ctime ns> <absolute path, \-escaped>
// A file whose device, inode, size, mtime and ctime all match is not read again. ctime cannot be
// set by users, so a change that keeps the size and restores the mtime is still seen. Entries for
// files changed less than `racyWindow` before hashing started are not stored: file timestamps
// come from a coarse clock, and a change within the same tick would otherwise go unnoticed.

import EnvlockModel
import Foundation
import Glibc

/// A cached digest and the file state it belongs to.
struct CacheEntry: Hashable, Sendable {
  var digest: EnvlockModel.Digest
  var stat: FileStat
}

/// The on-disk cache of data-file digests.
struct HashCache: Sendable {
  /// The cache file name inside the cache folder.
  static let fileName = "data-sha256.v1"
  static let header = "envlock data hash cache v1"
  /// How old a file's ctime must be (relative to the start of hashing) for its digest to be kept.
  static let racyWindowNanoseconds: Int64 = 100_000_000

  private(set) var entries: [String: CacheEntry] = [:]
  /// Whether `entries` differ from what was loaded.
  private(set) var modified = false

  /// Loads the cache of `directory`; a missing or unreadable cache is empty. Parses bytes directly:
  /// a warm re-capture of a large tree spends most of its time here.
  static func load(directory: String) -> HashCache {
    var cache = HashCache()
    guard let b = FileSystem.readIfPresent(joinPath(directory, fileName)) else { return cache }
    let headerBytes = Array((header + "\n").utf8)
    guard b.count >= headerBytes.count, Array(b[0..<headerBytes.count]) == headerBytes else { return cache }
    cache.entries.reserveCapacity(b.count / 150)
    var i = headerBytes.count
    while i < b.count {
      let end = b[i...].firstIndex(of: 0x0A) ?? b.count
      defer { i = end + 1 }
      guard end - i > 64 + 12, b[i + 64] == 0x20 else { continue }
      var j = i + 65
      var numbers: [Int64] = []
      numbers.reserveCapacity(5)
      var ok = true
      while numbers.count < 5 {
        var value: Int64 = 0
        var negative = false
        if j < end, b[j] == 0x2D {
          negative = true
          j += 1
        }
        let digitsStart = j
        while j < end, b[j] >= 0x30, b[j] <= 0x39 {
          value = value &* 10 &+ Int64(b[j] - 0x30)
          j += 1
        }
        guard j > digitsStart, j < end, b[j] == 0x20 else {
          ok = false
          break
        }
        numbers.append(negative ? -value : value)
        j += 1
      }
      guard ok, let digest = EnvlockModel.Digest(hex: String(decoding: b[i..<(i + 64)], as: UTF8.self)) else {
        continue
      }
      let pathBytes = b[j..<end]
      let path =
        pathBytes.contains(0x5C)
        ? unescape(Substring(String(decoding: pathBytes, as: UTF8.self)))
        : String(decoding: pathBytes, as: UTF8.self)
      var st = FileStat(stat())
      st.device = UInt64(bitPattern: numbers[0])
      st.inode = UInt64(bitPattern: numbers[1])
      st.size = numbers[2]
      st.mtimeNanoseconds = numbers[3]
      st.ctimeNanoseconds = numbers[4]
      cache.entries[path] = CacheEntry(digest: digest, stat: st)
    }
    return cache
  }

  /// The cached digest of `path` when the file is unchanged.
  func lookup(_ path: String, _ st: FileStat) -> EnvlockModel.Digest? {
    guard let e = entries[path], e.stat.device == st.device, e.stat.inode == st.inode,
      !e.stat.differs(from: st)
    else { return nil }
    return e.digest
  }

  /// Records a digest made at `hashStart` (realtime nanoseconds); racily recent files are dropped.
  mutating func store(_ path: String, _ digest: EnvlockModel.Digest, _ st: FileStat, hashStart: Int64) {
    guard hashStart - st.ctimeNanoseconds > HashCache.racyWindowNanoseconds,
      hashStart - st.mtimeNanoseconds > HashCache.racyWindowNanoseconds
    else {
      if entries.removeValue(forKey: path) != nil { modified = true }
      return
    }
    let entry = CacheEntry(digest: digest, stat: st)
    if entries[path] != entry {
      entries[path] = entry
      modified = true
    }
  }

  /// Drops entries under `directories` that are not in `kept` (files deleted since).
  mutating func prune(under directories: [String], keeping kept: Set<String>) {
    guard !directories.isEmpty else { return }
    let prefixes = directories.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    for path in entries.keys where !kept.contains(path) && prefixes.contains(where: { path.hasPrefix($0) }) {
      entries.removeValue(forKey: path)
      modified = true
    }
  }

  /// Writes the cache atomically (temporary file, rename); does nothing when unchanged.
  func save(directory: String) -> FileReadError? {
    guard modified else { return nil }
    if let error = makeDirectories(directory) { return error }
    var text = HashCache.header + "\n"
    for path in entries.keys.sorted() {
      let e = entries[path]!
      text +=
        "\(e.digest.hex) \(e.stat.device) \(e.stat.inode) \(e.stat.size) \(e.stat.mtimeNanoseconds) "
        + "\(e.stat.ctimeNanoseconds) \(HashCache.escape(path))\n"
    }
    let target = joinPath(directory, HashCache.fileName)
    var template = Array("\(target).tmp-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    if fd < 0 { return FileReadError(path: target, code: errno) }
    let temp = stringFromCBuffer(template)
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
      if n <= 0 {
        if n < 0 && errno == EINTR { continue }
        let code = errno
        close(fd)
        unlink(temp)
        return FileReadError(path: target, code: code)
      }
      offset += n
    }
    fchmod(fd, 0o600)
    close(fd)
    if rename(temp, target) != 0 {
      let code = errno
      unlink(temp)
      return FileReadError(path: target, code: code)
    }
    return nil
  }

  private func makeDirectories(_ directory: String) -> FileReadError? {
    var path = ""
    for part in directory.split(separator: "/") {
      path += "/" + part
      if mkdir(path, 0o700) != 0 && errno != EEXIST { return FileReadError(path: path, code: errno) }
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
