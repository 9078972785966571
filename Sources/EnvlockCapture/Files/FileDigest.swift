// SHA-256 of one file, streamed in large blocks through one reusable buffer (constant memory).
// Holes of sparse files are hashed from a shared zero block without reading them. The file's
// size, mtime and ctime are compared before and after: a file that changed meanwhile is reported.

import Crypto
import EnvlockModel
import Glibc

/// What hashing one file produced.
enum FileDigestResult: Sendable {
  /// The digest and the `fstat` taken before reading.
  case digest(EnvlockModel.Digest, FileStat)
  /// The file could not be read (errno).
  case unreadable(Int32)
  /// Size, mtime or ctime changed while it was read.
  case changed
}

/// A reusable read buffer, one per worker thread (made and used by that thread only).
final class HashBuffer {
  /// The buffer's memory.
  let pointer: UnsafeMutableRawBufferPointer

  init(size: Int) {
    pointer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4096)
  }

  deinit { pointer.deallocate() }
}

enum FileDigest {
  /// Zeros standing in for the holes of sparse files.
  nonisolated(unsafe) static let zeros: UnsafeRawBufferPointer = {
    let p = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 4096)
    p.initializeMemory(as: UInt8.self, repeating: 0)
    return UnsafeRawBufferPointer(p)
  }()

  /// Hashes `path` (spelled escaped when `escaped`: a name on it is not UTF-8). `onBytes` is told
  /// how many bytes were just hashed (for progress); `afterFirstBlock` is a test hook run once
  /// after the first block.
  static func hash(
    _ path: String, escaped: Bool = false, buffer: HashBuffer, onBytes: (Int) -> Void,
    afterFirstBlock: ((String) -> Void)? = nil
  ) -> FileDigestResult {
    let flags = O_RDONLY | O_CLOEXEC | O_NOCTTY
    let fd = escaped ? open(DataWalker.fileSystemPath(path, escaped: true), flags) : open(path, flags)
    if fd < 0 { return .unreadable(errno) }
    defer { close(fd) }
    var before = stat()
    if fstat(fd, &before) != 0 { return .unreadable(errno) }
    let size = Int64(before.st_size)
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
    var hasher = SHA256()
    var offset: Int64 = 0
    var hook = afterFirstBlock
    let sparse = Int64(before.st_blocks) * 512 < size
    while offset < size {
      // A hole up to the next data region is hashed as zeros, without reading it.
      if sparse {
        let data = lseek(fd, off_t(offset), 3)  // SEEK_DATA (needs _GNU_SOURCE in C)
        let holeEnd = data < 0 ? size : min(Int64(data), size)
        while offset < holeEnd {
          let n = Int(min(Int64(zeros.count), holeEnd - offset))
          hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: zeros[0..<n]))
          offset += Int64(n)
          onBytes(n)
        }
        if offset >= size { break }
      }
      let want = Int(min(Int64(buffer.pointer.count), size - offset))
      let n = pread(fd, buffer.pointer.baseAddress!, want, off_t(offset))
      if n < 0 {
        if errno == EINTR { continue }
        return .unreadable(errno)
      }
      if n == 0 { return .changed }  // shorter than its size said: truncated meanwhile
      hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer.pointer[0..<n]))
      offset += Int64(n)
      onBytes(n)
      if let h = hook {
        hook = nil
        h(path)
      }
    }
    // Anything past the size seen at the start means the file grew.
    var probe: UInt8 = 0
    if pread(fd, &probe, 1, off_t(size)) > 0 { return .changed }
    var after = stat()
    if fstat(fd, &after) != 0 { return .unreadable(errno) }
    let start = FileStat(before)
    if FileStat(after).differs(from: start) { return .changed }
    return .digest(EnvlockModel.Digest(bytes: hasher.finalize()), start)
  }
}
