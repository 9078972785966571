// A TOML 1.0 parser (https://toml.io/en/v1.0.0) that returns errors and never traps: bytes are
// read through bounds checks, integers with overflow checks, nesting is capped, the input size is
// capped, and every step moves forward through the bytes (linear time). It replaces TOMLKit, whose
// bundled toml++ aborted the process on inputs such as `[@x]`.
//
// Tables are built as reference nodes (so a key added deep in the tree does not copy the tables
// above it) and frozen into `TOMLTable` values at the end. Each node remembers how it was defined,
// which the spec's rules on redefining tables need:
// - `[a.b]` defines `a.b` and creates `a` implicitly; a later `[a]` may define `a` once;
// - dotted keys `a.b = 1` define `a` for the rest of the section that wrote them; no header and no
//   other section may add to it (a header may still add sub-tables, `[a.c]`);
// - inline tables and literal arrays are values: nothing can be added to them afterwards.

/// A syntax error found at a byte offset; the caller turns the offset into a line and column.
struct TOMLSyntaxFailure: Error {
  let offset: Int
  let reason: String
}

/// How a table in the tree under construction came to exist.
enum TableOrigin {
  /// The document's root table.
  case root
  /// Created as a parent of a header (`a` for `[a.b]`): may still be defined by one header.
  case implicit
  /// Defined by a `[table]` header, or an element of an array of tables.
  case header
  /// Defined by dotted keys in the section with this number (inline tables have their own).
  case dotted(section: Int)
}

/// A table under construction.
final class TableNode {
  var origin: TableOrigin
  /// The depth of the table in the value tree (the root is 0).
  let depth: Int
  private var entries: [(key: String, slot: Slot, line: Int)] = []
  private var index: [String: Int] = [:]

  init(origin: TableOrigin, depth: Int) {
    self.origin = origin
    self.depth = depth
  }

  /// A value, a table or an array of tables stored under a key.
  enum Slot {
    case value(TOMLValue)
    case table(TableNode)
    case tables(TableArrayNode)
  }

  subscript(key: String) -> Slot? {
    guard let at = index[key] else { return nil }
    return entries[at].slot
  }

  /// Adds a key the table does not hold yet.
  func add(_ key: String, _ slot: Slot, line: Int) {
    index[key] = entries.count
    entries.append((key, slot, line))
  }

  /// Moves the line of `key` to where a header defined it.
  func setLine(of key: String, _ line: Int) {
    guard let at = index[key] else { return }
    entries[at].line = line
  }

  /// The frozen table (recursion depth is bounded by the parser's depth limit).
  func freeze() -> TOMLTable {
    let frozen = entries.map { entry -> TOMLTable.Entry in
      let value: TOMLValue
      switch entry.slot {
      case .value(let plain): value = plain
      case .table(let node): value = .table(node.freeze())
      case .tables(let array): value = .array(array.tables.map { .table($0.freeze()) })
      }
      return TOMLTable.Entry(key: entry.key, value: value, line: entry.line)
    }
    return TOMLTable(entries: frozen, index: index)
  }
}

/// An array of tables under construction (`[[name]]`).
final class TableArrayNode {
  var tables: [TableNode] = []
}

/// One part of a dotted key and where it starts.
struct KeyPart {
  let name: String
  let offset: Int
}

/// The parser state over one document.
struct TOMLParser {
  private let bytes: [UInt8]
  private let maximumDepth: Int
  private var pos = 0
  /// A monotonic cursor turning byte offsets into line numbers in linear total time.
  private var lineCursor = (offset: 0, line: 1)
  /// Section numbers: one per header, one per inline table.
  private var sections = 0

  init(bytes: [UInt8], maximumDepth: Int) {
    self.bytes = bytes
    self.maximumDepth = maximumDepth
  }

  // MARK: - Bytes

  private static let lf = UInt8(ascii: "\n")
  private static let cr = UInt8(ascii: "\r")
  private static let tab = UInt8(ascii: "\t")
  private static let space = UInt8(ascii: " ")
  private static let quote = UInt8(ascii: "\"")
  private static let apostrophe = UInt8(ascii: "'")
  private static let backslash = UInt8(ascii: "\\")
  private static let hash = UInt8(ascii: "#")

  /// The byte `ahead` bytes after the current one, 0 past the end (NUL bytes were rejected before
  /// parsing, so 0 always means the end).
  private func peek(_ ahead: Int = 0) -> UInt8 {
    let at = pos + ahead
    return at < bytes.count ? bytes[at] : 0
  }

