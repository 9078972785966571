// tar (POSIX pax) + zstd through libarchive: deterministic writing and bounded, strict reading.

import CArchive
import CZstd
import EnvlockDiagnostics
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
  static func tar(_ members: [TarMember], mtime: Int64) throws(TarProblem) -> [UInt8] {
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
      archive_entry_set_pathname_utf8(entry, member.path)
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

  /// Reads every member of a zstd-compressed tar, rejecting anything but plain regular files
  /// with safe relative paths, and enforcing `limits`.
  static func read(_ bytes: [UInt8], limits: ReadLimits) throws(TarProblem) -> [TarMember] {
    guard let archive = archive_read_new() else { throw .library("archive_read_new failed") }
    defer { archive_read_free(archive) }
    archive_read_support_filter_zstd(archive)
    archive_read_support_format_tar(archive)
    func libraryError(_ what: String) -> TarProblem {
      let message = archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
      return .library("\(what): \(message)")
    }
    var members: [TarMember] = []
    var seen = Set<String>()
    var total = 0
    let result: Result<[TarMember], TarProblem> = bytes.withUnsafeBytes { raw in
      if archive_read_open_memory(archive, raw.baseAddress, raw.count) != ARCHIVE_OK {
        return .failure(libraryError("not a zstd-compressed tar archive"))
      }
      // A raw (uncompressed) stream or another filter is refused: .envlock is always zstd.
      var entry: OpaquePointer?
      while true {
        let status = archive_read_next_header(archive, &entry)
        if status == ARCHIVE_EOF { break }
        if status != ARCHIVE_OK && status != ARCHIVE_WARN { return .failure(libraryError("corrupt archive")) }
        if archive_filter_code(archive, 0) != ARCHIVE_FILTER_ZSTD {
          return .failure(.library("not zstd-compressed (an .envlock archive is tar + zstd)"))
        }
        guard let entry else { return .failure(.library("corrupt archive: missing entry")) }
        let path =
          archive_entry_pathname_utf8(entry).map { String(cString: $0) }
          ?? archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
        if archive_entry_hardlink(entry) != nil {
          return .failure(.unsupportedType(member: path, type: "hard link"))
        }
        let type = archive_entry_filetype(entry)
        guard type == 0o100000 else { return .failure(.unsupportedType(member: path, type: typeName(type))) }
        guard isSafe(path) else { return .failure(.unsafePath(path)) }
        guard seen.insert(path).inserted else { return .failure(.duplicate(path)) }
        guard members.count < limits.maxMembers else {
          return .failure(.tooManyMembers(limit: limits.maxMembers))
        }
        let declared = archive_entry_size_is_set(entry) != 0 ? Int(archive_entry_size(entry)) : 0
        if declared > limits.maxMemberBytes {
          return .failure(.tooLarge(member: path, size: declared, limit: limits.maxMemberBytes))
        }
        var data: [UInt8] = []
        data.reserveCapacity(declared)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
          let n = chunk.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
          if n == 0 { break }
          if n < 0 { return .failure(libraryError("corrupt data in member \(path)")) }
          data.append(contentsOf: chunk[0..<n])
          if data.count > limits.maxMemberBytes {
            return .failure(.tooLarge(member: path, size: data.count, limit: limits.maxMemberBytes))
          }
          total += n
          if total > limits.maxTotalBytes { return .failure(.totalTooLarge(limit: limits.maxTotalBytes)) }
        }
        members.append(TarMember(path: path, bytes: data))
      }
      return .success(members)
    }
    return try result.get()
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
