// Typed vocabularies: the fixed strings a snapshot uses for kinds, formats, managers and warning
// codes, as enums whose raw values are the strings written to JSON. Two flavours:
//
// - closed: every value is known, and any other string is a decoding error naming the field and
//   the values allowed (a data file of an unknown kind cannot be restored or checked);
// - open: values a newer envlock may add are kept as `.other(text)` and written back unchanged
//   (an older envlock still reads a snapshot with a new warning code or package manager).

/// A string vocabulary whose values are all known: decoding any other string is an error.
public protocol ClosedVocabulary: RawRepresentable<String>, CaseIterable, Hashable, Sendable, Codable {
  /// What the value is, for decoding errors, for example `data file kind`.
  static var vocabularyName: String { get }
}

extension ClosedVocabulary {
  /// Decodes the string form; an unknown string is `DecodingError.dataCorrupted` at the field's
  /// coding path, listing the values allowed.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let value = Self(rawValue: text) else {
      let allowed = Self.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
      throw DecodingError.dataCorruptedError(
        in: container,
        debugDescription: "Unknown \(Self.vocabularyName) `\(text)`; expected one of \(allowed)")
    }
    self = value
  }
}

/// A string vocabulary that may grow: strings it does not know are kept as `other(text)`.
///
/// Equality and hashing go by the raw value, so `.other("dpkg")` equals `.dpkg`; `init(rawValue:)`
/// never builds the former.
public protocol OpenVocabulary: RawRepresentable<String>, Hashable, Sendable, Codable,
  CustomStringConvertible
{
  /// Every known value, each with its own raw value.
  static var known: [Self] { get }
  /// A value this version of envlock does not know, spelled as written.
  static func other(_ rawValue: String) -> Self
  /// The known value spelled `rawValue`, else `other(rawValue)`.
  init(rawValue: String)
}

extension OpenVocabulary {
  /// The known value spelled `rawValue`, else `other(rawValue)`.
  public init(rawValue: String) {
    self = Self.known.first { $0.rawValue == rawValue } ?? .other(rawValue)
  }

  /// Values are equal when they are spelled the same.
  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.rawValue == rhs.rawValue }

  /// Hashes the spelling.
  public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

  /// Decodes the string form; unknown strings become `other`.
  public init(from decoder: any Decoder) throws {
    self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
  }

  /// Encodes the string form.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }

  /// The raw value.
  public var description: String { rawValue }
}
