// File names are bytes; snapshot JSON is UTF-8 text. A name that is not valid UTF-8 is written as
// text with every byte outside a valid UTF-8 sequence spelled `\xHH` (two lowercase hex digits)
// and every backslash spelled `\\`, so the bytes can be restored exactly.

/// The text spelling of a name that is not valid UTF-8, and back.
public enum EscapedName {
  /// `bytes` as text: valid UTF-8 sequences as they are, `\` as `\\`, any other byte as `\xHH`.
  public static func escape<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    let bytes = Array(bytes)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 8)
    var i = 0
    while i < bytes.count {
      let length = validSequenceLength(bytes, at: i)
      if length == 1 && bytes[i] == 0x5C {
        out += [0x5C, 0x5C]
      } else if length > 0 {
        out += bytes[i..<(i + length)]
      } else {
        out += [0x5C, 0x78, hexDigit(bytes[i] >> 4), hexDigit(bytes[i] & 0x0F)]
      }
      i += max(length, 1)
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The bytes `escape` was given, or nil when `text` is not something `escape` writes (a lone
  /// backslash, a bad `\x` escape, or an escaped byte that is part of valid UTF-8).
  public static func unescape(_ text: String) -> [UInt8]? {
    let utf8 = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(utf8.count)
    var i = 0
    while i < utf8.count {
      guard utf8[i] == 0x5C else {
        out.append(utf8[i])
        i += 1
        continue
      }
      guard i + 1 < utf8.count else { return nil }
      if utf8[i + 1] == 0x5C {
        out.append(0x5C)
        i += 2
        continue
      }
      guard utf8[i + 1] == 0x78, i + 3 < utf8.count, let high = hexValue(utf8[i + 2]),
        let low = hexValue(utf8[i + 3])
      else { return nil }
      out.append(high << 4 | low)
      i += 4
    }
    return escape(out) == text ? out : nil
  }

  /// The length of the valid UTF-8 sequence that starts at `i`, or 0 when none does.
  static func validSequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
    let length: Int
    switch bytes[i] {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: length = 2
    case 0xE0...0xEF: length = 3
    case 0xF0...0xF4: length = 4
    default: return 0
    }
    guard i + length <= bytes.count else { return 0 }
    return String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil ? 0 : length
  }

  private static func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? 0x30 + value : 0x61 + value - 10
  }

  private static func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case 0x30...0x39: return digit - 0x30
    case 0x61...0x66: return digit - 0x61 + 10
    default: return nil
    }
  }
}