  private var atEnd: Bool { pos >= bytes.count }

  private static func isControl(_ byte: UInt8) -> Bool {
    (byte < 0x20 && byte != tab) || byte == 0x7F
  }

  private static func isBareKey(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
      return true
    default:
      return false
    }
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  /// A short rendering of the byte at the current position for error messages.
  private func seen() -> String {
    if atEnd { return "the end of the file" }
    let byte = bytes[pos]
    switch byte {
    case TOMLParser.lf: return "the end of the line"
    case TOMLParser.cr: return "a carriage return"
    case 0x20...0x7E: return "`\(Character(Unicode.Scalar(byte)))`"
    default:
      return byte < 0x80 ? "control character U+\(TOMLParser.hex(UInt32(byte)))" : "a non-ASCII character"
    }
  }

  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  private func failure(_ reason: String, at offset: Int? = nil) -> TOMLSyntaxFailure {
    TOMLSyntaxFailure(offset: offset ?? pos, reason: reason)
  }

  /// The 1-based line of `offset`; amortized constant when offsets grow, as they do while parsing.
  private mutating func line(at offset: Int) -> Int {
    if offset < lineCursor.offset { lineCursor = (0, 1) }
    var line = lineCursor.line
    var at = lineCursor.offset
    let end = min(offset, bytes.count)
    while at < end {
      if bytes[at] == TOMLParser.lf { line += 1 }
      at += 1
    }
    lineCursor = (at, line)
    return line
  }

  // MARK: - Encoding

  /// Rejects bytes that are not UTF-8 and NUL characters anywhere.
  static func validateEncoding(_ bytes: [UInt8]) throws(TOMLSyntaxFailure) {
    var i = 0
    let n = bytes.count
    func continuation(_ at: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
      at < n && range.contains(bytes[at])
    }
    while i < n {
      let byte = bytes[i]
      if byte < 0x80 {
        if byte == 0 { throw TOMLSyntaxFailure(offset: i, reason: "NUL character (U+0000) in the file") }
        i += 1
        continue
      }
      let length: Int
      switch byte {
      case 0xC2...0xDF:
        length = continuation(i + 1) ? 2 : 0
      case 0xE0:
        length = continuation(i + 1, 0xA0...0xBF) && continuation(i + 2) ? 3 : 0
      case 0xED:
        length = continuation(i + 1, 0x80...0x9F) && continuation(i + 2) ? 3 : 0
      case 0xE1...0xEC, 0xEE...0xEF:
        length = continuation(i + 1) && continuation(i + 2) ? 3 : 0
      case 0xF0:
        length = continuation(i + 1, 0x90...0xBF) && continuation(i + 2) && continuation(i + 3) ? 4 : 0
      case 0xF1...0xF3:
        length = continuation(i + 1) && continuation(i + 2) && continuation(i + 3) ? 4 : 0
      case 0xF4:
        length = continuation(i + 1, 0x80...0x8F) && continuation(i + 2) && continuation(i + 3) ? 4 : 0
      default:
        length = 0
      }
      guard length > 0 else { throw TOMLSyntaxFailure(offset: i, reason: "the file is not valid UTF-8") }
      i += length
    }
  }

  // MARK: - Document

  /// Parses the whole document into its root table.
  mutating func parseDocument() throws(TOMLSyntaxFailure) -> TOMLTable {
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    let root = TableNode(origin: .root, depth: 0)
    var current = root
    var currentPath: [String] = []
    var section = nextSection()
    while !atEnd {
      skipWhitespace()
      let byte = peek()
      if byte == TOMLParser.hash || byte == TOMLParser.lf || byte == TOMLParser.cr || atEnd {
        try endOfLine()
      } else if byte == UInt8(ascii: "[") {
        (current, currentPath) = try parseHeader(root)
        section = nextSection()
        try endOfLine()
      } else {
        try parseKeyValue(into: current, at: currentPath, section: section)
        try endOfLine()
      }
    }
    return root.freeze()
  }

  private mutating func nextSection() -> Int {
    sections += 1
    return sections
  }

  private mutating func skipWhitespace() {
    while pos < bytes.count, bytes[pos] == TOMLParser.space || bytes[pos] == TOMLParser.tab { pos += 1 }
  }

  /// Skips a comment if one starts here.
  private mutating func skipComment() throws(TOMLSyntaxFailure) {
    guard peek() == TOMLParser.hash else { return }
    pos += 1
    while pos < bytes.count {
      let byte = bytes[pos]
      if byte == TOMLParser.lf || (byte == TOMLParser.cr && peek(1) == TOMLParser.lf) { return }
      if TOMLParser.isControl(byte) {
        throw failure("control character U+\(TOMLParser.hex(UInt32(byte))) in a comment")
      }
      pos += 1
    }
  }

