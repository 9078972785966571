// Parsing a TOML 1.0 document: the one entry point every envlock reader of TOML uses (envlock.toml,
// handoff.toml, pyproject.toml, lock files, config files compared by diff) and fuzz targets call.

/// Parses TOML documents into a `TOMLTable`, or a `TOMLFileError.syntax` with the line and column.
public enum TOMLDocument {
  /// The largest document parsed, in bytes (64 MiB); larger input is a syntax error.
  public static let maximumSize = 64 << 20

  /// The deepest nesting of tables, arrays and inline tables accepted; deeper input is a syntax
  /// error rather than a deep recursion.
  public static let maximumDepth = 100

  /// Parses the UTF-8 bytes of a TOML document; `file` names it in errors. Never traps: any input
  /// yields a table or an error.
  public static func parse(bytes: [UInt8], file: String) throws(TOMLFileError) -> TOMLTable {
    guard bytes.count <= maximumSize else {
      throw .syntax(
        file: file, line: 1, column: 1,
        reason: "the document is \(bytes.count) bytes, more than the \(maximumSize >> 20) MiB envlock reads")
    }
    do {
      try TOMLParser.validateEncoding(bytes)
      var parser = TOMLParser(bytes: bytes, maximumDepth: maximumDepth)
      return try parser.parseDocument()
    } catch {
      let (line, column) = position(of: error.offset, in: bytes)
      throw .syntax(file: file, line: line, column: column, reason: error.reason)
    }
  }

  /// Parses the text of a TOML document; `file` names it in errors.
  public static func parse(_ text: String, file: String) throws(TOMLFileError) -> TOMLTable {
    try parse(bytes: Array(text.utf8), file: file)
  }

  /// The 1-based line and column (in characters) of a byte offset.
  static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
    let end = min(max(offset, 0), bytes.count)
    var line = 1
    var column = 1
    for byte in bytes[..<end] {
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }
}
