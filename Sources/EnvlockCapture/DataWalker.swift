// Expands `--data` operands (files, folders, globs) into the files and links to record.
// Operands themselves are followed when they are links (like `find -H`); links inside folders are
// recorded as links unless `follow_symlinks` is set, in which case loops are detected by the
// (device, inode) of the folders on the current path.

import Glibc

/// The identity and change-detection fields of a file, from `lstat`/`fstat`.
struct FileStat: Hashable, Sendable {
  var device: UInt64
  var inode: UInt64
  var size: Int64
  var mtimeNanoseconds: Int64
  var ctimeNanoseconds: Int64
  var mode: UInt32

  init(_ st: stat) {
    device = UInt64(st.st_dev)
    inode = UInt64(st.st_ino)
    size = Int64(st.st_size)
    mtimeNanoseconds = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    ctimeNanoseconds = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
    mode = UInt32(st.st_mode)
  }

  /// True when the content may differ: size, mtime or ctime changed.
  func differs(from other: FileStat) -> Bool {
    size != other.size || mtimeNanoseconds != other.mtimeNanoseconds
      || ctimeNanoseconds != other.ctimeNanoseconds
  }
}

/// One file or link to record.
struct DataEntry: Sendable {
  /// Absolute path to open.
  var path: String
  /// Project-relative path to record.
  var relativePath: String
  /// `stat` of the file (of the link itself for links).
  var stat: FileStat
  /// The link text, for links.
  var linkTarget: String?
}

/// A data file that is missing from the capture, and why.
public struct DataProblem: Hashable, Sendable, CustomStringConvertible {
  /// The project-relative path.
  public var path: String
  /// What went wrong, for example `Permission denied` or `changed while it was being hashed`.
  public var reason: String

  public var description: String { "\(path): \(reason)" }
}

/// The result of expanding the data operands.
struct DataListing: Sendable {
  var entries: [DataEntry] = []
  var problems: [DataProblem] = []
  var notes: [(code: String, message: String, path: String)] = []
  /// Absolute folders that were walked completely (their cache entries can be pruned).
  var walkedDirectories: [String] = []
}

enum DataWalker {
  /// Lists the files and links of `operands` (relative to `projectRoot`).
  static func list(operands: [String], projectRoot: String, followSymlinks: Bool) -> DataListing {
    var listing = DataListing()
    var seen = Set<String>()
    let skip = joinPath(projectRoot, ".envlock")
    for operand in operands {
      let absolute = lexicallyNormalized(joinPath(projectRoot, operand))
      var paths = [absolute]
      if operand.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }) {
        paths = expandGlob(absolute)
        if paths.isEmpty {
          listing.problems.append(DataProblem(path: operand, reason: "no files match this pattern"))
          continue
        }
      }
      for path in paths {
        var walker = Walk(
          root: projectRoot, skip: skip, follow: followSymlinks, listing: listing, seen: seen)
        walker.operand(path)
        listing = walker.listing
        seen = walker.seen
      }
    }
    return listing
  }

  private static func expandGlob(_ pattern: String) -> [String] {
    var g = glob_t()
    defer { globfree(&g) }
    guard glob(pattern, 0, nil, &g) == 0 else { return [] }
    return (0..<Int(g.gl_pathc)).compactMap { g.gl_pathv[$0].map { String(cString: $0) } }
  }

  /// Project-relative path: `sub/file` inside the project, `../x/file` outside it.
  static func relative(_ path: String, to root: String) -> String {
    if path == root { return "." }
    if path.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
      return String(path.dropFirst(root.hasSuffix("/") ? root.count : root.count + 1))
    }
    let p = path.split(separator: "/")
    let r = root.split(separator: "/")
    var common = 0
    while common < min(p.count, r.count), p[common] == r[common] { common += 1 }
    return (Array(repeating: "..", count: r.count - common) + p[common...].map(String.init)).joined(
      separator: "/")
  }

  private struct Walk {
    let root: String
    let skip: String
    let follow: Bool
    var listing: DataListing
    var seen: Set<String>

    mutating func operand(_ path: String) {
      var st = stat()
      if stat(path, &st) != 0 {
        let code = errno
        var lst = stat()
        if lstat(path, &lst) == 0, (lst.st_mode & S_IFMT) == S_IFLNK {
          addLink(path, lst, note: code == ELOOP ? "symlink-loop" : "symlink-dangling")
        } else {
          problem(path, String(cString: strerror(code)))
        }
        return
      }
      if (st.st_mode & S_IFMT) == S_IFDIR {
        directory(path, ancestors: [FileIdentity(st)])
        listing.walkedDirectories.append(path)
      } else {
        entry(path, st)
      }
    }

    mutating func directory(_ path: String, ancestors: Set<FileIdentity>) {
      if path == skip { return }
      guard let dir = opendir(path) else {
        problem(path, String(cString: strerror(errno)))
        return
      }
      var names: [String] = []
      while let e = readdir(dir) {
        let name = withUnsafePointer(to: &e.pointee.d_name) {
          String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
        }
        if name != "." && name != ".." { names.append(name) }
      }
      closedir(dir)
      for name in names.sorted() {
        let child = path == "/" ? "/" + name : path + "/" + name
        var st = stat()
        guard lstat(child, &st) == 0 else {
          problem(child, String(cString: strerror(errno)))
          continue
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
          directory(child, ancestors: ancestors.union([FileIdentity(st)]))
        case S_IFLNK:
          guard follow else {
            addLink(child, st, note: nil)
            continue
          }
          var target = stat()
          if stat(child, &target) != 0 {
            addLink(child, st, note: errno == ELOOP ? "symlink-loop" : "symlink-dangling")
          } else if (target.st_mode & S_IFMT) == S_IFDIR {
            if ancestors.contains(FileIdentity(target)) {
              addLink(child, st, note: "symlink-loop")
            } else {
              directory(child, ancestors: ancestors.union([FileIdentity(target)]))
            }
          } else {
            entry(child, target)
          }
        default:
          entry(child, st)
        }
      }
    }

    mutating func entry(_ path: String, _ st: stat) {
      let relative = DataWalker.relative(path, to: root)
      guard (st.st_mode & S_IFMT) == S_IFREG else {
        listing.notes.append(("data-not-regular", "not a regular file or link; left out", relative))
        return
      }
      guard seen.insert(relative).inserted else { return }
      listing.entries.append(DataEntry(path: path, relativePath: relative, stat: FileStat(st)))
    }

    mutating func addLink(_ path: String, _ st: stat, note: String?) {
      let relative = DataWalker.relative(path, to: root)
      guard seen.insert(relative).inserted else { return }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let n = readlink(path, &buffer, buffer.count - 1)
      let target = n >= 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
      listing.entries.append(
        DataEntry(path: path, relativePath: relative, stat: FileStat(st), linkTarget: target))
      if let note {
        let message =
          note == "symlink-loop"
          ? "symbolic link loop; recorded as a link" : "symbolic link to nothing; recorded as a link"
        listing.notes.append((note, message, relative))
      }
    }

    mutating func problem(_ path: String, _ reason: String) {
      listing.problems.append(DataProblem(path: DataWalker.relative(path, to: root), reason: reason))
    }
  }
}

/// A file's identity: device and inode.
struct FileIdentity: Hashable {
  var device: UInt64
  var inode: UInt64
  init(_ st: stat) {
    device = UInt64(st.st_dev)
    inode = UInt64(st.st_ino)
  }
}
