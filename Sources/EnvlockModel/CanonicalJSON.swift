// Canonical JSON for envlock files (a documented subset of RFC 8259, see Docs/format.md):
// object keys sorted by their UTF-8 bytes, two-space indentation, integers only,
// minimal string escaping, one trailing newline. The same value always gives the same bytes.

import EnvlockDiagnostics
import Foundation

/// A JSON value tree, as read by the strict parser or written by the canonical encoder.
public enum JSONValue: Hashable, Sendable {
  case null
  case bool(Bool)
  case integer(Int64)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])
}

/// Why JSON could not be read or written.
public enum JSONError: DiagnosticError, Hashable, Sendable {
  /// The text is not valid JSON at the given line and column (1-based).
  case syntax(line: Int, column: Int, reason: String)
  /// An object has the same key twice.
  case duplicateKey(line: Int, column: Int, key: String)
  /// A number is not an integer in the signed 64-bit range (envlock files use integers only).
  case unsupportedNumber(line: Int, column: Int, text: String)
  /// A value cannot be represented in canonical JSON.
  case notCanonical(String)

  /// A one-line message naming the problem and where it is.
  public var message: String {
    switch self {
    case .syntax(let line, let column, let reason):
      return "Invalid JSON at line \(line), column \(column): \(reason)"
    case .duplicateKey(let line, let column, let key):
      return "Duplicate key at line \(line), column \(column): `\(key)`"
    case .unsupportedNumber(let line, let column, let text):
      return
        "Unsupported number at line \(line), column \(column) (only 64-bit integers are allowed): \(text)"
    case .notCanonical(let reason):
      return "Value cannot be written as canonical JSON: \(reason)"
    }
  }
}

