// Core metadata (METADATA, PKG-INFO) and WHEEL files are RFC 822 style headers. This reads
// the header block only (up to the first empty line), from bytes, keeping folded continuation
// lines the way Python's `email` parser (compat32 policy) does.

/// The header fields of a METADATA, PKG-INFO or WHEEL file, in file order.
struct MetadataHeaders: Sendable {
  /// `(name, value)` pairs; names as written.
  private(set) var fields: [(name: String, value: String)] = []
  /// The field names lowercased (ASCII), parallel to `fields`, so lookups need no case folding.
  private var lowercasedNames: [String] = []
  /// True when the header block was not valid UTF-8 (it was decoded with replacements).
  private(set) var invalidUTF8 = false

  /// Parses the header block of `bytes`.
  init(_ bytes: [UInt8]) {
    // Find the end of the headers: the first empty line.
    var end = bytes.count
    var i = 0
    var lineStart = 0
    while i < bytes.count {
      if bytes[i] == 0x0A {
        let lineLength = i - lineStart
        if lineLength == 0 || (lineLength == 1 && bytes[lineStart] == 0x0D) {
          end = lineStart
          break
        }
        lineStart = i + 1
      }
      i += 1
    }
    let block = bytes[0..<end]
    let text: String
    if let valid = String(validating: block, as: UTF8.self) {
      text = valid
    } else {
      invalidUTF8 = true
      text = String(decoding: block, as: UTF8.self)
    }
    // Swift treats "\r\n" as one Character, so split on both spellings of a line end
    // (pip's own METADATA is written with CRLF).
    for rawLine in text.split(
      omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    {
      var line = Substring(rawLine)
      if line.last == "\r" { line = line.dropLast() }
      if let first = line.first, first == " " || first == "\t" {
        if !fields.isEmpty { fields[fields.count - 1].value += "\n" + line }
        continue
      }
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = String(line[..<colon])
      var value = line[line.index(after: colon)...]
      while let c = value.first, c == " " || c == "\t" { value = value.dropFirst() }
      fields.append((name, String(value)))
      lowercasedNames.append(MetadataHeaders.asciiLowercased(name))
    }
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
