// tar (POSIX pax) + zstd through libarchive: deterministic writing and bounded, strict reading.

import CArchive
import CZstd
import EnvlockDiagnostics
import EnvlockModel
import Foundation

/// One regular file inside a tar archive.
struct TarMember: Sendable, Equatable {
  var path: String
  var bytes: [UInt8]
}

/// Limits that keep hostile archives from exhausting memory.
public struct ReadLimits: Sendable {
  /// Largest compressed archive file accepted, in bytes.
  public var maxArchiveBytes: Int
  /// Largest single member, in bytes (after decompression).
  public var maxMemberBytes: Int
  /// Largest sum of all members, in bytes (after decompression).
  public var maxTotalBytes: Int
  /// Most members accepted.
  public var maxMembers: Int

  /// The defaults: 512 MiB archive, 64 MiB per member, 512 MiB in total, 100,000 members.
  public static let standard = ReadLimits(
    maxArchiveBytes: 512 << 20, maxMemberBytes: 64 << 20, maxTotalBytes: 512 << 20, maxMembers: 100_000)

  /// Creates limits.
  public init(maxArchiveBytes: Int, maxMemberBytes: Int, maxTotalBytes: Int, maxMembers: Int) {
    self.maxArchiveBytes = maxArchiveBytes
    self.maxMemberBytes = maxMemberBytes
    self.maxTotalBytes = maxTotalBytes
    self.maxMembers = maxMembers
  }
}

/// A problem found in the tar layer, before any manifest is looked at.
enum TarProblem: DiagnosticError, Equatable {
  case library(String)
  case unsafePath(String)
  case unsupportedType(member: String, type: String)
  case tooLarge(member: String, size: Int, limit: Int)
  case totalTooLarge(limit: Int)
  case tooManyMembers(limit: Int)
  case duplicate(String)
  /// A member name that is not valid UTF-8 (shown with its invalid bytes escaped as `\xHH`).
  case invalidName(String)
  /// Bytes outside the members: after the zstd frame, or not zero after the tar end-of-archive marker.
  case hiddenData(String)

  /// What libarchive or the reader's limits refused (`ArchiveError` names the file when reading).
  var message: String {
    switch self {
    case .library(let reason): return "libarchive failed: \(reason)"
    case .unsafePath(let member): return "Unsafe member path: \(member)"
    case .unsupportedType(let member, let type): return "Member is a \(type), not a regular file: \(member)"
    case .tooLarge(let member, let size, let limit):
      return "Member `\(member)` is at least \(size) bytes, more than the \(limit)-byte limit"
    case .totalTooLarge(let limit): return "Members add up to more than \(limit) bytes"
    case .tooManyMembers(let limit): return "More than \(limit) members"
    case .duplicate(let member): return "The same member twice: \(member)"
    case .invalidName(let member): return "A member name is not valid UTF-8: \(member)"
    case .hiddenData(let reason): return "Data outside the members: \(reason)"
    }
  }
}

enum TarZstd {
  /// The zstd level used for every archive (fixed so output is byte-stable): zstd's default. A
  /// manifest is mostly SHA-256 hex, which higher levels do not shrink further; on a 100,000-file
  /// archive level 10 took 5x as long and wrote a larger file (Docs/format.md).
  static let compressionLevel = 3

  /// Writes members, in the given order, as a pax tar compressed with zstd (checksummed frame).
  static func write(_ members: [TarMember], mtime: Int64) throws(TarProblem) -> [UInt8] {
    try compress(try tar(members, mtime: mtime))
  }

