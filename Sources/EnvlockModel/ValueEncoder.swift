// An `Encoder` that builds a `JSONValue` tree directly, so canonical encoding needs no round trip
// through `JSONEncoder` text. Keys are converted to snake_case the way `JSONEncoder`'s
// `.convertToSnakeCase` does; floating-point values are refused (envlock files hold integers only).

import Synchronization

/// A node under construction; containers add children in place.
final class EncodingNode {
  /// A member or item: a scalar stored inline (most fields), or a nested node.
  enum Child {
    case scalar(JSONValue)
    case node(EncodingNode)

    var value: JSONValue {
      switch self {
      case .scalar(let v): v
      case .node(let n): n.value
      }
    }
  }

  var scalar: JSONValue?
  /// An object's members in the order they were encoded; a key encoded again wins over the
  /// earlier one (as with `JSONEncoder`). The writer sorts them.
  var members: [(key: String, child: Child)]?
  var array: [Child]?

  /// The finished value; an untouched node is `null`.
  var value: JSONValue {
    if let members {
      return .object(Dictionary(members.map { ($0.key, $0.child.value) }, uniquingKeysWith: { $1 }))
    }
    if let array { return .array(array.map(\.value)) }
    return scalar ?? .null
  }
}

struct ValueEncoder: Encoder {
  let node: EncodingNode
  var codingPath: [CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if node.members == nil { node.members = [] }
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
  /// The coding path is built only when it is needed (for a nested value or an error): building
  /// it for every field was a third of the time of encoding a snapshot.
  static func encode<T: Encodable>(
    _ value: T, into node: EncodingNode, codingPath: @autoclosure () -> [CodingKey]
  ) throws {
    if let scalar = try scalar(value, codingPath: codingPath()) {
      node.scalar = scalar
    } else {
      try value.encode(to: ValueEncoder(node: node, codingPath: codingPath()))
    }
  }

  /// `value` as a container child: inline when it is a primitive, else a node it is encoded into.
  static func child<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [CodingKey]) throws
    -> EncodingNode.Child
  {
    if let scalar = try scalar(value, codingPath: codingPath()) { return .scalar(scalar) }
    let node = EncodingNode()
    try value.encode(to: ValueEncoder(node: node, codingPath: codingPath()))
    return .node(node)
  }

  /// The JSON scalar of a primitive value; nil for anything else. Floating-point is refused.
  private static func scalar<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [CodingKey]) throws
    -> JSONValue?
  {
    // Strings are most fields: a metatype check first spares the failing casts of the switch.
    if T.self == String.self, let v = value as? String { return .string(v) }
    switch value {
    case let v as String: return .string(v)
    // envlock's own string-valued types, as their `encode(to:)` writes them, without a node.
    case let v as Digest: return .string(v.hex)
    case let v as Timestamp: return .string(v.rfc3339)
    case let v as DataFile.Kind: return .string(v.rawValue)
    case let v as Bool: return .bool(v)
    case let v as Int: return .integer(Int64(v))
    case let v as Int64: return .integer(v)
    case let v as Int32: return .integer(Int64(v))
    case let v as UInt8: return .integer(Int64(v))
    case let v as UInt32: return .integer(Int64(v))
    case let v as UInt64:
      guard let i = Int64(exactly: v) else {
        throw JSONError.notCanonical("\(v) exceeds the signed 64-bit range")
      }
      return .integer(i)
    case is Double, is Float:
      throw JSONError.notCanonical(
        "floating-point value at `\(codingPath().map(\.stringValue).joined(separator: "."))`")
    default:
      return nil
    }
  }

  /// `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`: `fileCount` → `file_count`,
  /// `myURLValue` → `my_url_value`.
  static func snakeCase(_ key: String) -> String {
    // Most keys are one lowercase word: nothing to convert.
    if !key.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return key }
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

  private func add(_ key: Key, _ child: EncodingNode.Child) {
    node.members!.append((ValueEncoder.snakeCase(key.stringValue), child))
  }

  private func child(_ key: Key) -> EncodingNode {
    let child = EncodingNode()
    add(key, .node(child))
    return child
  }

  mutating func encodeNil(forKey key: Key) throws { add(key, .scalar(.null)) }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    add(key, try ValueEncoder.child(value, codingPath: codingPath + [key]))
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
    node.array!.append(.node(child))
    return child
  }

  mutating func encodeNil() throws { node.array!.append(.scalar(.null)) }

  mutating func encode<T: Encodable>(_ value: T) throws {
    let index = count
    node.array!.append(try ValueEncoder.child(value, codingPath: codingPath + [IndexKey(index)]))
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
