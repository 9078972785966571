// Small, fast file-system helpers on top of Glibc: whole-file reads into bytes, directory
// listings with entry types, real paths and file digests. No Foundation on these hot paths.

import Crypto
import EnvlockModel
import Glibc

/// One entry of a directory listing.
public struct DirectoryEntry: Sendable, Hashable {
  /// The entry's name (not a path).
  public var name: String
  /// True for a directory (symbolic links to directories included).
  public var isDirectory: Bool
}

/// Why a file could not be read.
public struct FileReadError: Error, Sendable, CustomStringConvertible {
  /// Creates an error for `path` with the failing call's `errno`.
  public init(path: String, code: Int32) {
    self.path = path
    self.code = code
  }

  /// The path that failed.
  public var path: String
  /// `errno` of the failing call.
  public var code: Int32

  /// The path and the system's explanation of `code`.
  public var description: String { "\(path): \(String(cString: strerror(code)))" }
}

/// File-system calls on Glibc: reads, listings, types, real paths and digests.
public enum FileSystem {
  /// Reads a whole file; files larger than `limit` bytes are refused with `EFBIG`.
  public static func read(_ path: String, limit: Int = 256 << 20) -> Result<[UInt8], FileReadError> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { return .failure(FileReadError(path: path, code: errno)) }
    defer { close(fd) }
    var st = stat()
    if fstat(fd, &st) != 0 { return .failure(FileReadError(path: path, code: errno)) }
    if (st.st_mode & S_IFMT) == S_IFDIR { return .failure(FileReadError(path: path, code: EISDIR)) }
    if st.st_size > limit { return .failure(FileReadError(path: path, code: EFBIG)) }
    // Files in /proc report size 0: read in chunks until EOF.
    var capacity = st.st_size > 0 ? Int(st.st_size) + 1 : 16_384
    var bytes = [UInt8](repeating: 0, count: capacity)
    var count = 0
    while true {
      if count == capacity {
        if capacity >= limit { return .failure(FileReadError(path: path, code: EFBIG)) }
        capacity *= 2
        bytes.append(contentsOf: repeatElement(0, count: capacity - bytes.count))
      }
      let n = bytes.withUnsafeMutableBytes { buf in
        Glibc.read(fd, buf.baseAddress! + count, capacity - count)
      }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(FileReadError(path: path, code: errno))
      }
      if n == 0 { break }
      count += n
    }
    bytes.removeSubrange(count...)
    return .success(bytes)
  }

  /// Reads a whole file, or nil when it cannot be read.
  public static func readIfPresent(_ path: String) -> [UInt8]? {
    try? read(path).get()
  }

  /// Reads a file as UTF-8 text (invalid bytes replaced), or nil when it cannot be read.
  public static func readText(_ path: String) -> String? {
    readIfPresent(path).map { String(decoding: $0, as: UTF8.self) }
  }

  /// Lists a directory (without `.` and `..`), or fails with the `errno` of `opendir`.
  public static func list(_ path: String) -> Result<[DirectoryEntry], FileReadError> {
    guard let dir = opendir(path) else { return .failure(FileReadError(path: path, code: errno)) }
    defer { closedir(dir) }
    var entries: [DirectoryEntry] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: &entry.pointee.d_name) {
        String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
      }
      if name == "." || name == ".." { continue }
      let type = entry.pointee.d_type
      let isDirectory: Bool
      if type == UInt8(DT_DIR) {
        isDirectory = true
      } else if type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) {
        isDirectory = FileSystem.isDirectory(path + "/" + name)
      } else {
        isDirectory = false
      }
      entries.append(DirectoryEntry(name: name, isDirectory: isDirectory))
    }
    return .success(entries)
  }

  /// True when `path` is a directory (following symbolic links).
  public static func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
  }

  /// True when `path` is a regular file (following symbolic links).
  public static func isFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
  }

  /// True when something exists at `path` (following symbolic links).
  public static func exists(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0
  }

  /// True when `path` is an executable regular file.
  public static func isExecutableFile(_ path: String) -> Bool {
    isFile(path) && access(path, X_OK) == 0
  }

  /// The canonical absolute path with symbolic links resolved, or nil when it does not exist.
  public static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// The current working directory.
  public static func currentDirectory() -> String {
    guard let cwd = getcwd(nil, 0) else { return "/" }
    defer { free(cwd) }
    return String(cString: cwd)
  }

  /// SHA-256 of a file's content, read in 1 MiB blocks.
  public static func sha256(ofFile path: String) -> Result<EnvlockModel.Digest, FileReadError> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { return .failure(FileReadError(path: path, code: errno)) }
    defer { close(fd) }
    var hasher = SHA256()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(FileReadError(path: path, code: errno))
      }
      if n == 0 { break }
      buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
    }
    return .success(EnvlockModel.Digest(bytes: hasher.finalize()))
  }
}

/// Joins path components with single slashes.
public func joinPath(_ base: String, _ component: String) -> String {
  if component.hasPrefix("/") { return component }
  if base.hasSuffix("/") { return base + component }
  return base + "/" + component
}

/// The directory part of a path (`/a/b` → `/a`).
public func parentDirectory(_ path: String) -> String {
  guard let slash = path.lastIndex(of: "/") else { return "." }
  if slash == path.startIndex { return "/" }
  return String(path[..<slash])
}

/// The last component of a path (`/a/b` → `b`).
public func lastComponent(_ path: String) -> String {
  guard let slash = path.lastIndex(of: "/") else { return path }
  return String(path[path.index(after: slash)...])
}

/// Removes `.` components and folds `..` lexically; keeps the path absolute if it was.
public func lexicallyNormalized(_ path: String) -> String {
  let absolute = path.hasPrefix("/")
  var parts: [Substring] = []
  for part in path.split(separator: "/") {
    if part == "." { continue }
    if part == ".." {
      if let last = parts.last, last != ".." {
        parts.removeLast()
      } else if !absolute {
        parts.append(part)
      }
      continue
    }
    parts.append(part)
  }
  let joined = parts.joined(separator: "/")
  return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
}

/// The text of a NUL-terminated C buffer.
public func stringFromCBuffer(_ buffer: [CChar]) -> String {
  let end = buffer.firstIndex(of: 0) ?? buffer.count
  return String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

extension EnvlockModel.Digest {
  /// SHA-256 of bytes.
  public static func sha256<Bytes: Sequence>(_ bytes: Bytes) -> EnvlockModel.Digest
  where Bytes.Element == UInt8 {
    EnvlockModel.Digest(bytes: SHA256.hash(data: Array(bytes)))
  }
}
