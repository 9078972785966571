// A minimal ELF reader (System V gABI): the header, and from the dynamic section the
// DT_NEEDED, DT_SONAME, DT_RPATH and DT_RUNPATH strings. It reads only the bytes it needs
// with pread, so large shared libraries cost a few small reads.

import Glibc

/// Why a file could not be read as ELF.
enum ELFError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file could not be opened or read.
  case unreadable(path: String, code: Int32)
  /// The file does not start with the ELF magic.
  case notELF(path: String)
  /// The file is ELF but a header or table lies outside the file.
  case malformed(path: String, what: String)

  var description: String {
    switch self {
    case .unreadable(let path, let code): return "\(path): \(String(cString: strerror(code)))"
    case .notELF(let path): return "\(path): not an ELF file"
    case .malformed(let path, let what): return "\(path): malformed ELF (\(what))"
    }
  }
}

/// The dynamic-linking facts of one ELF file.
struct ELFFile: Sendable, Hashable {
  /// `ELFCLASS32` (1) or `ELFCLASS64` (2).
  var elfClass: UInt8
  /// `e_machine`, for example 62 for x86-64.
  var machine: UInt16
  /// `e_type`: 2 executable, 3 shared object.
  var type: UInt16
  /// DT_NEEDED entries, in order.
  var needed: [String]
  /// DT_SONAME.
  var soname: String?
  /// DT_RUNPATH (or DT_RPATH when there is no RUNPATH) split on `:`.
  var runPaths: [String]

  /// True when the first four bytes are the ELF magic.
  static func hasMagic(path: String) -> Bool {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var magic: UInt32 = 0
    return pread(fd, &magic, 4, 0) == 4 && magic == 0x464C_457F
  }

