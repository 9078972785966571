// Resolves a DT_NEEDED library name to a file the way the dynamic loader would on this host,
// minus per-process settings: the ld.so cache (`/etc/ld.so.cache`, glibc's
// "glibc-ld.so.cache1.1" format), then the standard directories.

import EnvlockFileIO
import Glibc

/// Finds shared libraries by soname through the ld.so cache and the standard directories.
final class LibraryResolver: Sendable {
  /// The resolver for this host, with the cache read once.
  static let shared = LibraryResolver(cachePath: "/etc/ld.so.cache")

  private let cache: [String: [String]]
  private let standardDirectories: [String]
  /// The ELF class and machine of each file looked at (nil: not an ELF file), shared by the
  /// threads that resolve at once.
  private let machineOfPath = Locked<[String: (UInt8, UInt16)?]>([:])

  /// Reads the cache at `cachePath`; a missing or unreadable cache leaves only the standard directories.
  init(cachePath: String, multiarch: String? = nil) {
    let bytes = try? InputFile.read(cachePath, .loaderCache).get()
    cache = bytes.map(LibraryResolver.parseCache) ?? [:]
    var uts = utsname()
    uname(&uts)
    let machine = withUnsafePointer(to: &uts.machine) {
      String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
    }
    let triple = multiarch ?? (machine == "x86_64" ? "x86_64-linux-gnu" : "\(machine)-linux-gnu")
    standardDirectories = [
      "/lib/\(triple)", "/usr/lib/\(triple)", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
      "/usr/local/lib",
    ]
  }

  /// The path the loader would use for `soname`, only files of the same ELF class and machine.
  func resolve(_ soname: String, machine: UInt16, elfClass: UInt8) -> String? {
    if soname.contains("/") { return FileSystem.exists(soname) ? soname : nil }
    let candidates = (cache[soname] ?? []) + standardDirectories.map { joinPath($0, soname) }
    // The loader skips files of another class or machine (say, a 32-bit copy), and so do we.
    for path in candidates {
      guard let kind = kind(of: path) else { continue }
      if kind.0 == elfClass && kind.1 == machine { return path }
    }
    return nil
  }

  private func kind(of path: String) -> (UInt8, UInt16)? {
    if let known = machineOfPath.withLock({ $0[path] }) { return known }
    var result: (UInt8, UInt16)?
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd >= 0 {
      var header = [UInt8](repeating: 0, count: 20)
      if pread(fd, &header, 20, 0) == 20, header[0] == 0x7F, header[1] == 0x45, header[2] == 0x4C,
        header[3] == 0x46
      {
        let little = header[5] != 2
        let machine =
          little ? UInt16(header[18]) | UInt16(header[19]) << 8 : UInt16(header[18]) << 8 | UInt16(header[19])
        result = (header[4], machine)
      }
      close(fd)
    }
    machineOfPath.withLock { $0[path] = .some(result) }
    return result
  }

  /// Parses glibc's ld.so.cache (new format, possibly after an old-format block) into soname → paths.
  static func parseCache(_ bytes: [UInt8]) -> [String: [String]] {
    let magic = Array("glibc-ld.so.cache1.1".utf8)
    guard bytes.count >= 48 else { return [:] }
    var base = -1
    var i = 0
    while i + magic.count <= bytes.count {
      if bytes[i] == magic[0] && bytes[i..<(i + magic.count)].elementsEqual(magic) {
        base = i
        break
      }
      i += 1
      if i > 1 << 20 { break }
    }
    guard base >= 0, base + 48 <= bytes.count else { return [:] }
    func u32(_ o: Int) -> Int {
      guard o + 4 <= bytes.count else { return 0 }
      return Int(bytes[o]) | Int(bytes[o + 1]) << 8 | Int(bytes[o + 2]) << 16 | Int(bytes[o + 3]) << 24
    }
    let count = u32(base + 20)
    var result: [String: [String]] = [:]
    func string(_ offset: Int) -> String? {
      let start = base + offset
      guard offset > 0, start < bytes.count else { return nil }
      // A name ends within PATH_MAX bytes, or the entry is skipped: no scan runs to the end of
      // the file once per entry.
      let limit = min(bytes.count, start + Int(PATH_MAX))
      let end = bytes.withUnsafeBytes { raw in
        memchr(raw.baseAddress! + start, 0, limit - start).map { UnsafeRawPointer($0) - raw.baseAddress! }
      }
      guard let end = end ?? (limit == bytes.count ? limit : nil) else { return nil }
      return String(decoding: bytes[start..<end], as: UTF8.self)
    }
    for n in 0..<count {
      let entry = base + 48 + n * 24
      guard entry + 24 <= bytes.count else { break }
      guard let key = string(u32(entry + 4)), let value = string(u32(entry + 8)) else { continue }
      result[key, default: []].append(value)
    }
    return result
  }
}
