// Line handling shared by minisign public keys, secret keys and signatures.

/// The first lines of a minisign text file, split the way minisign reads them.
///
/// Lines end with `\n`; trailing `\r` characters are dropped, so CRLF files are accepted as
/// minisign 0.11 accepts them. A missing final newline is accepted. Lines after the expected
/// ones must be empty (minisign ignores them; envlock rejects them, see `requireEnd()`, so nothing
/// can hide there).
/// The text is scanned once, so huge inputs cost linear time and no per-line allocation.
struct MinisignLines {
  /// The file name used in error messages.
  let source: String
  /// The expected lines as raw bytes, without line terminators.
  let lines: [[UInt8]]

  /// Splits `text` into exactly `count` lines followed only by empty lines.
  init(text: String, source: String, count: Int, expected: [String]) throws(SigningError) {
    self.source = source
    guard !text.isEmpty else {
      throw .malformedFile(source: source, line: 1, expected: expected[0])
    }
    let pieces = text.utf8.split(
      separator: UInt8(ascii: "\n"), maxSplits: count, omittingEmptySubsequences: false)
    var lines: [[UInt8]] = []
    for index in 0..<count {
      guard index < pieces.count else {
        throw .malformedFile(source: source, line: index + 1, expected: expected[index])
      }
      var line = pieces[index][...]
      while line.last == UInt8(ascii: "\r") { line = line.dropLast() }
      lines.append(Array(line))
    }
    var extraLine: Int? = nil
    if pieces.count > count {
      let rest = pieces[count]
      if let extra = rest.firstIndex(where: { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }) {
        extraLine = count + 1 + rest[..<extra].count(where: { $0 == UInt8(ascii: "\n") })
      }
    }
    self.extraLine = extraLine
    self.lines = lines
  }

  /// The number of the first non-empty line after the expected ones, if any.
  private let extraLine: Int?

  /// Throws if non-empty lines follow the expected ones; called after the lines were checked, so
  /// that a file of the wrong kind is reported by what is wrong on its first lines.
  func requireEnd() throws(SigningError) {
    if let extraLine {
      throw .malformedFile(source: source, line: extraLine, expected: "the end of the file")
    }
  }

  /// The bytes after `prefix` on line `number` (1-based).
  func text(line number: Int, after prefix: String) throws(SigningError) -> [UInt8] {
    let line = lines[number - 1]
    guard line.starts(with: prefix.utf8) else {
      throw .malformedFile(source: source, line: number, expected: "a line starting with `\(prefix)`")
    }
    return Array(line.dropFirst(prefix.utf8.count))
  }

  /// The bytes of the base64 text on line `number`, which must decode to `length` bytes.
  func bytes(line number: Int, what: String, length: Int) throws(SigningError) -> [UInt8] {
    let line = lines[number - 1]
    guard !line.isEmpty else {
      throw .malformedFile(source: source, line: number, expected: "a base64 line")
    }
    guard let bytes = Base64.decode(line) else {
      throw .invalidBase64(source: source, line: number)
    }
    guard bytes.count == length else {
      throw .wrongLength(source: source, line: number, what: what, expected: length, found: bytes.count)
    }
    return bytes
  }
}

/// Comment text with line breaks replaced by spaces, safe to write on one line.
func singleLine(_ comment: String) -> String {
  var scalars = String.UnicodeScalarView()
  for scalar in comment.unicodeScalars { scalars.append(scalar == "\n" || scalar == "\r" ? " " : scalar) }
  return String(scalars)
}
