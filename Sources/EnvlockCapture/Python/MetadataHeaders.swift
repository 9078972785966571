// Core metadata (METADATA, PKG-INFO) and WHEEL files are RFC 822 style headers. This reads
// the header block only, from bytes, the way Python's `email` parser (compat32 policy), which
// `importlib.metadata` and pip use, reads it.

/// The header fields of a METADATA, PKG-INFO or WHEEL file, in file order.
struct MetadataHeaders: Sendable {
  /// `(name, value)` pairs; names as written.
  private(set) var fields: [(name: String, value: String)] = []
  /// The field names lowercased (ASCII), parallel to `fields`, so lookups need no case folding.
  private var lowercasedNames: [String] = []
  /// True when the header block was not valid UTF-8 (it was decoded with replacements).
  private(set) var invalidUTF8 = false

  /// Parses the header block of `bytes` the way Python's `email` parser (compat32) reads it:
  /// lines end at `\n`, `\r\n` or `\r`; the block ends at an empty line or at the first line
  /// that is neither `name: value` nor an indented continuation. Works on bytes: a venv's METADATA
  /// files are read on the capture's critical path.
  init(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { b in
      var lineStart = 0
      while lineStart < b.count {
        var lineEnd = lineStart
        while lineEnd < b.count, b[lineEnd] != 0x0A, b[lineEnd] != 0x0D { lineEnd += 1 }
        let next = lineEnd + (lineEnd + 1 < b.count && b[lineEnd] == 0x0D && b[lineEnd + 1] == 0x0A ? 2 : 1)
        defer { lineStart = next }
        let line = UnsafeBufferPointer(rebasing: b[lineStart..<lineEnd])
        guard let first = line.first else { return }
        if first == 0x20 || first == 0x09 {
          // A folded continuation: kept with one `\n` before it, as compat32 keeps the line break.
          if !fields.isEmpty { fields[fields.count - 1].value += "\n" + decode(line) }
          continue
        }
        // `name:` where the name is printable ASCII without `:` (the email parser's header test).
        guard let colon = line.firstIndex(where: { $0 == 0x3A || $0 < 0x21 || $0 > 0x7E }),
          line[colon] == 0x3A
        else { return }
        if colon == 0 { continue }  // no name: skipped, as the email parser skips it
        var valueStart = colon + 1
        while valueStart < line.count, line[valueStart] == 0x20 || line[valueStart] == 0x09 {
          valueStart += 1
        }
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
        fields.append((name, decode(UnsafeBufferPointer(rebasing: line[valueStart...]))))
        lowercasedNames.append(MetadataHeaders.asciiLowercased(name))
      }
    }
  }

  /// UTF-8 text of `bytes`; invalid bytes are replaced and noted in `invalidUTF8`.
  private mutating func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    invalidUTF8 = true
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The first value of a field (names compared case-insensitively).
  func first(_ name: String) -> String? {
    let lower = MetadataHeaders.asciiLowercased(name)
    return lowercasedNames.firstIndex(of: lower).map { fields[$0].value }
  }

  /// Every value of a field, in file order.
  func all(_ name: String) -> [String] {
    let lower = MetadataHeaders.asciiLowercased(name)
    return lowercasedNames.indices.filter { lowercasedNames[$0] == lower }.map { fields[$0].value }
  }

  /// Header names are ASCII (RFC 822); lowercase them without Unicode case tables.
  static func asciiLowercased(_ name: String) -> String {
    guard name.utf8.contains(where: { $0 >= 65 && $0 <= 90 }) else { return name }
    return String(decoding: name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
  }
}
