// Expands `--data` operands (files, folders, globs) into the files and links to record.
// Operands themselves are followed when they are links (like `find -H`); links inside folders are
// recorded as links unless `follow_symlinks` is set, in which case loops are detected by the
// (device, inode) of the folders on the current path.

import EnvlockFileIO
import EnvlockModel
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
  /// Absolute path to open (escaped when `escaped`).
  var path: String
  /// Project-relative path to record (escaped when `escaped`).
  var relativePath: String
  /// `stat` of the file (of the link itself for links).
  var stat: FileStat
  /// The link text, for links.
  var linkTarget: String?
  /// True when a name on the path is not valid UTF-8: both paths are then spelled as
  /// `EscapedName` does, and `fileSystemPath` gives the bytes to open.
  var escaped = false

  /// The path to hand to the system.
  var fileSystemPath: [CChar] { DataWalker.fileSystemPath(path, escaped: escaped) }
}

/// A data file that is missing from the capture, and why.
public struct DataProblem: Hashable, Sendable, CustomStringConvertible {
  /// The project-relative path.
  public var path: String
  /// What went wrong, for example `Permission denied` or `changed while it was being hashed`.
  public var reason: String

  /// `path: reason`.
  public var description: String { "\(path): \(reason)" }
}

/// The result of expanding the data operands.
struct DataListing: Sendable {
  var entries: [DataEntry] = []
  var problems: [DataProblem] = []
  var notes: [(code: CaptureWarning.Code, message: String, path: String)] = []
  /// Absolute folders that were walked completely (their cache entries can be pruned).
  var walkedDirectories: [String] = []
}

enum DataWalker {
  /// The bytes of a walker path, NUL-terminated: unescaped when `escaped`.
  static func fileSystemPath(_ path: String, escaped: Bool) -> [CChar] {
    let bytes = escaped ? (EscapedName.unescape(path) ?? Array(path.utf8)) : Array(path.utf8)
    return bytes.map { CChar(bitPattern: $0) } + [0]
  }

  /// A valid path spelled as `EscapedName` spells it: itself unless it has a backslash.
  static func escapeValid(_ path: String) -> String {
    path.utf8.contains(0x5C) ? EscapedName.escape(Array(path.utf8)) : path
  }

  /// A path as text: itself when it is UTF-8, else escaped (the flag says which).
  static func text(_ bytes: [UInt8]) -> (text: String, escaped: Bool) {
    if let text = String(validating: bytes, as: UTF8.self) { return (text, false) }
    return (EscapedName.escape(bytes), true)
  }

