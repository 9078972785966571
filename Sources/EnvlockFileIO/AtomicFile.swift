import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writes files atomically: a temporary file in the same directory, fsync, then rename. The one
/// writer for archives, keys, rebuild outputs, the redaction key and the hash cache.
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
    var template = Array("\(directory)/.\(url.lastPathComponent).tmp-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
    let tempPath = String(cString: template)
    var ok = false
    defer {
      if !ok { unlink(tempPath) }
    }
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
}