  /// Compresses bytes as one zstd frame with content size and checksum, at `compressionLevel`.
  static func compress(_ input: [UInt8]) throws(TarProblem) -> [UInt8] {
    guard let context = ZSTD_createCCtx() else { throw .library("ZSTD_createCCtx failed") }
    defer { ZSTD_freeCCtx(context) }
    ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, Int32(compressionLevel))
    ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
    ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 1)
    var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
    let written = output.withUnsafeMutableBytes { out in
      input.withUnsafeBytes { inp in
        ZSTD_compress2(context, out.baseAddress, out.count, inp.baseAddress, inp.count)
      }
    }
    if ZSTD_isError(written) != 0 {
      throw .library("zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
    }
    output.removeSubrange(written...)
    return output
  }

  /// Writes members, in the given order, as an uncompressed pax tar.
  ///
  /// Names are handed to libarchive as raw bytes under a UTF-8 `LC_CTYPE`: in the C locale (every
  /// Swift process, which never calls `setlocale`) libarchive 3.6 cannot convert a non-ASCII name
  /// and crashes in `archive_write_header`, and a name set with `archive_entry_set_pathname_utf8`
  /// is normalized to NFC on its way to the pax header. Raw bytes in a UTF-8 locale are written
  /// unchanged: an ASCII name in the ustar header, any other in a pax `path` record.
  static func tar(_ members: [TarMember], mtime: Int64) throws(TarProblem) -> [UInt8] {
    guard let locale = Locales.utf8 else {
      if let member = members.first(where: { !$0.path.utf8.allSatisfy { $0 < 0x80 } }) {
        throw .library("no UTF-8 locale to write the non-ASCII member name \(member.path)")
      }
      return try tarInCurrentLocale(members, mtime: mtime)
    }
    return try Locales.with(locale) { () throws(TarProblem) in try tarInCurrentLocale(members, mtime: mtime) }
  }

  private static func tarInCurrentLocale(_ members: [TarMember], mtime: Int64) throws(TarProblem) -> [UInt8] {
    final class Sink {
      var bytes: [UInt8] = []
    }
    let sink = Sink()
    guard let archive = archive_write_new() else { throw .library("archive_write_new failed") }
    defer { archive_write_free(archive) }
    func check(_ code: Int32, _ what: String) throws(TarProblem) {
      if code != ARCHIVE_OK {
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "error \(code)"
        throw .library("\(what): \(message)")
      }
    }
    try check(archive_write_set_format_pax_restricted(archive), "set format")
    try check(archive_write_set_bytes_in_last_block(archive, 1), "set last block")
    let context = Unmanaged.passUnretained(sink).toOpaque()
    let writeCallback:
      @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeRawPointer?, Int) -> Int = {
        _, client, buffer, length in
        guard let client, let buffer else { return -1 }
        let sink = Unmanaged<Sink>.fromOpaque(client).takeUnretainedValue()
        sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
        return length
      }
    try check(archive_write_open2(archive, context, nil, writeCallback, nil, nil), "open")
    for member in members {
      guard let entry = archive_entry_new() else { throw .library("archive_entry_new failed") }
      defer { archive_entry_free(entry) }
      archive_entry_copy_pathname(entry, member.path)
      archive_entry_set_filetype(entry, 0o100000)  // AE_IFREG is a macro Swift cannot import
      archive_entry_set_perm(entry, 0o644)
      archive_entry_set_size(entry, la_int64_t(member.bytes.count))
      archive_entry_set_mtime(entry, time_t(mtime), 0)
      archive_entry_set_uid(entry, 0)
      archive_entry_set_gid(entry, 0)
      try check(archive_write_header(archive, entry), "write header for \(member.path)")
      if !member.bytes.isEmpty {
        let written = member.bytes.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, $0.count) }
        if written != member.bytes.count { try check(Int32(ARCHIVE_FATAL), "write data for \(member.path)") }
      }
    }
    try check(archive_write_close(archive), "close")
    return sink.bytes
  }

  /// The largest tar stream `limits` allow: the members, plus a generous 4 KiB of headers per member
  /// (a pax header with a long path included) and the end-of-archive marker and block padding.
  static func maxTarBytes(_ limits: ReadLimits) -> Int {
    limits.maxTotalBytes + 4096 * (limits.maxMembers + 1) + 10_240
  }

  /// Reads every member of a zstd-compressed tar, rejecting anything but plain regular files
  /// with safe relative paths, and enforcing `limits`. The file must be exactly one zstd frame;
  /// the tar inside must end with its end-of-archive marker followed by zero bytes only; member
  /// names are taken as the raw bytes of the archive and must be valid UTF-8.
  static func read(_ bytes: [UInt8], limits: ReadLimits) throws(TarProblem) -> [TarMember] {
    let result = bytes.withUnsafeBytes { raw in
      Result { () throws(TarProblem) -> [TarMember] in
        try checkSingleFrame(raw, limits: limits)
        let frame = try FrameReader(raw, limit: maxTarBytes(limits), totalLimit: limits.maxTotalBytes)
        // The C locale: libarchive then hands out every name as the bytes the archive holds (a
        // UTF-8 locale would normalize pax names to NFC).
        return try Locales.with(Locales.c) { () throws(TarProblem) in try readTar(frame, limits: limits) }
      }
    }
    return try result.get()
  }

  /// The zstd magic number, little-endian, that starts every frame.
  static let zstdMagic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

  /// Checks that `raw` is one zstd frame and nothing else, small enough to decompress.
  private static func checkSingleFrame(_ raw: UnsafeRawBufferPointer, limits: ReadLimits) throws(TarProblem) {
    guard raw.count >= 4, raw.prefix(4).elementsEqual(zstdMagic) else {
      throw .library("not zstd-compressed (an .envlock archive is tar + zstd)")
    }
    let frameSize = ZSTD_findFrameCompressedSize(raw.baseAddress, raw.count)
    if ZSTD_isError(frameSize) != 0 {
      throw .library("corrupt zstd frame: \(String(cString: ZSTD_getErrorName(frameSize)))")
    }
    if frameSize != raw.count {
      let extra = raw.count - frameSize
      let next = raw[frameSize...].starts(with: zstdMagic) ? "a second zstd frame" : "\(extra) bytes"
      throw .hiddenData("\(next) after the zstd frame (\(extra) bytes from offset \(frameSize))")
    }
    // The declared size, when the frame has one, stops a decompression bomb before it starts.
    let declared = ZSTD_getFrameContentSize(raw.baseAddress, raw.count)
    if declared < UInt64.max - 1, declared > UInt64(maxTarBytes(limits)) {
      throw .totalTooLarge(limit: limits.maxTotalBytes)
    }
  }

  private static func readTar(_ frame: FrameReader, limits: ReadLimits) throws(TarProblem) -> [TarMember] {
    guard let archive = archive_read_new() else { throw .library("archive_read_new failed") }
    defer { archive_read_free(archive) }
    archive_read_support_format_tar(archive)
    func libraryError(_ what: String) -> TarProblem {
      if let failure = frame.failure { return failure }
      let message = archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
      return .library("\(what): \(message)")
    }
    var members: [TarMember] = []
    var seen = Set<String>()
    var total = 0
    let context = Unmanaged.passUnretained(frame).toOpaque()
    let readCallback:
      @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafeRawPointer?>?) ->
        la_ssize_t = { _, client, buffer in
          guard let client, let buffer else { return -1 }
          let frame = Unmanaged<FrameReader>.fromOpaque(client).takeUnretainedValue()
          guard let chunk = frame.next() else { return -1 }
          buffer.pointee = chunk.baseAddress
          return chunk.count
        }
    if archive_read_open2(archive, context, nil, readCallback, nil, nil) != ARCHIVE_OK {
      throw libraryError("not a zstd-compressed tar archive")
    }
    var entry: OpaquePointer?
    while true {
      let status = archive_read_next_header(archive, &entry)
      if status == ARCHIVE_EOF { break }
      // A warning is what the C locale gives for every non-ASCII name: it cannot be converted.
      if status != ARCHIVE_OK && status != ARCHIVE_WARN { throw libraryError("corrupt archive") }
      guard let entry else { throw .library("corrupt archive: missing entry") }
      guard let name = archive_entry_pathname(entry) ?? archive_entry_pathname_utf8(entry) else {
        throw .library("corrupt archive: a member has no name")
      }
      let nameBytes = UnsafeRawBufferPointer(start: name, count: strlen(name))
      guard let path = String(validating: nameBytes, as: UTF8.self) else {
        throw .invalidName(EscapedName.escape(nameBytes))
      }
      if archive_entry_hardlink(entry) != nil { throw .unsupportedType(member: path, type: "hard link") }
      let type = archive_entry_filetype(entry)
      guard type == 0o100000 else { throw .unsupportedType(member: path, type: typeName(type)) }
      guard isSafe(path) else { throw .unsafePath(path) }
      // Canonically equivalent names (NFC and NFD) count as the same member: no reader could
      // tell them apart by name.
      guard seen.insert(path).inserted else { throw .duplicate(path) }
      guard members.count < limits.maxMembers else { throw .tooManyMembers(limit: limits.maxMembers) }
      let declared = archive_entry_size_is_set(entry) != 0 ? Int(archive_entry_size(entry)) : 0
      if declared > limits.maxMemberBytes {
        throw .tooLarge(member: path, size: declared, limit: limits.maxMemberBytes)
      }
      var data: [UInt8] = []
      data.reserveCapacity(max(0, declared))
      var chunk = [UInt8](repeating: 0, count: 64 * 1024)
      while true {
        let n = chunk.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
        if n == 0 { break }
        if n < 0 { throw libraryError("corrupt data in member \(path)") }
        data.append(contentsOf: chunk[0..<n])
        if data.count > limits.maxMemberBytes {
          throw .tooLarge(member: path, size: data.count, limit: limits.maxMemberBytes)
        }
        total += n
        if total > limits.maxTotalBytes { throw .totalTooLarge(limit: limits.maxTotalBytes) }
      }
      members.append(TarMember(path: path, bytes: data))
    }
    // Where the end-of-archive marker starts; everything from there to the end of the frame must
    // be zeros: the two zero blocks of the marker, then at most zero padding.
    let end = Int(archive_read_header_position(archive))
    try frame.drain()
    if frame.lastNonZero >= end {
      throw .hiddenData("non-zero bytes after the tar end-of-archive marker (at offset \(frame.lastNonZero))")
    }
    if frame.produced - end < 1024 { throw .library("the tar archive has no end-of-archive marker") }
    return members
  }

  /// A member path is safe when it is relative, `/`-separated, and has no empty, `.` or `..` parts.
  static func isSafe(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.utf8.contains(0) else {
      return false
    }
    return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
      !$0.isEmpty && $0 != "." && $0 != ".."
    }
  }

  private static func typeName(_ type: mode_t) -> String {
    switch type {
    case 0o120000: return "symbolic link"
    case 0o040000: return "directory"
    case 0o020000: return "character device"
    case 0o060000: return "block device"
    case 0o010000: return "FIFO"
    case 0o140000: return "socket"
    default: return "type \(String(type, radix: 8))"
    }
  }
}

