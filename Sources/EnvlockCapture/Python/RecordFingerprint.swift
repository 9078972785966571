// RECORD (PEP 376, wheel spec): `path,hash,size` CSV lines. The summary counts lines and bytes
// and fingerprints the payload: SHA-256 over the sorted `path,hash,size` lines, leaving out what
// differs between installers or install locations for the same wheel:
//   - INSTALLER, REQUESTED, RECORD, direct_url.json, uv_cache.json, uv_build.json in the
//     metadata directory (written by the installer, not shipped in the wheel);
//   - `.pyc` lines (compiled by some installers, not others);
//   - entries outside the site directory (`../` or absolute: console scripts, whose shebang
//     holds the venv's absolute path, and data or header files).

import EnvlockFileIO
import EnvlockModel
import Glibc

/// What RECORD says, plus the file lists later probes need.
struct RecordContents: Sendable {
  /// The summary stored in the snapshot.
  var summary: RecordSummary
  /// Paths (relative to the site directory) of files that look like shared objects.
  var sharedObjects: [String]
  /// Lines that could not be parsed (1-based line numbers).
  var badLines: [Int]
}

enum RecordFingerprint {
  /// Files an installer writes into the metadata directory; never part of the fingerprint.
  static let installerFiles: Set<String> = [
    "INSTALLER", "REQUESTED", "RECORD", "direct_url.json", "uv_cache.json", "uv_build.json",
  ]

