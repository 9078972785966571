// An `Encoder` that builds a `JSONValue` tree directly, so canonical encoding needs no round trip
// through `JSONEncoder` text. Keys are converted to snake_case the way `JSONEncoder`'s
// `.convertToSnakeCase` does; floating-point values are refused (envlock files hold integers only).

import Synchronization

/// A node under construction; containers add children in place.
final class EncodingNode {
  var scalar: JSONValue?
  var object: [String: EncodingNode]?
  var array: [EncodingNode]?

  /// The finished value; an untouched node is `null`.
  var value: JSONValue {
    if let object { return .object(object.mapValues(\.value)) }
    if let array { return .array(array.map(\.value)) }
    return scalar ?? .null
  }
}

struct ValueEncoder: Encoder {
  let node: EncodingNode
  var codingPath: [CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if node.object == nil { node.object = [:] }
    return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
  }

  func unkeyedContainer() -> UnkeyedEncodingContainer {
    if node.array == nil { node.array = [] }
    return UnkeyedContainer(node: node, codingPath: codingPath)
  }

  func singleValueContainer() -> SingleValueEncodingContainer {
    SingleContainer(node: node, codingPath: codingPath)
  }

  /// Encodes `value` into `node`: primitives directly, everything else through its `encode(to:)`.
  static func encode<T: Encodable>(_ value: T, into node: EncodingNode, codingPath: [CodingKey]) throws {
    switch value {
    case let v as String: node.scalar = .string(v)
    case let v as Bool: node.scalar = .bool(v)
    case let v as Int: node.scalar = .integer(Int64(v))
    case let v as Int64: node.scalar = .integer(v)
    case let v as Int32: node.scalar = .integer(Int64(v))
    case let v as UInt8: node.scalar = .integer(Int64(v))
    case let v as UInt32: node.scalar = .integer(Int64(v))
    case let v as UInt64:
      guard let i = Int64(exactly: v) else {
        throw JSONError.notCanonical("\(v) exceeds the signed 64-bit range")
      }
      node.scalar = .integer(i)
    case is Double, is Float:
      throw JSONError.notCanonical(
        "floating-point value at `\(codingPath.map(\.stringValue).joined(separator: "."))`")
    default:
      try value.encode(to: ValueEncoder(node: node, codingPath: codingPath))
    }
  }

  /// `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`: `fileCount` → `file_count`,
  /// `myURLValue` → `my_url_value`.
  static func snakeCase(_ key: String) -> String {
    if let known = snakeCaseCache.withLock({ $0[key] }) { return known }
    let converted = convertToSnakeCase(key)
    snakeCaseCache.withLock { $0[key] = converted }
    return converted
  }

  /// Converted keys: a snapshot repeats the same few dozen keys thousands of times.
  private static let snakeCaseCache = Mutex<[String: String]>([:])

  private static func convertToSnakeCase(_ key: String) -> String {
    guard !key.isEmpty else { return key }
    var words: [Range<String.Index>] = []
    var wordStart = key.startIndex
    var searchRange = key.index(after: wordStart)..<key.endIndex
    while let upper = key.rangeOfCharacter(in: searchRange, where: \.isUppercase) {
      words.append(wordStart..<upper.lowerBound)
      searchRange = upper.lowerBound..<searchRange.upperBound
      guard let lower = key.rangeOfCharacter(in: searchRange, where: \.isLowercase) else {
        wordStart = searchRange.lowerBound
        break
      }
      let nextCharacterAfterCapital = key.index(after: upper.lowerBound)
      if lower.lowerBound == nextCharacterAfterCapital {
        wordStart = upper.lowerBound
      } else {
        let beforeLowerIndex = key.index(before: lower.lowerBound)
        words.append(upper.lowerBound..<beforeLowerIndex)
        wordStart = beforeLowerIndex
      }
      searchRange = lower.upperBound..<searchRange.upperBound
    }
    words.append(wordStart..<searchRange.upperBound)
    return words.map { key[$0].lowercased() }.joined(separator: "_")
  }
}

extension String {
  fileprivate func rangeOfCharacter(
    in range: Range<String.Index>, where predicate: (Character) -> Bool
  ) -> Range<String.Index>? {
    var i = range.lowerBound
    while i < range.upperBound {
      if predicate(self[i]) { return i..<index(after: i) }
      i = index(after: i)
    }
    return nil
  }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let node: EncodingNode
  var codingPath: [CodingKey]

  private func child(_ key: Key) -> EncodingNode {
    let name = ValueEncoder.snakeCase(key.stringValue)
    if let existing = node.object![name] { return existing }
    let child = EncodingNode()
    node.object![name] = child
    return child
  }

  mutating func encodeNil(forKey key: Key) throws { child(key).scalar = .null }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    try ValueEncoder.encode(value, into: child(key), codingPath: codingPath + [key])
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    ValueEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
    ValueEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
  }

  mutating func superEncoder() -> Encoder {
    ValueEncoder(node: node, codingPath: codingPath)
  }

  mutating func superEncoder(forKey key: Key) -> Encoder {
    ValueEncoder(node: child(key), codingPath: codingPath + [key])
  }
}

private struct IndexKey: CodingKey {
  var stringValue: String { String(intValue!) }
  var intValue: Int?
  init(_ index: Int) { intValue = index }
  init?(stringValue: String) { nil }
  init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
  let node: EncodingNode
  var codingPath: [CodingKey]
  var count: Int { node.array!.count }

  private func append() -> EncodingNode {
    let child = EncodingNode()
    node.array!.append(child)
    return child
  }

  mutating func encodeNil() throws { append().scalar = .null }

  mutating func encode<T: Encodable>(_ value: T) throws {
    let path = codingPath + [IndexKey(count)]
    try ValueEncoder.encode(value, into: append(), codingPath: path)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    let path = codingPath + [IndexKey(count)]
    return ValueEncoder(node: append(), codingPath: path).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
    let path = codingPath + [IndexKey(count)]
    return ValueEncoder(node: append(), codingPath: path).unkeyedContainer()
  }

  mutating func superEncoder() -> Encoder {
    let path = codingPath + [IndexKey(count)]
    return ValueEncoder(node: append(), codingPath: path)
  }
}

private struct SingleContainer: SingleValueEncodingContainer {
  let node: EncodingNode
  var codingPath: [CodingKey]

  mutating func encodeNil() throws { node.scalar = .null }

  mutating func encode<T: Encodable>(_ value: T) throws {
    try ValueEncoder.encode(value, into: node, codingPath: codingPath)
  }
}
