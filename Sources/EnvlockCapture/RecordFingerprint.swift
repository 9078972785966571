// RECORD (PEP 376, wheel spec): `path,hash,size` CSV lines. The summary counts lines and bytes
// and fingerprints the payload: SHA-256 over the sorted `path,hash,size` lines, leaving out what
// differs between installers or install locations for the same wheel:
//   - INSTALLER, REQUESTED, RECORD, direct_url.json, uv_cache.json, uv_build.json in the
//     metadata directory (written by the installer, not shipped in the wheel);
//   - `.pyc` lines (compiled by some installers, not others);
//   - entries outside the site directory (`../` or absolute: console scripts, whose shebang
//     holds the venv's absolute path, and data or header files).

import Crypto
import EnvlockModel

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
  static func parse(_ bytes: [UInt8], metadataDirectory: String) -> RecordContents {
    var payload: [[UInt8]] = []
    var sharedObjects: [String] = []
    var badLines: [Int] = []
    var count = 0
    var total: Int64 = 0
    let prefix = Array((metadataDirectory + "/").utf8)
    var lineNumber = 0
    var start = 0
    let n = bytes.count
    while start < n {
      var end = start
      while end < n && bytes[end] != 0x0A { end += 1 }
      lineNumber += 1
      var lineEnd = end
      if lineEnd > start && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      defer { start = end + 1 }
      if lineEnd == start { continue }
      count += 1
      guard let fields = splitCSV(bytes, start, lineEnd), fields.count >= 3,
        fields.count <= 3 || fields[3...].allSatisfy(\.isEmpty)
      else {
        badLines.append(lineNumber)
        continue
      }
      let path = fields[0]
      let hash = fields[1]
      let sizeField = fields[2]
      var size: Int64 = 0
      if !sizeField.isEmpty {
        guard let parsed = parseInt(sizeField), parsed >= 0 else {
          badLines.append(lineNumber)
          continue
        }
        size = parsed
      }
      total += size
      if path.isEmpty {
        badLines.append(lineNumber)
        continue
      }
      // Outside the site directory.
      if path[0] == 0x2F || (path.count >= 3 && path[0] == 0x2E && path[1] == 0x2E && path[2] == 0x2F) {
        continue
      }
      if endsWith(path, ".pyc") { continue }
      if path.count > prefix.count, path.starts(with: prefix) {
        let rest = path[prefix.count...]
        if !rest.contains(0x2F), installerFiles.contains(String(decoding: rest, as: UTF8.self)) { continue }
      }
      if looksLikeSharedObject(path) { sharedObjects.append(String(decoding: path, as: UTF8.self)) }
      var line = path
      line.append(0x2C)
      line += hash
      line.append(0x2C)
      line += sizeField
      payload.append(line)
    }
    payload.sort { $0.lexicographicallyPrecedes($1) }
    var hasher = SHA256()
    for line in payload {
      hasher.update(data: line)
      hasher.update(data: [0x0A])
    }
    let digest = EnvlockModel.Digest(bytes: hasher.finalize())
    return RecordContents(
      summary: RecordSummary(fileCount: count, totalSize: total, contentFingerprint: digest),
      sharedObjects: sharedObjects, badLines: badLines)
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

  private static func parseInt(_ bytes: [UInt8]) -> Int64? {
    guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
    var v: Int64 = 0
    for c in bytes {
      guard c >= 0x30 && c <= 0x39 else { return nil }
      v = v * 10 + Int64(c - 0x30)
    }
    return v
  }
}