  /// Parses RECORD bytes of the metadata directory named `metadataDirectory` (e.g. `x-1.0.dist-info`).
  /// Unquoted lines (nearly all) are handled as byte ranges of `bytes`, without copying.
  static func parse(_ bytes: [UInt8], metadataDirectory: String) -> RecordContents {
    var payload: [Range<Int>] = []
    var quotedPayload: [[UInt8]] = []
    var sharedObjects: [String] = []
    var badLines: [Int] = []
    var count = 0
    var total: Int64 = 0
    let prefix = Array((metadataDirectory + "/").utf8)
    var lineNumber = 0
    var start = 0
    let n = bytes.count
    payload.reserveCapacity(n / 60)
    bytes.withUnsafeBufferPointer { buf in
      let base = buf.baseAddress
      /// The position of the first `byte` in `from..<to`, or nil (memchr: most of the scan).
      func find(_ byte: UInt8, _ from: Int, _ to: Int) -> Int? {
        guard from < to, let base, let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
      }
      while start < n {
        let end = find(0x0A, start, n) ?? n
        let quoted = find(0x22, start, end) != nil
        let firstComma = find(0x2C, start, end) ?? -1
        let secondComma = firstComma < 0 ? -1 : find(0x2C, firstComma + 1, end) ?? -1
        let commas =
          firstComma < 0 ? 0 : secondComma < 0 ? 1 : find(0x2C, secondComma + 1, end) == nil ? 2 : 3
        lineNumber += 1
        var lineEnd = end
        if lineEnd > start && buf[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        let lineStart = start
        start = end + 1
        if lineEnd == lineStart { continue }
        count += 1
        let path: Range<Int>
        let size: Range<Int>
        if quoted || commas != 2 {
          // The general case: RFC 4180 quoting or trailing empty fields.
          guard let fields = splitCSV(bytes, lineStart, lineEnd), fields.count >= 3,
            fields.count == 3 || fields[3...].allSatisfy(\.isEmpty)
          else {
            badLines.append(lineNumber)
            continue
          }
          guard let parsedSize = parseInt(fields[2][...]) else {
            badLines.append(lineNumber)
            continue
          }
          total += parsedSize
          let p = fields[0]
          if p.isEmpty || isOutside(p[...]) || hasSuffix(p[...], pyc) || isInstallerFile(p[...], prefix) {
            continue
          }
          if looksLikeSharedObject(p) { sharedObjects.append(String(decoding: p, as: UTF8.self)) }
          quotedPayload.append(p + [0x2C] + fields[1] + [0x2C] + fields[2])
          continue
        }
        path = lineStart..<firstComma
        size = (secondComma + 1)..<lineEnd
        guard let parsedSize = parseInt(buf[size]) else {
          badLines.append(lineNumber)
          continue
        }
        total += parsedSize
        let p = buf[path]
        if p.isEmpty {
          badLines.append(lineNumber)
          continue
        }
        if isOutside(p) || hasSuffix(p, pyc) || isInstallerFile(p, prefix) { continue }
        if mayBeSharedObject(p), looksLikeSharedObject(Array(p)) {
          sharedObjects.append(String(decoding: p, as: UTF8.self))
        }
        payload.append(lineStart..<lineEnd)
      }
    }
    // Quoted lines were rebuilt unquoted; append them to a copy so every line is a range of one buffer.
    var storage = bytes
    for line in quotedPayload {
      let s = storage.count
      storage += line
      payload.append(s..<storage.count)
    }
    // The sorted lines are joined into one buffer and hashed in one call (per-line calls into
    // the hash cost more than the hashing itself).
    var joined: [UInt8] = []
    joined.reserveCapacity(payload.reduce(0) { $0 + $1.count + 1 })
    storage.withUnsafeBytes { raw in
      payload.sort { a, b in
        let m = memcmp(
          raw.baseAddress! + a.lowerBound, raw.baseAddress! + b.lowerBound, min(a.count, b.count))
        return m != 0 ? m < 0 : a.count < b.count
      }
      for line in payload {
        joined.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[line]))
        joined.append(0x0A)
      }
    }
    let digest = EnvlockModel.Digest.sha256(joined)
    return RecordContents(
      summary: RecordSummary(fileCount: count, totalSize: total, contentFingerprint: digest),
      sharedObjects: sharedObjects, badLines: badLines)
  }

  private static let pyc = Array(".pyc".utf8)

  /// `../...` or absolute: outside the site directory.
  private static func isOutside<C: Collection>(_ p: C) -> Bool where C.Element == UInt8, C.Index == Int {
    let s = p.startIndex
    if p[s] == 0x2F { return true }
    return p.count >= 3 && p[s] == 0x2E && p[s + 1] == 0x2E && p[s + 2] == 0x2F
  }

  /// An installer-written file directly inside the metadata directory.
  private static func isInstallerFile<C: Collection>(_ p: C, _ prefix: [UInt8]) -> Bool
  where C.Element == UInt8, C.Index == Int {
    guard p.count > prefix.count, p.prefix(prefix.count).elementsEqual(prefix) else { return false }
    let rest = p.dropFirst(prefix.count)
    if rest.contains(0x2F) { return false }
    return installerFiles.contains(String(decoding: rest, as: UTF8.self))
  }

  private static func hasSuffix<C: Collection>(_ p: C, _ suffix: [UInt8]) -> Bool
  where C.Element == UInt8, C.Index == Int {
    p.count >= suffix.count && p.suffix(suffix.count).elementsEqual(suffix)
  }

  /// A cheap pre-check: the path contains `.so`.
  private static func mayBeSharedObject(_ p: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    guard let base = p.base.baseAddress else { return false }
    var i = p.startIndex
    while i + 2 < p.endIndex, let dot = memchr(base + i, 0x2E, p.endIndex - 2 - i) {
      i = UnsafeRawPointer(dot) - UnsafeRawPointer(base)
      if p[i + 1] == 0x73 && p[i + 2] == 0x6F { return true }
      i += 1
    }
    return false
  }

  /// Splits one CSV line (RFC 4180 quoting, as Python's `csv` module writes it).
  static func splitCSV(_ bytes: [UInt8], _ start: Int, _ end: Int) -> [[UInt8]]? {
    var fields: [[UInt8]] = []
    var field: [UInt8] = []
    var i = start
    var quoted = false
    var atFieldStart = true
    while i < end {
      let c = bytes[i]
      if quoted {
        if c == 0x22 {
          if i + 1 < end && bytes[i + 1] == 0x22 {
            field.append(0x22)
            i += 1
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == 0x22 && atFieldStart {
        quoted = true
        atFieldStart = false
      } else if c == 0x2C {
        fields.append(field)
        field = []
        atFieldStart = true
      } else {
        field.append(c)
        atFieldStart = false
      }
      i += 1
    }
    if quoted { return nil }
    fields.append(field)
    return fields
  }

  /// `.so`, `.so.N...` or a Python extension suffix such as `.cpython-311-x86_64-linux-gnu.so`.
  static func looksLikeSharedObject(_ path: [UInt8]) -> Bool {
    if endsWith(path, ".so") { return true }
    // `libfoo.so.1.2`: ".so." followed by digits and dots only, in the last component.
    var lastSlash = -1
    for (i, c) in path.enumerated() where c == 0x2F { lastSlash = i }
    let name = path[(lastSlash + 1)...]
    guard let range = findSubsequence(Array(name), Array(".so.".utf8)) else { return false }
    return name.dropFirst(range + 4).allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E }
  }

  private static func findSubsequence(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle)
    {
      return i
    }
    return nil
  }

  private static func endsWith(_ bytes: [UInt8], _ suffix: String) -> Bool {
    let s = Array(suffix.utf8)
    return bytes.count >= s.count && bytes[(bytes.count - s.count)...].elementsEqual(s)
  }

  /// A non-negative decimal size; an empty field is 0 (RECORD's own line has no size).
  private static func parseInt<C: Collection>(_ bytes: C) -> Int64? where C.Element == UInt8 {
    if bytes.isEmpty { return 0 }
    guard bytes.count <= 18 else { return nil }
    var v: Int64 = 0
    for c in bytes {
      guard c >= 0x30 && c <= 0x39 else { return nil }
      v = v * 10 + Int64(c - 0x30)
    }
    return v
  }
}
