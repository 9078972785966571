// A `Decoder` over a `JSONValue` tree, the mirror of `ValueEncoder`: keys are looked up in the
// snake_case spelling the encoder writes, integers are range-checked, and every failure is a
// `DecodingError` with its coding path, as `JSONDecoder` reports them. Reading a manifest this
// way parses its text once (strictly) instead of twice.

/// Decodes `Decodable` values from a parsed JSON tree.
struct ValueDecoder: Decoder {
  let value: JSONValue
  let codingPath: [CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard case .object(let members) = value else {
      throw ValueDecoder.mismatch([String: Any].self, value, codingPath)
    }
    return KeyedDecodingContainer(KeyedReader<Key>(members: members, codingPath: codingPath))
  }

  func unkeyedContainer() throws -> UnkeyedDecodingContainer {
    guard case .array(let items) = value else { throw ValueDecoder.mismatch([Any].self, value, codingPath) }
    return UnkeyedReader(items: items, codingPath: codingPath)
  }

  func singleValueContainer() throws -> SingleValueDecodingContainer {
    SingleReader(value: value, codingPath: codingPath)
  }

  /// Decodes `type` from `value`: strings, booleans and integers directly, anything else through
  /// its `init(from:)`.
  static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [CodingKey]) throws -> T
  {
    if T.self == String.self {
      guard case .string(let s) = value else { throw mismatch(T.self, value, codingPath) }
      return s as! T
    }
    if T.self == Bool.self {
      guard case .bool(let b) = value else { throw mismatch(T.self, value, codingPath) }
      return b as! T
    }
    if T.self == Int.self || T.self == Int64.self {
      guard case .integer(let i) = value else { throw mismatch(T.self, value, codingPath) }
      return (T.self == Int.self ? Int(i) as Any : i as Any) as! T
    }
    // envlock's string-valued types (most values of a large snapshot): parsed directly when
    // valid; anything else goes through their `init(from:)`, which reports the error.
    if T.self == Digest.self, case .string(let s) = value, let digest = Digest(hex: s) { return digest as! T }
    if T.self == Timestamp.self, case .string(let s) = value, let time = Timestamp(rfc3339: s) {
      return time as! T
    }
    if T.self == DataFile.Kind.self, case .string(let s) = value, let kind = DataFile.Kind(rawValue: s) {
      return kind as! T
    }
    // (The size test spares most structs the conformance lookup; no integer type is wider than
    // 16 bytes, `Int128`.)
    if MemoryLayout<T>.size <= 16, let integer = T.self as? any FixedWidthInteger.Type {
      guard case .integer(let i) = value else { throw mismatch(T.self, value, codingPath) }
      guard let exact = integer.init(exactly: i) else {
        throw DecodingError.dataCorrupted(
          DecodingError.Context(
            codingPath: codingPath, debugDescription: "Number \(i) does not fit in \(T.self)."))
      }
      return exact as! T
    }
    if T.self == Double.self || T.self == Float.self {
      guard case .integer(let i) = value else { throw mismatch(T.self, value, codingPath) }
      return (T.self == Double.self ? Double(i) as Any : Float(i) as Any) as! T
    }
    return try T(from: ValueDecoder(value: value, codingPath: codingPath))
  }

  /// `valueNotFound` for null, else `typeMismatch`, as `JSONDecoder` distinguishes them.
  static func mismatch(_ type: Any.Type, _ value: JSONValue, _ codingPath: [CodingKey]) -> DecodingError {
    if case .null = value {
      return DecodingError.valueNotFound(
        type, DecodingError.Context(codingPath: codingPath, debugDescription: "Found null."))
    }
    return DecodingError.typeMismatch(
      type,
      DecodingError.Context(
        codingPath: codingPath, debugDescription: "Expected \(type) but found \(kind(of: value))."))
  }

  static func kind(of value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool: "a boolean"
    case .integer: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }

  /// `JSONDecoder.KeyDecodingStrategy.convertFromSnakeCase`: `file_count` → `fileCount`.
  static func camelCase(_ key: String) -> String {
    guard key.contains("_") else { return key }
    let leading = key.prefix { $0 == "_" }
    let trailing = key.reversed().prefix { $0 == "_" }
    guard leading.count < key.count else { return key }
    let core = key.dropFirst(leading.count).dropLast(trailing.count)
    let words = core.split(separator: "_", omittingEmptySubsequences: true)
    let joined = words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }
      .joined()
    return String(leading) + joined + String(trailing)
  }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let members: [String: JSONValue]
  let codingPath: [CodingKey]

  var allKeys: [Key] { members.keys.compactMap { Key(stringValue: ValueDecoder.camelCase($0)) } }

  func contains(_ key: Key) -> Bool { members[ValueEncoder.snakeCase(key.stringValue)] != nil }

  private func value(_ key: Key) throws -> JSONValue {
    guard let value = members[ValueEncoder.snakeCase(key.stringValue)] else {
      throw DecodingError.keyNotFound(
        key,
        DecodingError.Context(
          codingPath: codingPath,
          debugDescription:
            "No value associated with key \(key.stringValue) (\"\(ValueEncoder.snakeCase(key.stringValue))\")."
        ))
    }
    return value
  }

  func decodeNil(forKey key: Key) throws -> Bool {
    if case .null = try value(key) { return true }
    return false
  }

  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    try ValueDecoder.decode(type, from: try value(key), codingPath: codingPath + [key])
  }

  // 128-bit integers have their own requirements, whose default implementations refuse them.
  func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 {
    try ValueDecoder.decode(type, from: try value(key), codingPath: codingPath + [key])
  }

  func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 {
    try ValueDecoder.decode(type, from: try value(key), codingPath: codingPath + [key])
  }

  func nestedContainer<NestedKey: CodingKey>(
    keyedBy type: NestedKey.Type, forKey key: Key
  ) throws -> KeyedDecodingContainer<NestedKey> {
    try ValueDecoder(value: try value(key), codingPath: codingPath + [key]).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
    try ValueDecoder(value: try value(key), codingPath: codingPath + [key]).unkeyedContainer()
  }

  func superDecoder() throws -> Decoder {
    ValueDecoder(value: .object(members), codingPath: codingPath)
  }

  func superDecoder(forKey key: Key) throws -> Decoder {
    ValueDecoder(value: try value(key), codingPath: codingPath + [key])
  }
}