/// Encodes `Encodable` values as canonical JSON and decodes them back strictly.
public enum CanonicalJSON {
  /// Encodes a value to canonical JSON bytes (sorted keys, fixed layout, trailing newline).
  public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
    let root = EncodingNode()
    try ValueEncoder.encode(value, into: root, codingPath: [])
    var out: [UInt8] = []
    out.reserveCapacity(1 << 16)
    write(root, indent: 0, into: &out)
    out.append(0x0A)
    return out
  }

  /// Encodes a value to a JSON tree, keys in snake_case as `JSONEncoder.convertToSnakeCase` writes them.
  public static func tree<T: Encodable>(_ value: T) throws -> JSONValue {
    let root = EncodingNode()
    try ValueEncoder.encode(value, into: root, codingPath: [])
    return root.value
  }

  /// Parses bytes strictly (no duplicate keys, integers only) and decodes a value from them.
  /// Throws `JSONError` for bad JSON and `DecodingError` for JSON of the wrong shape.
  public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
    try decode(type, fromTree: try parse(bytes))
  }

  /// Decodes a value from a parsed tree (keys in snake_case, as `encode` writes them); a wrong
  /// shape is a `DecodingError` naming its coding path.
  public static func decode<T: Decodable>(_ type: T.Type, fromTree tree: JSONValue) throws -> T {
    try ValueDecoder.decode(type, from: tree, codingPath: [])
  }

  /// Renders a value tree in the canonical layout.
  public static func render(_ value: JSONValue) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(4096)
    write(value, indent: 0, into: &out)
    out.append(0x0A)
    return out
  }

  /// Parses JSON text strictly: one value, no duplicate keys, integers only, UTF-8.
  public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
    var parser = Parser(bytes: bytes)
    return try parser.parseDocument()
  }

  private static func write(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
    switch value {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
    case .integer(let i): writeInteger(i, into: &out)
    case .string(let s): writeString(s, into: &out)
    case .array(let items): writeArray(items, indent: indent, into: &out, element: write)
    case .object(let members):
      writeObject(
        sortedKeys(Array(members.keys)).map { ($0, members[$0]!) }, indent: indent, into: &out, member: write)
    }
  }

  /// Renders an encoder node directly, with the same layout as a `JSONValue`.
  private static func write(_ node: EncodingNode, indent: Int, into out: inout [UInt8]) {
    if let members = node.members {
      writeObject(sortedMembers(members), indent: indent, into: &out, member: write)
    } else if let items = node.array {
      writeArray(items, indent: indent, into: &out, element: write)
    } else {
      write(node.scalar ?? .null, indent: indent, into: &out)
    }
  }

  private static func write(_ child: EncodingNode.Child, indent: Int, into out: inout [UInt8]) {
    switch child {
    case .scalar(let value): write(value, indent: indent, into: &out)
    case .node(let node): write(node, indent: indent, into: &out)
    }
  }

  /// `[`, one item per line indented two more spaces, `]`; `[]` when empty.
  private static func writeArray<Item>(
    _ items: [Item], indent: Int, into out: inout [UInt8], element: (Item, Int, inout [UInt8]) -> Void
  ) {
    if items.isEmpty {
      out.append(contentsOf: [0x5B, 0x5D])
      return
    }
    out.append(contentsOf: [0x5B, 0x0A])
    for (i, item) in items.enumerated() {
      out.append(contentsOf: repeatElement(0x20, count: indent + 2))
      element(item, indent + 2, &out)
      if i < items.count - 1 { out.append(0x2C) }
      out.append(0x0A)
    }
    out.append(contentsOf: repeatElement(0x20, count: indent))
    out.append(0x5D)
  }

  /// `{`, one `"key": value` per line in the given (sorted) order, indented two more spaces, `}`;
  /// `{}` when empty.
  private static func writeObject<Member>(
    _ members: [(key: String, value: Member)], indent: Int, into out: inout [UInt8],
    member: (Member, Int, inout [UInt8]) -> Void
  ) {
    if members.isEmpty {
      out.append(contentsOf: [0x7B, 0x7D])
      return
    }
    out.append(contentsOf: [0x7B, 0x0A])
    for (i, m) in members.enumerated() {
      out.append(contentsOf: repeatElement(0x20, count: indent + 2))
      writeString(m.key, into: &out)
      out.append(contentsOf: [0x3A, 0x20])
      member(m.value, indent + 2, &out)
      if i < members.count - 1 { out.append(0x2C) }
      out.append(0x0A)
    }
    out.append(contentsOf: repeatElement(0x20, count: indent))
    out.append(0x7D)
  }

  /// An encoder node's members in key-byte order; of a key encoded twice, only the last.
  private static func sortedMembers(_ members: [(key: String, child: EncodingNode.Child)]) -> [(
    key: String, value: EncodingNode.Child
  )] {
    // Stable: equal keys stay in encoding order, and the last of each run is kept.
    let order = members.indices.sorted { bytewise(members[$0].key, members[$1].key) }
    return order.indices.filter {
      $0 == order.count - 1 || members[order[$0]].key != members[order[$0 + 1]].key
    }.map { (members[order[$0]].key, members[order[$0]].child) }
  }

  /// Shortest decimal form of a signed 64-bit integer.
  private static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
    if value == 0 {
      out.append(0x30)
      return
    }
    if value < 0 { out.append(0x2D) }
    var magnitude = value.magnitude
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      while magnitude > 0 {
        buffer[count] = UInt8(magnitude % 10) + 0x30
        magnitude /= 10
        count += 1
      }
      for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
    }
  }

  /// Keys in the order of their UTF-8 bytes (for ASCII keys, plain string order is the same).
  private static func sortedKeys(_ keys: [String]) -> [String] {
    if keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) { return keys.sorted() }
    return keys.map { ($0, Array($0.utf8)) }.sorted { $0.1.lexicographicallyPrecedes($1.1) }.map(\.0)
  }

  private static func writeString(_ s: String, into out: inout [UInt8]) {
    out.append(0x22)
    // Fast path: nothing to escape; the bytes are copied in one go.
    var text = s
    let plain = text.withUTF8 { bytes in
      guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return false }
      out.append(contentsOf: bytes)
      return true
    }
    if plain {
      out.append(0x22)
      return
    }
    for byte in s.utf8 {
      switch byte {
      case 0x22: out += [0x5C, 0x22]
      case 0x5C: out += [0x5C, 0x5C]
      case 0x08: out += [0x5C, 0x62]
      case 0x0C: out += [0x5C, 0x66]
      case 0x0A: out += [0x5C, 0x6E]
      case 0x0D: out += [0x5C, 0x72]
      case 0x09: out += [0x5C, 0x74]
      case 0x00..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
      default: out.append(byte)
      }
    }
    out.append(0x22)
  }

  private struct Parser {
    let bytes: [UInt8]
    var pos = 0
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws -> JSONValue {
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { throw fail("a byte-order mark is not allowed") }
      skipSpace()
      let value = try parseValue()
      skipSpace()
      if pos != bytes.count { throw fail("unexpected text after the JSON value") }
      return value
    }

    func location(_ at: Int) -> (Int, Int) {
      var line = 1
      var column = 1
      for b in bytes[..<min(at, bytes.count)] {
        if b == 0x0A {
          line += 1
          column = 1
        } else if b & 0xC0 != 0x80 {
          column += 1
        }
      }
      return (line, column)
    }

    func fail(_ reason: String, at: Int? = nil) -> JSONError {
      let (l, c) = location(at ?? pos)
      return .syntax(line: l, column: c, reason: reason)
    }

    mutating func skipSpace() {
      while pos < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[pos]) { pos += 1 }
    }

    mutating func expect(_ literal: String, _ value: JSONValue) throws -> JSONValue {
      let lit = Array(literal.utf8)
      guard bytes.count - pos >= lit.count, Array(bytes[pos..<pos + lit.count]) == lit else {
        throw fail("unexpected character")
      }
      pos += lit.count
      return value
    }

    mutating func parseValue() throws -> JSONValue {
      guard pos < bytes.count else { throw fail("unexpected end of input") }
      switch bytes[pos] {
      case 0x7B: return try parseObject()
      case 0x5B: return try parseArray()
      case 0x22: return .string(try parseString())
      case 0x74: return try expect("true", .bool(true))
      case 0x66: return try expect("false", .bool(false))
      case 0x6E: return try expect("null", .null)
      case 0x2D, 0x30...0x39: return try parseNumber()
      default: throw fail("unexpected character")
      }
    }

    mutating func enter() throws {
      depth += 1
      if depth > 256 { throw fail("nesting deeper than 256 levels") }
    }

    mutating func parseObject() throws -> JSONValue {
      try enter()
      defer { depth -= 1 }
      pos += 1
      var members: [String: JSONValue] = [:]
      skipSpace()
      if pos < bytes.count, bytes[pos] == 0x7D {
        pos += 1
        return .object(members)
      }
      while true {
        skipSpace()
        guard pos < bytes.count, bytes[pos] == 0x22 else { throw fail("expected a string key") }
        let keyStart = pos
        let key = try parseString()
        skipSpace()
        guard pos < bytes.count, bytes[pos] == 0x3A else { throw fail("expected `:`") }
        pos += 1
        skipSpace()
        let value = try parseValue()
        if members.updateValue(value, forKey: key) != nil {
          let (l, c) = location(keyStart)
          throw JSONError.duplicateKey(line: l, column: c, key: key)
        }
        skipSpace()
        guard pos < bytes.count else { throw fail("unexpected end of input in an object") }
        if bytes[pos] == 0x2C {
          pos += 1
          continue
        }
        if bytes[pos] == 0x7D {
          pos += 1
          return .object(members)
        }
        throw fail("expected `,` or `}`")
      }
    }

    mutating func parseArray() throws -> JSONValue {
      try enter()
      defer { depth -= 1 }
      pos += 1
      var items: [JSONValue] = []
      skipSpace()
      if pos < bytes.count, bytes[pos] == 0x5D {
        pos += 1
        return .array(items)
      }
      while true {
        skipSpace()
        items.append(try parseValue())
        skipSpace()
        guard pos < bytes.count else { throw fail("unexpected end of input in an array") }
        if bytes[pos] == 0x2C {
          pos += 1
          continue
        }
        if bytes[pos] == 0x5D {
          pos += 1
          return .array(items)
        }
        throw fail("expected `,` or `]`")
      }
    }

    mutating func parseNumber() throws -> JSONValue {
      let start = pos
      if bytes[pos] == 0x2D { pos += 1 }
      while pos < bytes.count,
        (0x30...0x39).contains(bytes[pos]) || [0x2E, 0x65, 0x45, 0x2B, 0x2D].contains(bytes[pos])
      {
        pos += 1
      }
      let text = String(decoding: bytes[start..<pos], as: UTF8.self)
      let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
      guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
        !(digits.count > 1 && digits.hasPrefix("0")), let value = Int64(text)
      else {
        let (l, c) = location(start)
        throw JSONError.unsupportedNumber(line: l, column: c, text: text)
      }
      return .integer(value)
    }

    mutating func parseString() throws -> String {
      pos += 1
      // Fast path, nearly every string: no escape up to the closing quote; one copy into the String.
      var end = pos
      while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C, bytes[end] >= 0x20 { end += 1 }
      if end < bytes.count, bytes[end] == 0x22 {
        let start = pos
        let text = bytes.withUnsafeBufferPointer {
          String(validating: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self)
        }
        pos = end + 1
        guard let text else { throw fail("string is not valid UTF-8") }
        return text
      }
      var out: [UInt8] = []
      while true {
        guard pos < bytes.count else { throw fail("unterminated string") }
        let b = bytes[pos]
        if b == 0x22 {
          pos += 1
          break
        }
        if b < 0x20 { throw fail("control character in a string must be escaped") }
        if b == 0x5C {
          pos += 1
          guard pos < bytes.count else { throw fail("unterminated escape") }
          let e = bytes[pos]
          pos += 1
          switch e {
          case 0x22: out.append(0x22)
          case 0x5C: out.append(0x5C)
          case 0x2F: out.append(0x2F)
          case 0x62: out.append(0x08)
          case 0x66: out.append(0x0C)
          case 0x6E: out.append(0x0A)
          case 0x72: out.append(0x0D)
          case 0x74: out.append(0x09)
          case 0x75:
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
              guard pos + 1 < bytes.count, bytes[pos] == 0x5C, bytes[pos + 1] == 0x75 else {
                throw fail("unpaired surrogate in \\u escape")
              }
              pos += 2
              let low = try hex4()
              guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate in \\u escape") }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
              throw fail("unpaired surrogate in \\u escape")
            }
            guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
            out += Array(String(Character(u)).utf8)
          default: throw fail("invalid escape")
          }
          continue
        }
        out.append(b)
        pos += 1
      }
      guard let s = String(validating: out, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
      return s
    }

    mutating func hex4() throws -> UInt32 {
      guard pos + 4 <= bytes.count else { throw fail("truncated \\u escape") }
      var v: UInt32 = 0
      for _ in 0..<4 {
        let c = bytes[pos]
        let d: UInt32
        switch c {
        case 0x30...0x39: d = UInt32(c - 0x30)
        case 0x61...0x66: d = UInt32(c - 0x61 + 10)
        case 0x41...0x46: d = UInt32(c - 0x41 + 10)
        default: throw fail("invalid \\u escape")
        }
        v = v * 16 + d
        pos += 1
      }
      return v
    }
  }
}
