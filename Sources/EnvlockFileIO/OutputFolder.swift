// Writing files into a directory without ever leaving it. Every relative path is resolved one
// component at a time with openat(2) and O_NOFOLLOW from a descriptor of the directory: a symbolic
// link planted inside it (to a folder or in place of a file) is refused, never followed; absolute
// paths and `.` or `..` components are refused before anything is opened. Folders are made with
// mkdirat(2) and opened with O_DIRECTORY | O_NOFOLLOW; files are written to a temporary name in their
// folder and renamed into place with renameat(2) (linkat(2) when nothing may be replaced).

import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A directory that files are written into by relative path, never outside it: the one writer for
/// `rebuild -o`, `extract -o` and the other commands that fill a directory.
public final class OutputFolder {
  /// The directory's path, as given (symbolic links in it are the caller's choice and followed).
  public let path: String
  /// The open directory every relative path is resolved from.
  private let descriptor: Int32

  /// Opens the directory `path`, creating it and its parents when `create` is true and it is missing.
  public init(_ path: String, create: Bool = true) throws(FileWriteError) {
    if create {
      do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      } catch {
        throw .writeFailed(path: path, reason: OutputFolder.reason(of: error))
      }
    }
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
    self.path = path
    self.descriptor = fd
  }

  deinit { close(descriptor) }

  /// The names of the entries directly inside the directory (without `.` and `..`).
  public func entries() throws(FileWriteError) -> [String] {
    let copy = dup(descriptor)
    guard copy >= 0, let dir = fdopendir(copy) else {
      let reason = String(cString: strerror(errno))
      if copy >= 0 { close(copy) }
      throw .writeFailed(path: path, reason: reason)
    }
    defer { closedir(dir) }
    rewinddir(dir)
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: &entry.pointee.d_name) {
        String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// Writes `bytes` to `relativePath` with permissions `mode`, creating the folders on the way.
  /// With `replace` false an existing file is never replaced (`destinationExists`); with `replace`
  /// true only a regular file is. A symbolic link, or anything else that is not a folder or a regular
  /// file, anywhere on the path is refused (`writeFailed` naming it). On failure nothing is left
  /// behind but the folders already made.
  public func write(
    _ bytes: [UInt8], to relativePath: String, replace: Bool, mode: mode_t = 0o644
  ) throws(FileWriteError) {
    let components = try Self.components(of: relativePath, in: path)
    let folder = try openFolder(components.dropLast(), for: relativePath)
    defer { if folder != descriptor { close(folder) } }
    let name = components.last!
    let full = joined(relativePath)
    var st = stat()
    if fstatat(folder, name, &st, AT_SYMLINK_NOFOLLOW) == 0 {
      switch st.st_mode & S_IFMT {
      case S_IFLNK: throw .writeFailed(path: full, reason: "it is a symbolic link, which is never followed")
      case S_IFREG: if !replace { throw .destinationExists(path: full) }
      default: throw .writeFailed(path: full, reason: "it exists and is not a regular file")
      }
    }
    let (fd, temp) = try createTemporary(in: folder, for: name, mode: mode, path: full)
    var ok = false
    defer {
      if !ok { unlinkat(folder, temp, 0) }
    }
    try finishTemporaryFile(fd, bytes: bytes, mode: mode, sync: true, path: full)
    if replace {
      // rename(2) never follows a link at the destination: one that appeared meanwhile is replaced.
      guard renameat(folder, temp, folder, name) == 0 else {
        throw .writeFailed(path: full, reason: String(cString: strerror(errno)))
      }
    } else {
      // link(2) fails if the destination appeared meanwhile: no overwrite even in a race.
      guard linkat(folder, temp, folder, name, 0) == 0 else {
        if errno == EEXIST { throw .destinationExists(path: full) }
        throw .writeFailed(path: full, reason: String(cString: strerror(errno)))
      }
      unlinkat(folder, temp, 0)
    }
    ok = true
  }

  /// Checks, without writing, that `write(_:to:replace: true)` would not refuse `relativePath`: its
  /// components are valid, the folders on the way that exist are folders (not links), and the file,
  /// if it exists, is a regular file. Lets a caller refuse before writing anything; `write` checks
  /// again as it goes, so a link planted in between is still refused.
  public func check(_ relativePath: String) throws(FileWriteError) {
    let components = try Self.components(of: relativePath, in: path)
    for count in 1...components.count {
      let prefix = components.prefix(count).joined(separator: "/")
      var st = stat()
      guard fstatat(descriptor, prefix, &st, AT_SYMLINK_NOFOLLOW) == 0 else { return }
      let kind = st.st_mode & S_IFMT
      if kind == S_IFLNK {
        throw .writeFailed(path: joined(prefix), reason: "it is a symbolic link, which is never followed")
      }
      if count < components.count && kind != S_IFDIR {
        throw .writeFailed(path: joined(prefix), reason: "it exists and is not a folder")
      }
      if count == components.count && kind != S_IFREG {
        throw .writeFailed(path: joined(prefix), reason: "it exists and is not a regular file")
      }
    }
  }

  /// Creates the folder `relativePath` and its parents inside the directory; an existing folder is
  /// kept, a symbolic link or a file on the way is refused (`writeFailed` naming it).
  public func makeFolder(_ relativePath: String) throws(FileWriteError) {
    let components = try Self.components(of: relativePath, in: path)
    let folder = try openFolder(components[...], for: relativePath)
    if folder != descriptor { close(folder) }
  }

  /// The components of a relative path, or `writeFailed` for an empty or absolute path, an empty,
  /// `.` or `..` component, or a NUL byte: such a path would not stay inside the directory.
  static func components(of relativePath: String, in root: String) throws(FileWriteError) -> [String] {
    let full = root + "/" + relativePath
    if relativePath.isEmpty { throw .writeFailed(path: root, reason: "the path inside it is empty") }
    if relativePath.hasPrefix("/") {
      throw .writeFailed(path: relativePath, reason: "an absolute path is not inside `\(root)`")
    }
    if relativePath.utf8.contains(0) { throw .writeFailed(path: full, reason: "it contains a NUL byte") }
    let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    for part in parts {
      switch part {
      case "": throw .writeFailed(path: full, reason: "it has an empty component")
      case ".", "..":
        throw .writeFailed(path: full, reason: "a `\(part)` component could leave the directory")
      default: continue
      }
    }
    return parts
  }

  /// Opens (making them when missing) the folders `components` below the directory, without
  /// following links; returns the descriptor of the last one (the directory's own when empty).
  private func openFolder(_ components: ArraySlice<String>, for relativePath: String) throws(FileWriteError)
    -> Int32
  {
    var current = descriptor
    var walked: [String] = []
    for component in components {
      walked.append(component)
      let shown = joined(walked.joined(separator: "/"))
      if mkdirat(current, component, 0o755) != 0 && errno != EEXIST {
        let reason = String(cString: strerror(errno))
        if current != descriptor { close(current) }
        throw .writeFailed(path: shown, reason: reason)
      }
      let next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
      if next < 0 {
        let code = errno
        var st = stat()
        let isLink =
          fstatat(current, component, &st, AT_SYMLINK_NOFOLLOW) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
        if current != descriptor { close(current) }
        if isLink {
          throw .writeFailed(path: shown, reason: "it is a symbolic link, which is never followed")
        }
        if code == ENOTDIR { throw .writeFailed(path: shown, reason: "it exists and is not a folder") }
        throw .writeFailed(path: shown, reason: String(cString: strerror(code)))
      }
      if current != descriptor { close(current) }
      current = next
    }
    return current
  }

  /// Creates `.<name>.tmp-<random>` in `folder`, exclusively and without following links.
  private func createTemporary(in folder: Int32, for name: String, mode: mode_t, path: String)
    throws(FileWriteError) -> (Int32, String)
  {
    for _ in 0..<16 {
      let temp = ".\(name).tmp-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
      let fd = openat(folder, temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
      if fd >= 0 { return (fd, temp) }
      if errno != EEXIST { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
    }
    throw .writeFailed(path: path, reason: "no free temporary name")
  }

  /// `relativePath` under the directory, for messages.
  private func joined(_ relativePath: String) -> String {
    path.hasSuffix("/") ? path + relativePath : path + "/" + relativePath
  }

  /// The system's reason behind a Foundation file error.
  private static func reason(of error: any Error) -> String {
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
    if let underlying, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    return (error as NSError).localizedDescription
  }
}