/// Decompresses one zstd frame in chunks for libarchive, and keeps what the reader needs to check
/// the tail: the bytes produced so far and the offset of the last non-zero one.
private final class FrameReader {
  private let context: OpaquePointer
  private let input: UnsafeRawBufferPointer
  private var inputPosition = 0
  private let output: UnsafeMutableRawBufferPointer
  private let limit: Int
  private let totalLimit: Int
  /// Decompressed bytes handed out so far.
  private(set) var produced = 0
  /// The offset of the last non-zero decompressed byte, or -1.
  private(set) var lastNonZero = -1
  /// True once the frame ended (its checksum verified).
  private(set) var finished = false
  /// Why decompression stopped early.
  private(set) var failure: TarProblem?

  init(_ input: UnsafeRawBufferPointer, limit: Int, totalLimit: Int) throws(TarProblem) {
    guard let context = ZSTD_createDCtx() else { throw .library("ZSTD_createDCtx failed") }
    self.context = context
    self.input = input
    self.limit = limit
    self.totalLimit = totalLimit
    output = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
  }

  deinit {
    ZSTD_freeDCtx(context)
    output.deallocate()
  }

  /// The next decompressed bytes (valid until the next call); empty at the end of the frame, nil
  /// on an error (`failure` says which).
  func next() -> UnsafeRawBufferPointer? {
    if failure != nil { return nil }
    while !finished {
      var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: inputPosition)
      var target = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
      let result = ZSTD_decompressStream(context, &target, &source)
      let progressed = source.pos != inputPosition
      inputPosition = source.pos
      if ZSTD_isError(result) != 0 {
        failure = .library("corrupt zstd data: \(String(cString: ZSTD_getErrorName(result)))")
        return nil
      }
      if result == 0 { finished = true }
      if target.pos > 0 {
        let chunk = UnsafeRawBufferPointer(rebasing: output[0..<target.pos])
        if let last = chunk.lastIndex(where: { $0 != 0 }) { lastNonZero = produced + last }
        produced += target.pos
        if produced > limit {
          failure = .totalTooLarge(limit: totalLimit)
          return nil
        }
        return chunk
      }
      if !finished && !progressed {
        failure = .library("the zstd frame is truncated")
        return nil
      }
    }
    return UnsafeRawBufferPointer(start: nil, count: 0)
  }

  /// Decompresses the rest of the frame (what follows the tar's end marker), checking its checksum.
  func drain() throws(TarProblem) {
    while let chunk = next(), chunk.count > 0 {}
    if let failure { throw failure }
    if inputPosition != input.count { throw .library("the zstd frame ends before the file does") }
  }
}

/// Per-thread `LC_CTYPE` locales for libarchive, whose name conversions follow the thread's locale.
private enum Locales {
  /// C.UTF-8 (built into glibc 2.35 and later), or nil when the system has no UTF-8 locale.
  nonisolated(unsafe) static let utf8: locale_t? = {
    for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
      if let locale = newlocale(LC_CTYPE_MASK, name, nil) { return locale }
    }
    return nil
  }()

  /// The C locale, which always exists.
  nonisolated(unsafe) static let c: locale_t? = newlocale(LC_CTYPE_MASK, "C", nil)

  /// Runs `body` with the calling thread's locale set to `locale`, then restores the previous one.
  static func with<T>(_ locale: locale_t?, _ body: () throws(TarProblem) -> T) throws(TarProblem) -> T {
    guard let locale, let previous = uselocale(locale) else { return try body() }
    defer { uselocale(previous) }
    return try body()
  }
}