  /// Consumes a newline (LF or CRLF) if one is here; false when there is none.
  private mutating func newline() throws(TOMLSyntaxFailure) -> Bool {
    if peek() == TOMLParser.lf {
      pos += 1
      return true
    }
    if peek() == TOMLParser.cr {
      guard peek(1) == TOMLParser.lf else {
        throw failure("a carriage return must be followed by a line feed")
      }
      pos += 2
      return true
    }
    return false
  }

  /// Whitespace, an optional comment, then a newline or the end of the file.
  private mutating func endOfLine() throws(TOMLSyntaxFailure) {
    skipWhitespace()
    try skipComment()
    if atEnd { return }
    guard try newline() else { throw failure("expected the end of the line, found \(seen())") }
  }

  /// Whitespace, comments and newlines, as allowed inside arrays.
  private mutating func skipBlank() throws(TOMLSyntaxFailure) {
    while true {
      skipWhitespace()
      try skipComment()
      guard try newline() else { return }
    }
  }

  // MARK: - Keys

  /// A dotted key: simple keys separated by `.`, with optional whitespace around the dots.
  private mutating func parseKey() throws(TOMLSyntaxFailure) -> [KeyPart] {
    var parts: [KeyPart] = []
    while true {
      skipWhitespace()
      let start = pos
      parts.append(KeyPart(name: try parseSimpleKey(), offset: start))
      if parts.count > maximumDepth {
        throw failure("a key with more than \(maximumDepth) parts", at: start)
      }
      skipWhitespace()
      guard peek() == UInt8(ascii: ".") else { return parts }
      pos += 1
    }
  }

  private mutating func parseSimpleKey() throws(TOMLSyntaxFailure) -> String {
    let byte = peek()
    if byte == TOMLParser.quote {
      return try parseBasicString()
    }
    if byte == TOMLParser.apostrophe {
      return try parseLiteralString()
    }
    let start = pos
    while pos < bytes.count, TOMLParser.isBareKey(bytes[pos]) { pos += 1 }
    guard pos > start else {
      throw failure(
        "expected a key (letters, digits, `_` and `-`, or a quoted string), found \(seen())")
    }
    return String(decoding: bytes[start..<pos], as: UTF8.self)
  }

  private static func render(_ parts: some Sequence<String>) -> String {
    parts.map(TOMLString.key).joined(separator: ".")
  }

  // MARK: - Tables

