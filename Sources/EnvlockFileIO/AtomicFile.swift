import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writes files atomically: a temporary file in the same directory, fsync, then rename. The one
/// writer for archives, keys, rebuild outputs, the redaction key and the hash cache. Temporary
/// files are named `.NAME.tmp-PID-XXXXXX`; each write first removes those of writers that died.
public enum AtomicFile {
  /// Writes `bytes` to `path` with permissions `mode`. With `force` false an existing file is never
  /// replaced, not even one that appears while writing (`destinationExists`). With `sync` false the
  /// data is not flushed to disk first, so a crash may leave the file empty: for caches only.
  /// On failure nothing is left behind.
  public static func write(
    _ bytes: [UInt8], to path: String, force: Bool, mode: mode_t = 0o644, sync: Bool = true
  ) throws(FileWriteError) {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    if !force, FileManager.default.fileExists(atPath: path) { throw .destinationExists(path: path) }
    removeStaleTemporaryFiles(in: directory)
    var template = Array("\(directory)/.\(url.lastPathComponent).tmp-\(getpid())-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
    let tempPath = String(cString: template)
    var ok = false
    defer {
      if !ok { unlink(tempPath) }
    }
    try finishTemporaryFile(fd, bytes: bytes, mode: mode, sync: sync, path: path)
    if force {
      guard rename(tempPath, path) == 0 else {
        throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
      }
    } else {
      // link(2) fails if the destination appeared meanwhile: no overwrite even in a race.
      guard link(tempPath, path) == 0 else {
        let reason = errno == EEXIST ? nil : String(cString: strerror(errno))
        if let reason { throw .writeFailed(path: path, reason: reason) }
        throw .destinationExists(path: path)
      }
      unlink(tempPath)
    }
    ok = true
  }

  /// How old a temporary file of a live process must be to be taken as abandoned (its pid may
  /// have been reused): no write takes a day.
  public static let staleAge: Double = 86_400

  /// Removes the temporary files that writers killed mid-write left in `directory`: names
  /// `.NAME.tmp-PID-XXXXXX` whose process no longer exists, or that are older than `staleAge`.
  /// Returns the names removed. Other files, and temporaries of running writers, are kept.
  @discardableResult
  public static func removeStaleTemporaryFiles(in directory: String) -> [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var removed: [String] = []
    let now = Date().timeIntervalSince1970
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: &entry.pointee.d_name) {
        String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
      }
      guard let pid = writerPID(ofTemporaryName: name) else { continue }
      var st = stat()
      guard fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
        continue
      }
      let dead = pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
      let old = now - Double(st.st_mtim.tv_sec) > staleAge
      if (dead || old) && unlinkat(dirfd(dir), name, 0) == 0 { removed.append(name) }
    }
    return removed.sorted()
  }

  /// The pid in a temporary file name `.NAME.tmp-PID-XXXXXX`, or nil for any other name.
  static func writerPID(ofTemporaryName name: String) -> pid_t? {
    guard name.hasPrefix("."), let marker = name.range(of: ".tmp-", options: .backwards),
      marker.lowerBound > name.index(after: name.startIndex)
    else { return nil }
    let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[1].utf8.count == 6,
      parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
      !parts[0].isEmpty, parts[0].utf8.count <= 10, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
      let pid = pid_t(parts[0]), pid > 0
    else { return nil }
    return pid
  }
}

/// Writes `bytes` to the new temporary file `fd`, sets its mode, syncs it when asked and closes
/// it; on failure `fd` is closed and the caller removes the file.
func finishTemporaryFile(_ fd: Int32, bytes: [UInt8], mode: mode_t, sync: Bool, path: String)
  throws(FileWriteError)
{
  var offset = 0
  while offset < bytes.count {
    let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
    if n < 0 {
      if errno == EINTR { continue }
      let reason = String(cString: strerror(errno))
      close(fd)
      throw .writeFailed(path: path, reason: reason)
    }
    offset += n
  }
  fchmod(fd, mode)
  if (sync && fsync(fd) != 0) || close(fd) != 0 {
    throw .writeFailed(path: path, reason: String(cString: strerror(errno)))
  }
}