private struct IndexKey: CodingKey {
  var stringValue: String { "Index \(intValue!)" }
  var intValue: Int?
  init(_ index: Int) { intValue = index }
  init?(stringValue: String) { nil }
  init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedReader: UnkeyedDecodingContainer {
  let items: [JSONValue]
  let codingPath: [CodingKey]
  var currentIndex = 0

  init(items: [JSONValue], codingPath: [CodingKey]) {
    self.items = items
    self.codingPath = codingPath
  }

  var count: Int? { items.count }
  var isAtEnd: Bool { currentIndex >= items.count }

  private mutating func next(_ type: Any.Type) throws -> JSONValue {
    guard !isAtEnd else {
      throw DecodingError.valueNotFound(
        type,
        DecodingError.Context(
          codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "Unkeyed container is at end.")
      )
    }
    defer { currentIndex += 1 }
    return items[currentIndex]
  }

  mutating func decodeNil() throws -> Bool {
    guard !isAtEnd else { return false }
    if case .null = items[currentIndex] {
      currentIndex += 1
      return true
    }
    return false
  }

  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
    let path = codingPath + [IndexKey(currentIndex)]
    return try ValueDecoder.decode(type, from: try next(type), codingPath: path)
  }

  mutating func decode(_ type: Int128.Type) throws -> Int128 {
    let path = codingPath + [IndexKey(currentIndex)]
    return try ValueDecoder.decode(type, from: try next(type), codingPath: path)
  }

  mutating func decode(_ type: UInt128.Type) throws -> UInt128 {
    let path = codingPath + [IndexKey(currentIndex)]
    return try ValueDecoder.decode(type, from: try next(type), codingPath: path)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    let path = codingPath + [IndexKey(currentIndex)]
    return try ValueDecoder(value: try next(KeyedDecodingContainer<NestedKey>.self), codingPath: path)
      .container(keyedBy: type)
  }

  mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
    let path = codingPath + [IndexKey(currentIndex)]
    return try ValueDecoder(value: try next(UnkeyedDecodingContainer.self), codingPath: path)
      .unkeyedContainer()
  }

  mutating func superDecoder() throws -> Decoder {
    let path = codingPath + [IndexKey(currentIndex)]
    return ValueDecoder(value: try next(Decoder.self), codingPath: path)
  }
}

private struct SingleReader: SingleValueDecodingContainer {
  let value: JSONValue
  let codingPath: [CodingKey]

  func decodeNil() -> Bool {
    if case .null = value { return true }
    return false
  }

  func decode<T: Decodable>(_ type: T.Type) throws -> T {
    try ValueDecoder.decode(type, from: value, codingPath: codingPath)
  }

  func decode(_ type: Int128.Type) throws -> Int128 {
    try ValueDecoder.decode(type, from: value, codingPath: codingPath)
  }

  func decode(_ type: UInt128.Type) throws -> UInt128 {
    try ValueDecoder.decode(type, from: value, codingPath: codingPath)
  }
}