  /// `[a.b]` or `[[a.b]]`: the table the following key/value pairs go into, and its key path.
  private mutating func parseHeader(_ root: TableNode) throws(TOMLSyntaxFailure) -> (TableNode, [String]) {
    let start = pos
    pos += 1
    let isArray = peek() == UInt8(ascii: "[")
    if isArray { pos += 1 }
    let parts = try parseKey()
    guard peek() == UInt8(ascii: "]") else {
      throw failure("expected `\(isArray ? "]]" : "]")` to close the table header, found \(seen())")
    }
    pos += 1
    if isArray {
      guard peek() == UInt8(ascii: "]") else {
        throw failure("expected `]]` to close the array-of-tables header, found \(seen())")
      }
      pos += 1
    }
    let line = line(at: start)
    var table = root
    for (i, part) in parts.enumerated() {
      var path: String { TOMLParser.render(parts[...i].map(\.name)) }
      let last = i == parts.count - 1
      switch table[part.name] {
      case nil:
        if last && isArray {
          let array = TableArrayNode()
          let element = try makeTable(.header, depth: table.depth + 2, at: part.offset)
          array.tables.append(element)
          table.add(part.name, .tables(array), line: line)
          return (element, parts.map(\.name))
        }
        let child = try makeTable(last ? .header : .implicit, depth: table.depth + 1, at: part.offset)
        table.add(part.name, .table(child), line: line)
        table = child
      case .table(let child):
        if last {
          if isArray { throw failure("`\(path)` is a table, not an array of tables", at: part.offset) }
          guard case .implicit = child.origin else {
            throw failure("the table `\(path)` is defined more than once", at: part.offset)
          }
          child.origin = .header
          table.setLine(of: part.name, line)
        }
        table = child
      case .tables(let array):
        if last {
          guard isArray else {
            throw failure("`\(path)` is an array of tables, not a table", at: part.offset)
          }
          let element = try makeTable(.header, depth: table.depth + 2, at: part.offset)
          array.tables.append(element)
          return (element, parts.map(\.name))
        }
        guard let element = array.tables.last else {
          throw failure("`\(path)` is an empty array of tables", at: part.offset)
        }
        table = element
      case .value:
        throw failure("the key `\(path)` is already defined as a value", at: part.offset)
      }
    }
    return (table, parts.map(\.name))
  }

  private func makeTable(_ origin: TableOrigin, depth: Int, at offset: Int) throws(TOMLSyntaxFailure)
    -> TableNode
  {
    guard depth <= maximumDepth else {
      throw failure("tables nested more than \(maximumDepth) levels deep", at: offset)
    }
    return TableNode(origin: origin, depth: depth)
  }

  /// `key = value` into `table`, found at the key path `prefix`, whose dotted keys belong to
  /// `section`.
  private mutating func parseKeyValue(into table: TableNode, at prefix: [String], section: Int)
    throws(TOMLSyntaxFailure)
  {
    let parts = try parseKey()
    guard peek() == UInt8(ascii: "=") else {
      throw failure(
        "expected `=` after the key `\(TOMLParser.render(prefix + parts.map(\.name)))`, found \(seen())")
    }
    pos += 1
    skipWhitespace()
    let line = line(at: parts[0].offset)
    var target = table
    for (i, part) in parts.dropLast().enumerated() {
      var path: String { TOMLParser.render(prefix + parts[...i].map(\.name)) }
      switch target[part.name] {
      case nil:
        let child = try makeTable(.dotted(section: section), depth: target.depth + 1, at: part.offset)
        target.add(part.name, .table(child), line: line)
        target = child
      case .table(let child):
        switch child.origin {
        case .dotted(let owner) where owner == section:
          break
        case .implicit:
          child.origin = .dotted(section: section)
        default:
          throw failure(
            "the table `\(path)` is already defined; dotted keys cannot add to it", at: part.offset)
        }
        target = child
      case .tables:
        throw failure("`\(path)` is an array of tables; dotted keys cannot add to it", at: part.offset)
      case .value:
        throw failure("the key `\(path)` is already defined as a value", at: part.offset)
      }
    }
    guard let last = parts.last else { throw failure("expected a key") }
    let path = prefix + parts.map(\.name)
    if target[last.name] != nil {
      throw failure("the key `\(TOMLParser.render(path))` is defined more than once", at: last.offset)
    }
    let value = try parseValue(depth: target.depth + 1, path: path)
    target.add(last.name, .value(value), line: line)
  }

  // MARK: - Values

  /// The value of the key at `path` (inline tables name their keys from it).
  private mutating func parseValue(depth: Int, path: [String]) throws(TOMLSyntaxFailure) -> TOMLValue {
    let byte = peek()
    switch byte {
    case TOMLParser.quote:
      if peek(1) == TOMLParser.quote && peek(2) == TOMLParser.quote {
        return .string(try parseMultilineBasicString())
      }
      return .string(try parseBasicString())
    case TOMLParser.apostrophe:
      if peek(1) == TOMLParser.apostrophe && peek(2) == TOMLParser.apostrophe {
        return .string(try parseMultilineLiteralString())
      }
      return .string(try parseLiteralString())
    case UInt8(ascii: "["):
      return try parseArray(depth: depth, path: path)
    case UInt8(ascii: "{"):
      return try parseInlineTable(depth: depth, path: path)
    case UInt8(ascii: "t") where matches("true"):
      pos += 4
      return .boolean(true)
    case UInt8(ascii: "f") where matches("false"):
      pos += 5
      return .boolean(false)
    default:
      return try parseScalarToken()
    }
  }

  /// True when `word` is at the current position, followed by a byte that ends a value.
  private func matches(_ word: StaticString) -> Bool {
    let count = word.utf8CodeUnitCount
    for i in 0..<count where peek(i) != word.utf8Start[i] { return false }
    let after = peek(count)
    return
      !(TOMLParser.isBareKey(after) || after == UInt8(ascii: ".") || after == UInt8(ascii: ":")
      || after == UInt8(ascii: "+"))
  }

  private mutating func parseArray(depth: Int, path: [String]) throws(TOMLSyntaxFailure) -> TOMLValue {
    guard depth <= maximumDepth else { throw failure("values nested more than \(maximumDepth) levels deep") }
    pos += 1
    var items: [TOMLValue] = []
    while true {
      try skipBlank()
      if peek() == UInt8(ascii: "]") {
        pos += 1
        return .array(items)
      }
      guard !atEnd else { throw failure("expected `]` to close the array, found \(seen())") }
      items.append(try parseValue(depth: depth + 1, path: path))
      try skipBlank()
      if peek() == UInt8(ascii: ",") {
        pos += 1
        continue
      }
      guard peek() == UInt8(ascii: "]") else {
        throw failure("expected `,` or `]` after an array element, found \(seen())")
      }
    }
  }

  private mutating func parseInlineTable(depth: Int, path: [String]) throws(TOMLSyntaxFailure) -> TOMLValue {
    guard depth <= maximumDepth else { throw failure("values nested more than \(maximumDepth) levels deep") }
    pos += 1
    let table = TableNode(origin: .header, depth: depth)
    let section = nextSection()
    skipWhitespace()
    if peek() == UInt8(ascii: "}") {
      pos += 1
      return .table(table.freeze())
    }
    while true {
      try parseKeyValue(into: table, at: path, section: section)
      skipWhitespace()
      if peek() == UInt8(ascii: ",") {
        pos += 1
        continue
      }
      guard peek() == UInt8(ascii: "}") else {
        throw failure(
          "expected `,` or `}` after a value in an inline table (which must stay on one line), found \(seen())"
        )
      }
      pos += 1
      return .table(table.freeze())
    }
  }

  // MARK: - Strings

  /// Appends the UTF-8 encoding of a Unicode scalar value.
  private static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
    out.append(contentsOf: scalar.utf8)
  }

  /// A basic string `"..."`, the current byte being its opening quote.
  private mutating func parseBasicString() throws(TOMLSyntaxFailure) -> String {
    pos += 1
    var out: [UInt8] = []
    while true {
      guard !atEnd else { throw failure("unterminated string: expected a closing `\"`") }
      let byte = bytes[pos]
      switch byte {
      case TOMLParser.quote:
        pos += 1
        return String(decoding: out, as: UTF8.self)
      case TOMLParser.backslash:
        try parseEscape(into: &out)
      case TOMLParser.lf, TOMLParser.cr:
        throw failure("unterminated string: a basic string must close on the line it starts")
      default:
        if TOMLParser.isControl(byte) {
          throw failure(
            "control character U+\(TOMLParser.hex(UInt32(byte))) in a string; write it as an escape")
        }
        out.append(byte)
        pos += 1
      }
    }
  }

  /// A multi-line basic string `"""..."""`.
  private mutating func parseMultilineBasicString() throws(TOMLSyntaxFailure) -> String {
    pos += 3
    _ = try newline()
    var out: [UInt8] = []
    while true {
      guard !atEnd else { throw failure("unterminated multi-line string: expected a closing `\"\"\"`") }
      let byte = bytes[pos]
      switch byte {
      case TOMLParser.quote:
        if let done = try closingQuotes(TOMLParser.quote, into: &out) { return done }
      case TOMLParser.backslash:
        var ahead = 1
        while peek(ahead) == TOMLParser.space || peek(ahead) == TOMLParser.tab { ahead += 1 }
        if peek(ahead) == TOMLParser.lf || (peek(ahead) == TOMLParser.cr && peek(ahead + 1) == TOMLParser.lf)
        {
          // A line-ending backslash: drop it, the newline and all whitespace up to the next text.
          pos += ahead
          while true {
            skipWhitespace()
            guard try newline() else { break }
          }
        } else {
          try parseEscape(into: &out)
        }
      case TOMLParser.lf:
        out.append(byte)
        pos += 1
      case TOMLParser.cr:
        guard peek(1) == TOMLParser.lf else {
          throw failure("a carriage return must be followed by a line feed")
        }
        out.append(TOMLParser.lf)
        pos += 2
      default:
        if TOMLParser.isControl(byte) {
          throw failure(
            "control character U+\(TOMLParser.hex(UInt32(byte))) in a string; write it as an escape")
        }
        out.append(byte)
        pos += 1
      }
    }
  }

  /// At a run of quotes inside a multi-line string: up to two are text; three close the string,
  /// and one or two more just before the closing three belong to the text. Returns the string when
  /// it closed.
  private mutating func closingQuotes(_ delimiter: UInt8, into out: inout [UInt8]) throws(TOMLSyntaxFailure)
    -> String?
  {
    var run = 0
    while peek(run) == delimiter && run < 6 { run += 1 }
    if run < 3 {
      out.append(contentsOf: repeatElement(delimiter, count: run))
      pos += run
      return nil
    }
    guard run <= 5 else {
      throw failure("too many quotes: a multi-line string may end with at most five", at: pos + 5)
    }
    out.append(contentsOf: repeatElement(delimiter, count: run - 3))
    pos += run
    return String(decoding: out, as: UTF8.self)
  }

  /// An escape sequence, the current byte being its backslash.
  private mutating func parseEscape(into out: inout [UInt8]) throws(TOMLSyntaxFailure) {
    let start = pos
    pos += 1
    let letter = peek()
    pos += 1
    switch letter {
    case UInt8(ascii: "b"): out.append(0x08)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "f"): out.append(0x0C)
    case UInt8(ascii: "r"): out.append(0x0D)
    case TOMLParser.quote: out.append(TOMLParser.quote)
    case TOMLParser.backslash: out.append(TOMLParser.backslash)
    case UInt8(ascii: "u"), UInt8(ascii: "U"):
      let count = letter == UInt8(ascii: "u") ? 4 : 8
      var value: UInt32 = 0
      for _ in 0..<count {
        guard let digit = TOMLParser.hexDigit(peek()) else {
          throw failure("`\\\(Character(Unicode.Scalar(letter)))` needs \(count) hex digits", at: start)
        }
        value = value << 4 | UInt32(digit)
        pos += 1
      }
      guard let scalar = Unicode.Scalar(value) else {
        throw failure(
          "`\\\(Character(Unicode.Scalar(letter)))` escape of U+\(TOMLParser.hex(value)), which is not a Unicode scalar value",
          at: start)
      }
      TOMLParser.appendUTF8(scalar, to: &out)
    default:
      pos = start + 1
      throw failure("unknown escape `\\` followed by \(seen())", at: start)
    }
  }

  private static func hexDigit(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }

  /// A literal string `'...'`: no escapes.
  private mutating func parseLiteralString() throws(TOMLSyntaxFailure) -> String {
    pos += 1
    let start = pos
    while true {
      guard !atEnd else { throw failure("unterminated string: expected a closing `'`") }
      let byte = bytes[pos]
      if byte == TOMLParser.apostrophe {
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        pos += 1
        return text
      }
      if byte == TOMLParser.lf || byte == TOMLParser.cr {
        throw failure("unterminated string: a literal string must close on the line it starts")
      }
      if TOMLParser.isControl(byte) {
        throw failure("control character U+\(TOMLParser.hex(UInt32(byte))) in a literal string")
      }
      pos += 1
    }
  }

  /// A multi-line literal string `'''...'''`.
  private mutating func parseMultilineLiteralString() throws(TOMLSyntaxFailure) -> String {
    pos += 3
    _ = try newline()
    var out: [UInt8] = []
    while true {
      guard !atEnd else { throw failure("unterminated multi-line string: expected a closing `'''`") }
      let byte = bytes[pos]
      switch byte {
      case TOMLParser.apostrophe:
        if let done = try closingQuotes(TOMLParser.apostrophe, into: &out) { return done }
      case TOMLParser.lf:
        out.append(byte)
        pos += 1
      case TOMLParser.cr:
        guard peek(1) == TOMLParser.lf else {
          throw failure("a carriage return must be followed by a line feed")
        }
        out.append(TOMLParser.lf)
        pos += 2
      default:
        if TOMLParser.isControl(byte) {
          throw failure("control character U+\(TOMLParser.hex(UInt32(byte))) in a literal string")
        }
        out.append(byte)
        pos += 1
      }
    }
  }

  // MARK: - Numbers, dates and times

  /// An integer, float, date, time or date-time: the run of bytes such values are made of, then
  /// checked against each form's grammar.
  private mutating func parseScalarToken() throws(TOMLSyntaxFailure) -> TOMLValue {
    let start = pos
    while pos < bytes.count, TOMLParser.isTokenByte(bytes[pos]) { pos += 1 }
    // A date followed by a space and a time is one date-time (`1979-05-27 07:32:00`).
    if pos - start == 10, bytes[start + 4] == UInt8(ascii: "-"), peek() == TOMLParser.space,
      TOMLParser.isDigit(peek(1)), TOMLParser.isDigit(peek(2)), peek(3) == UInt8(ascii: ":")
    {
      pos += 1
      while pos < bytes.count, TOMLParser.isTokenByte(bytes[pos]) { pos += 1 }
    }
    let token = Array(bytes[start..<pos])
    guard !token.isEmpty else { throw failure("expected a value, found \(seen())") }
    let text = String(decoding: token, as: UTF8.self)
    switch text {
    case "inf", "+inf": return .float(.infinity)
    case "-inf": return .float(-.infinity)
    case "nan", "+nan": return .float(.nan)
    case "-nan": return .float(-.nan)
    default: break
    }
    if let first = token.first, first != UInt8(ascii: "+"), first != UInt8(ascii: "-"),
      !TOMLParser.isDigit(first)
    {
      throw failure("expected a value, found `\(text)` (a string needs quotes)", at: start)
    }
    if token.count >= 3, token[2] == UInt8(ascii: ":") {
      guard let time = TOMLParser.time(token[...]), time.rest.isEmpty else {
        throw failure("not a valid time (HH:MM:SS[.fraction]): `\(text)`", at: start)
      }
      return .time(time.time)
    }
    if token.count >= 5, token[4] == UInt8(ascii: "-"), token[0..<4].allSatisfy(TOMLParser.isDigit) {
      return try dateOrDateTime(token, text, at: start)
    }
    if token.count >= 2, token[0] == UInt8(ascii: "0") {
      let radix: Int64? =
        switch token[1] {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
      if let radix { return .integer(try prefixedInteger(token.dropFirst(2), radix: radix, text, at: start)) }
    }
    if token.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    ) {
      return .float(try float(token, text, at: start))
    }
    return .integer(try decimalInteger(token, text, at: start))
  }

  private static func isTokenByte(_ byte: UInt8) -> Bool {
    isBareKey(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
  }

  /// Digits with single underscores between them (`1_000`); nil when the grammar does not hold.
  private static func digits(_ bytes: ArraySlice<UInt8>, isDigit: (UInt8) -> Bool) -> [UInt8]? {
    var out: [UInt8] = []
    var previousWasDigit = false
    for byte in bytes {
      if byte == UInt8(ascii: "_") {
        guard previousWasDigit else { return nil }
        previousWasDigit = false
      } else if isDigit(byte) {
        out.append(byte)
        previousWasDigit = true
      } else {
        return nil
      }
    }
    return previousWasDigit ? out : nil
  }

  private func decimalInteger(_ token: [UInt8], _ text: String, at start: Int) throws(TOMLSyntaxFailure)
    -> Int64
  {
    var body = token[...]
    let negative = body.first == UInt8(ascii: "-")
    if negative || body.first == UInt8(ascii: "+") { body = body.dropFirst() }
    guard let digits = TOMLParser.digits(body, isDigit: TOMLParser.isDigit) else {
      throw failure("not a valid number: `\(text)`", at: start)
    }
    guard digits.first != UInt8(ascii: "0") || digits.count == 1 else {
      throw failure("leading zeros are not allowed in a decimal integer: `\(text)`", at: start)
    }
    var value: Int64 = 0
    for digit in digits {
      let d = Int64(digit - UInt8(ascii: "0"))
      let scaled = value.multipliedReportingOverflow(by: 10)
      let next =
        negative
        ? scaled.partialValue.subtractingReportingOverflow(d) : scaled.partialValue.addingReportingOverflow(d)
      guard !scaled.overflow, !next.overflow else {
        throw failure("integer out of range: `\(text)`", at: start)
      }
      value = next.partialValue
    }
    return value
  }

  private func prefixedInteger(_ body: ArraySlice<UInt8>, radix: Int64, _ text: String, at start: Int)
    throws(TOMLSyntaxFailure) -> Int64
  {
    guard
      let digits = TOMLParser.digits(
        body, isDigit: { TOMLParser.hexDigit($0).map { Int64($0) < radix } ?? false })
    else {
      throw failure("not a valid integer: `\(text)`", at: start)
    }
    var value: Int64 = 0
    for digit in digits {
      let d = Int64(TOMLParser.hexDigit(digit) ?? 0)
      let scaled = value.multipliedReportingOverflow(by: radix)
      let next = scaled.partialValue.addingReportingOverflow(d)
      guard !scaled.overflow, !next.overflow else {
        throw failure("integer out of range: `\(text)`", at: start)
      }
      value = next.partialValue
    }
    return value
  }

  private func float(_ token: [UInt8], _ text: String, at start: Int) throws(TOMLSyntaxFailure) -> Double {
    let invalid = failure("not a valid number: `\(text)`", at: start)
    var body = token[...]
    var clean: [UInt8] = []
    if let sign = body.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
      clean.append(sign)
      body = body.dropFirst()
    }
    let exponentAt = body.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    let mantissa = body[..<(exponentAt ?? body.endIndex)]
    let pointAt = mantissa.firstIndex(of: UInt8(ascii: "."))
    guard
      let integer = TOMLParser.digits(
        mantissa[..<(pointAt ?? mantissa.endIndex)], isDigit: TOMLParser.isDigit),
      integer.first != UInt8(ascii: "0") || integer.count == 1
    else { throw invalid }
    clean += integer
    if let pointAt {
      guard let fraction = TOMLParser.digits(mantissa[(pointAt + 1)...], isDigit: TOMLParser.isDigit) else {
        throw invalid
      }
      clean.append(UInt8(ascii: "."))
      clean += fraction
    }
    if let exponentAt {
      var exponent = body[(exponentAt + 1)...]
      clean.append(UInt8(ascii: "e"))
      if let sign = exponent.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
        clean.append(sign)
        exponent = exponent.dropFirst()
      }
      guard let digits = TOMLParser.digits(exponent, isDigit: TOMLParser.isDigit) else { throw invalid }
      clean += digits
    }
    guard let value = Double(String(decoding: clean, as: UTF8.self)) else { throw invalid }
    return value
  }

  private func dateOrDateTime(_ token: [UInt8], _ text: String, at start: Int) throws(TOMLSyntaxFailure)
    -> TOMLValue
  {
    let invalid = failure(
      "not a valid date or date-time (RFC 3339, e.g. 1979-05-27T07:32:00Z): `\(text)`", at: start)
    guard let date = TOMLParser.date(token[...]) else { throw invalid }
    var rest = token[10...]
    if rest.isEmpty { return .date(date) }
    guard let separator = rest.first,
      separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == TOMLParser.space
    else { throw invalid }
    rest = rest.dropFirst()
    guard let time = TOMLParser.time(rest) else { throw invalid }
    rest = time.rest
    if rest.isEmpty { return .dateTime(TOMLDateTime(date: date, time: time.time)) }
    if rest.count == 1, rest.first == UInt8(ascii: "Z") || rest.first == UInt8(ascii: "z") {
      return .dateTime(TOMLDateTime(date: date, time: time.time, offsetMinutes: 0))
    }
    guard rest.count == 6, let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"),
      let hours = TOMLParser.number(rest.dropFirst().prefix(2)), hours <= 23,
      rest[rest.startIndex + 3] == UInt8(ascii: ":"),
      let minutes = TOMLParser.number(rest.suffix(2)), minutes <= 59
    else { throw invalid }
    let offset = (hours * 60 + minutes) * (sign == UInt8(ascii: "-") ? -1 : 1)
    return .dateTime(TOMLDateTime(date: date, time: time.time, offsetMinutes: offset))
  }

  /// A fixed-width run of decimal digits; nil when any byte is not a digit.
  private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
    guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
    var value = 0
    for byte in bytes {
      guard isDigit(byte) else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
  }

  /// `YYYY-MM-DD` at the start of `token`, with a day that exists in that month.
  private static func date(_ token: ArraySlice<UInt8>) -> TOMLDate? {
    let s = token.startIndex
    guard token.count >= 10, token[s + 4] == UInt8(ascii: "-"), token[s + 7] == UInt8(ascii: "-"),
      let year = number(token[s..<(s + 4)]), let month = number(token[(s + 5)..<(s + 7)]),
      let day = number(token[(s + 8)..<(s + 10)]), (1...12).contains(month)
    else { return nil }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    guard (1...days).contains(day) else { return nil }
    return TOMLDate(year: year, month: month, day: day)
  }

  /// `HH:MM:SS[.fraction]` at the start of `token`, and what follows it.
  private static func time(_ token: ArraySlice<UInt8>) -> (time: TOMLTime, rest: ArraySlice<UInt8>)? {
    let s = token.startIndex
    guard token.count >= 8, token[s + 2] == UInt8(ascii: ":"), token[s + 5] == UInt8(ascii: ":"),
      let hour = number(token[s..<(s + 2)]), let minute = number(token[(s + 3)..<(s + 5)]),
      let second = number(token[(s + 6)..<(s + 8)]), hour <= 23, minute <= 59, second <= 60
    else { return nil }
    var rest = token[(s + 8)...]
    var nanosecond = 0
    if rest.first == UInt8(ascii: ".") {
      rest = rest.dropFirst()
      let digits = rest.prefix(while: isDigit)
      guard !digits.isEmpty else { return nil }
      var scale = 100_000_000
      for digit in digits.prefix(9) {
        nanosecond += Int(digit - UInt8(ascii: "0")) * scale
        scale /= 10
      }
      rest = rest.dropFirst(digits.count)
    }
    return (TOMLTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond), rest)
  }
}