  /// Lists the files and links of `operands` (relative to `projectRoot`).
  static func list(operands: [String], projectRoot: String, followSymlinks: Bool) -> DataListing {
    var listing = DataListing()
    var seen = Set<String>()
    let skip = joinPath(projectRoot, ".envlock")
    for operand in operands {
      let absolute = lexicallyNormalized(joinPath(projectRoot, operand))
      var paths = [(text: absolute, escaped: false)]
      if operand.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }) {
        paths = expandGlob(absolute)
        if paths.isEmpty {
          listing.problems.append(DataProblem(path: operand, reason: "no files match this pattern"))
          continue
        }
      }
      let single = operands.count == 1 && paths.count == 1
      for path in paths {
        var walker = Walk(
          root: projectRoot, skip: skip, follow: followSymlinks, dedupe: !single, listing: listing, seen: seen
        )
        walker.operand(path.text, escaped: path.escaped)
        listing = walker.listing
        seen = walker.seen
      }
    }
    return listing
  }

  /// The matches of a glob, each as text (escaped when its name is not UTF-8).
  private static func expandGlob(_ pattern: String) -> [(text: String, escaped: Bool)] {
    var g = glob_t()
    defer { globfree(&g) }
    guard glob(pattern, 0, nil, &g) == 0 else { return [] }
    return (0..<Int(g.gl_pathc)).compactMap { i in
      g.gl_pathv[i].map {
        text(Array(UnsafeBufferPointer(start: $0, count: strlen($0))).map { UInt8(bitPattern: $0) })
      }
    }
  }

  /// Project-relative path: `sub/file` inside the project, `../x/file` outside it.
  static func relative(_ path: String, to root: String) -> String {
    if path == root { return "." }
    let prefix = root.hasSuffix("/") ? root.utf8 : (root + "/").utf8
    if path.utf8.starts(with: prefix) {
      return String(decoding: path.utf8.dropFirst(prefix.count), as: UTF8.self)
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
    /// Whether paths can repeat (several operands); a single operand lists each path once.
    let dedupe: Bool
    var listing: DataListing
    var seen: Set<String>

    mutating func operand(_ path: String, escaped: Bool) {
      var st = stat()
      let raw = DataWalker.fileSystemPath(path, escaped: escaped)
      if stat(raw, &st) != 0 {
        let code = errno
        var lst = stat()
        if lstat(raw, &lst) == 0, (lst.st_mode & S_IFMT) == S_IFLNK {
          addLink(path, lst, note: code == ELOOP ? .symlinkLoop : .symlinkDangling, escaped: escaped)
        } else {
          problem(path, String(cString: strerror(code)), escaped: escaped)
        }
        return
      }
      if escaped { nameNote(path, escaped: true) }
      if (st.st_mode & S_IFMT) == S_IFDIR {
        directory(path, ancestors: [FileIdentity(st)], escaped: escaped)
        listing.walkedDirectories.append(path)
      } else {
        entry(path, st, escaped: escaped)
      }
    }

    /// The `data-name-not-utf8` warning for a name recorded escaped.
    mutating func nameNote(_ path: String, escaped: Bool) {
      listing.notes.append(
        (
          .dataNameNotUTF8, "the name is not valid UTF-8; recorded with its other bytes written as \\xHH",
          relative(path, escaped: escaped)
        ))
    }

    /// The project-relative spelling of a walker path.
    func relative(_ path: String, escaped: Bool) -> String {
      DataWalker.relative(path, to: escaped ? DataWalker.escapeValid(root) : root)
    }

    /// Lists a folder's children in bytewise order of their project-relative paths: siblings are
    /// sorted by name, a folder's name counting as `name/` (its files all start with that), so the
    /// listing comes out sorted and the later sorts only confirm it.
    /// `escaped` says the path is spelled escaped (a name on it is not UTF-8).
    mutating func directory(_ path: String, ancestors: Set<FileIdentity>, escaped: Bool = false) {
      if path == skip && !escaped { return }
      // fstatat relative to the open folder: no path walk per entry.
      let fd = open(DataWalker.fileSystemPath(path, escaped: escaped), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      guard fd >= 0, let dir = fdopendir(fd) else {
        let code = errno
        if fd >= 0 { close(fd) }
        problem(path, String(cString: strerror(code)), escaped: escaped)
        return
      }
      let prefix = path == "/" ? "/" : path + "/"
      let relativeFolder = relative(path, escaped: escaped)
      let relativePrefix = relativeFolder == "." ? "" : relativeFolder + "/"
      // The same prefixes spelled escaped, for children whose names are not UTF-8 (a valid name
      // only changes when it has a backslash).
      let escapedPrefix = escaped ? prefix : DataWalker.escapeValid(prefix)
      let escapedRelativePrefix = escaped ? relativePrefix : DataWalker.escapeValid(relativePrefix)
      var children: [Child] = []
      var stats: [stat] = []
      var nameBytes: [UInt8] = []
      nameBytes.reserveCapacity(4096)
      while let e = readdir(dir) {
        let isDot = withUnsafePointer(to: &e.pointee.d_name) { p -> Bool in
          let c = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self)
          return c[0] == 0x2E && (c[1] == 0 || (c[1] == 0x2E && c[2] == 0))
        }
        if isDot { continue }
        var st = stat()
        let found = withUnsafePointer(to: &e.pointee.d_name) {
          fstatat(fd, UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), &st, AT_SYMLINK_NOFOLLOW)
        }
        let nameStart = nameBytes.count
        // A name that is not UTF-8 (and every name under an escaped folder) is spelled escaped.
        let (name, childEscaped, invalid) = withUnsafePointer(to: &e.pointee.d_name) {
          let c = UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)
          let bytes = UnsafeBufferPointer(
            start: c, count: strlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)))
          nameBytes.append(contentsOf: bytes)
          if let text = String(validating: bytes, as: UTF8.self) {
            return escaped ? (EscapedName.escape(bytes), true, false) : (text, false, false)
          }
          return (EscapedName.escape(bytes), true, true)
        }
        let childPrefix = childEscaped ? escapedPrefix : prefix
        if invalid { nameNote(childPrefix + name, escaped: true) }
        guard found == 0 else {
          problem(childPrefix + name, String(cString: strerror(errno)), escaped: childEscaped)
          continue
        }
        var kind = Child.Kind.file
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
          kind = .folder
        case S_IFLNK:
          guard follow else {
            kind = .link
            break
          }
          var target = stat()
          if stat(DataWalker.fileSystemPath(childPrefix + name, escaped: childEscaped), &target) != 0 {
            kind = errno == ELOOP ? .loopingLink : .danglingLink
          } else if (target.st_mode & S_IFMT) != S_IFDIR {
            (kind, st) = (.followedLink, target)
          } else if ancestors.contains(FileIdentity(target)) {
            kind = .loopingLink
          } else {
            (kind, st) = (.folder, target)
          }
        default:
          break
        }
        children.append(
          Child(
            name: name, kind: kind, index: Int32(stats.count), nameStart: Int32(nameStart),
            nameLength: Int32(nameBytes.count - nameStart), escaped: childEscaped))
        stats.append(st)
      }
      closedir(dir)
      // Sorts positions, not the children: an `Int32` moves for free, a `String` does not.
      var order = Array(children.indices)
      nameBytes.withUnsafeBufferPointer { bytes in
        order.sort { Child.precedes(children[$0], children[$1], names: bytes) }
      }

      let folderCount = children.reduce(0) { $0 + ($1.kind == .folder ? 1 : 0) }
      var parts: [DataListing] = []
      if ancestors.count == 1, folderCount > 1, DataHashOptions.onlineCores > 1 {
        // The operand's subfolders are walked on all cores (stat calls dominate a warm
        // re-capture), then merged in order so the listing stays deterministic.
        let folders = order.map { children[$0] }.filter { $0.kind == .folder }.map {
          (($0.escaped ? escapedPrefix : prefix) + $0.name, FileIdentity(stats[Int($0.index)]), $0.escaped)
        }
        let (root, skip, follow) = (self.root, self.skip, self.follow)
        parts = concurrentMap(folders.count) { k in
          let (child, identity, childEscaped) = folders[k]
          var walker = Walk(
            root: root, skip: skip, follow: follow, dedupe: false, listing: DataListing(), seen: [])
          walker.directory(child, ancestors: ancestors.union([identity]), escaped: childEscaped)
          return walker.listing
        }
      }
      var nextPart = 0
      for position in order {
        let child = children[position]
        let e = child.escaped
        let childPath = (e ? escapedPrefix : prefix) + child.name
        let st = stats[Int(child.index)]
        switch child.kind {
        case .file:
          entry(
            childPath, st, relative: (e ? escapedRelativePrefix : relativePrefix) + child.name, escaped: e)
        case .followedLink:
          entry(childPath, st, escaped: e)
        case .link:
          addLink(childPath, st, note: nil, escaped: e)
        case .loopingLink:
          addLink(childPath, st, note: .symlinkLoop, escaped: e)
        case .danglingLink:
          addLink(childPath, st, note: .symlinkDangling, escaped: e)
        case .folder where parts.isEmpty:
          directory(childPath, ancestors: ancestors.union([FileIdentity(st)]), escaped: e)
        case .folder:
          let sub = parts[nextPart]
          nextPart += 1
          if dedupe {
            for entry in sub.entries where seen.insert(entry.relativePath).inserted {
              listing.entries.append(entry)
            }
          } else {
            listing.entries += sub.entries
          }
          listing.problems += sub.problems
          listing.notes += sub.notes
        }
      }
    }

    /// A folder entry waiting to be listed in order.
    struct Child {
      enum Kind {
        case file, folder, link, loopingLink, danglingLink, followedLink
      }
      var name: String
      var kind: Kind
      /// The position of its `stat` in the folder's stat list.
      var index: Int32
      /// Where its name's bytes are in the folder's name buffer.
      var nameStart: Int32
      var nameLength: Int32
      /// Whether `name` (and the path to it) is spelled escaped.
      var escaped = false

      /// Bytewise order of `name`, or of `name/` for folders.
      static func precedes(_ a: Child, _ b: Child, names: UnsafeBufferPointer<UInt8>) -> Bool {
        let (xCount, yCount) = (Int(a.nameLength), Int(b.nameLength))
        let px = names.baseAddress! + Int(a.nameStart)
        let py = names.baseAddress! + Int(b.nameStart)
        let common = min(xCount, yCount)
        if common > 0 {
          let order = memcmp(px, py, common)
          if order != 0 { return order < 0 }
        }
        // One name is a prefix of the other: compare the next byte, `/` (0x2F) for a folder.
        if xCount < yCount { return !a.isFolder || 0x2F < py[common] }
        if yCount < xCount { return b.isFolder && px[common] < 0x2F }
        return false
      }

      var isFolder: Bool { kind == .folder }
    }

    mutating func entry(_ path: String, _ st: stat, relative known: String? = nil, escaped: Bool = false) {
      let relative = known ?? self.relative(path, escaped: escaped)
      guard (st.st_mode & S_IFMT) == S_IFREG else {
        listing.notes.append((.dataNotRegular, "not a regular file or link; left out", relative))
        return
      }
      if dedupe, !seen.insert(relative).inserted { return }
      listing.entries.append(
        DataEntry(path: path, relativePath: relative, stat: FileStat(st), escaped: escaped))
    }

    mutating func addLink(
      _ path: String, _ st: stat, note: CaptureWarning.Code?, relative known: String? = nil,
      escaped: Bool = false
    ) {
      let relative = known ?? self.relative(path, escaped: escaped)
      if dedupe, !seen.insert(relative).inserted { return }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let n = readlink(DataWalker.fileSystemPath(path, escaped: escaped), &buffer, buffer.count - 1)
      let target = n >= 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
      listing.entries.append(
        DataEntry(
          path: path, relativePath: relative, stat: FileStat(st), linkTarget: target, escaped: escaped))
      if let note {
        let message =
          note == .symlinkLoop
          ? "symbolic link loop; recorded as a link" : "symbolic link to nothing; recorded as a link"
        listing.notes.append((note, message, relative))
      }
    }

    mutating func problem(_ path: String, _ reason: String, escaped: Bool = false) {
      listing.problems.append(DataProblem(path: relative(path, escaped: escaped), reason: reason))
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