  /// Reads the ELF header and dynamic section of `path`.
  init(path: String) throws(ELFError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 { throw .unreadable(path: path, code: errno) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw .unreadable(path: path, code: errno) }
    let fileSize = Int(st.st_size)
    let reader = Reader(fd: fd, size: fileSize, path: path)

    let ident = try reader.bytes(at: 0, count: 64 <= fileSize ? 64 : 52)
    guard ident.count >= 52, ident[0] == 0x7F, ident[1] == 0x45, ident[2] == 0x4C, ident[3] == 0x46 else {
      throw .notELF(path: path)
    }
    let is64 = ident[4] == 2
    let little = ident[5] != 2
    guard ident[4] == 1 || ident[4] == 2 else { throw .malformed(path: path, what: "unknown class") }
    var header = FieldReader(bytes: ident, little: little)
    elfClass = ident[4]
    type = header.u16(16)
    machine = header.u16(18)
    let shoff = is64 ? Int(header.u64(40)) : Int(header.u32(32))
    let shentsize = Int(header.u16(is64 ? 58 : 46))
    let shnum = Int(header.u16(is64 ? 60 : 48))
    let phoff = is64 ? Int(header.u64(32)) : Int(header.u32(28))
    let phentsize = Int(header.u16(is64 ? 54 : 42))
    let phnum = Int(header.u16(is64 ? 56 : 44))

    needed = []
    soname = nil
    runPaths = []

    // Locate the dynamic table and its string table: section headers first, else program headers.
    var dynamic: (offset: Int, size: Int)?
    var strtab: (offset: Int, size: Int)?
    if shoff > 0, shnum > 0, shentsize >= (is64 ? 64 : 40), shentsize <= 256, shnum < 65_536 {
      let table = try reader.bytes(at: shoff, count: shnum * shentsize)
      var f = FieldReader(bytes: table, little: little)
      for i in 0..<shnum {
        let base = i * shentsize
        if f.u32(base + 4) == 6 {  // SHT_DYNAMIC
          let off = is64 ? Int(f.u64(base + 24)) : Int(f.u32(base + 16))
          let size = is64 ? Int(f.u64(base + 32)) : Int(f.u32(base + 20))
          let link = Int(f.u32(base + (is64 ? 40 : 24)))
          dynamic = (off, size)
          if link < shnum {
            let lb = link * shentsize
            let soff = is64 ? Int(f.u64(lb + 24)) : Int(f.u32(lb + 16))
            let ssize = is64 ? Int(f.u64(lb + 32)) : Int(f.u32(lb + 20))
            strtab = (soff, ssize)
          }
          break
        }
      }
    }
    var loads: [(vaddr: Int, offset: Int, filesz: Int)] = []
    if dynamic == nil, phoff > 0, phnum > 0, phentsize >= (is64 ? 56 : 32), phentsize <= 256, phnum < 65_536 {
      let table = try reader.bytes(at: phoff, count: phnum * phentsize)
      var f = FieldReader(bytes: table, little: little)
      for i in 0..<phnum {
        let base = i * phentsize
        let ptype = f.u32(base)
        let off = is64 ? Int(f.u64(base + 8)) : Int(f.u32(base + 4))
        let vaddr = is64 ? Int(f.u64(base + 16)) : Int(f.u32(base + 8))
        let filesz = is64 ? Int(f.u64(base + 32)) : Int(f.u32(base + 16))
        if ptype == 1 { loads.append((vaddr, off, filesz)) }
        if ptype == 2 { dynamic = (off, filesz) }
      }
    }
    guard let dynamic else { return }  // statically linked: nothing needed
    guard dynamic.size >= 0, dynamic.size < 16 << 20 else {
      throw .malformed(path: path, what: "dynamic section size")
    }
    let dyn = try reader.bytes(at: dynamic.offset, count: dynamic.size)
    var d = FieldReader(bytes: dyn, little: little)
    let entrySize = is64 ? 16 : 8
    var neededOffsets: [Int] = []
    var sonameOffset: Int?
    var rpathOffset: Int?
    var runpathOffset: Int?
    var strtabAddress: Int?
    var strtabSize: Int?
    var i = 0
    while i + entrySize <= dyn.count {
      let tag = is64 ? Int(Int64(bitPattern: d.u64(i))) : Int(Int32(bitPattern: d.u32(i)))
      let value = is64 ? Int(truncatingIfNeeded: d.u64(i + 8)) : Int(d.u32(i + 4))
      switch tag {
      case 0: i = dyn.count
      case 1: neededOffsets.append(value)
      case 5: strtabAddress = value
      case 10: strtabSize = value
      case 14: sonameOffset = value
      case 15: rpathOffset = value
      case 29: runpathOffset = value
      default: break
      }
      i += entrySize
    }
    if strtab == nil, let address = strtabAddress {
      // Map the string table's virtual address to a file offset through the PT_LOAD segments.
      for load in loads where address >= load.vaddr && address < load.vaddr + load.filesz {
        strtab = (load.offset + address - load.vaddr, strtabSize ?? (load.filesz - (address - load.vaddr)))
        break
      }
    }
    guard let strtab, strtab.size >= 0, strtab.size < 64 << 20 else {
      if neededOffsets.isEmpty { return }
      throw .malformed(path: path, what: "no dynamic string table")
    }
    let strings = try reader.bytes(at: strtab.offset, count: strtab.size)
    // Each string ends within PATH_MAX bytes or is left out, and there are at most 4,096
    // DT_NEEDED entries: a crafted file cannot make the scans quadratic.
    func string(_ offset: Int) -> String? {
      guard offset >= 0, offset < strings.count else { return nil }
      let limit = min(strings.count, offset + Int(PATH_MAX))
      let end = strings.withUnsafeBytes { raw in
        memchr(raw.baseAddress! + offset, 0, limit - offset).map { UnsafeRawPointer($0) - raw.baseAddress! }
      }
      // No terminator: the string runs to the end of the table, unless that is too far.
      guard let end = end ?? (limit == strings.count ? limit : nil) else { return nil }
      return String(decoding: strings[offset..<end], as: UTF8.self)
    }
    guard neededOffsets.count <= 4096 else {
      throw .malformed(path: path, what: "too many DT_NEEDED entries")
    }
    needed = neededOffsets.compactMap(string)
    soname = sonameOffset.flatMap(string)
    if let paths = (runpathOffset ?? rpathOffset).flatMap(string) {
      runPaths = paths.split(separator: ":").map(String.init)
    }
  }

  private struct Reader {
    var fd: Int32
    var size: Int
    var path: String

    func bytes(at offset: Int, count: Int) throws(ELFError) -> [UInt8] {
      guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
        throw .malformed(path: path, what: "table outside the file")
      }
      var out = [UInt8](repeating: 0, count: count)
      var done = 0
      while done < count {
        let n = out.withUnsafeMutableBytes {
          pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done))
        }
        if n < 0 {
          if errno == EINTR { continue }
          throw .unreadable(path: path, code: errno)
        }
        if n == 0 { throw .malformed(path: path, what: "short read") }
        done += n
      }
      return out
    }
  }

  private struct FieldReader {
    var bytes: [UInt8]
    var little: Bool

    mutating func u16(_ o: Int) -> UInt16 {
      guard o + 2 <= bytes.count else { return 0 }
      let a = UInt16(bytes[o])
      let b = UInt16(bytes[o + 1])
      return little ? a | b << 8 : a << 8 | b
    }

    mutating func u32(_ o: Int) -> UInt32 {
      guard o + 4 <= bytes.count else { return 0 }
      var v: UInt32 = 0
      for k in 0..<4 {
        let byte = UInt32(bytes[o + (little ? 3 - k : k)])
        v = v << 8 | byte
      }
      return v
    }

    mutating func u64(_ o: Int) -> UInt64 {
      guard o + 8 <= bytes.count else { return 0 }
      var v: UInt64 = 0
      for k in 0..<8 {
        let byte = UInt64(bytes[o + (little ? 7 - k : k)])
        v = v << 8 | byte
      }
      return v
    }
  }
}
