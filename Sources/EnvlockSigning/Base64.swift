// Strict base64 (RFC 4648 standard alphabet, with padding), as libsodium's
// `sodium_base642bin` with `sodium_base64_VARIANT_ORIGINAL` accepts it.

/// Encodes and decodes the base64 lines of minisign files.
enum Base64 {
  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  private static let values: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
    return table
  }()

  /// Encodes bytes as base64 with `=` padding.
  static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let b0 = UInt32(bytes[index])
      let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
      let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
      let group = b0 << 16 | b1 << 8 | b2
      out.append(alphabet[Int(group >> 18 & 63)])
      out.append(alphabet[Int(group >> 12 & 63)])
      out.append(index + 1 < bytes.count ? alphabet[Int(group >> 6 & 63)] : UInt8(ascii: "="))
      out.append(index + 2 < bytes.count ? alphabet[Int(group & 63)] : UInt8(ascii: "="))
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes padded base64; nil for any other character, bad padding or non-zero unused bits.
  static func decode<Text: Collection<UInt8>>(_ text: Text) -> [UInt8]? {
    let chars = Array(text)
    guard chars.count % 4 == 0 else { return nil }
    var padding = 0
    if chars.last == UInt8(ascii: "=") { padding += 1 }
    if chars.count >= 2 && chars[chars.count - 2] == UInt8(ascii: "=") { padding += 1 }
    var out: [UInt8] = []
    out.reserveCapacity(chars.count / 4 * 3)
    var accumulator: UInt32 = 0
    var bits = 0
    for char in chars[..<(chars.count - padding)] {
      let value = values[Int(char)]
      guard value != 0xFF else { return nil }
      accumulator = accumulator << 6 | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
        accumulator &= (1 << UInt32(bits)) - 1
      }
    }
    // Leftover bits must be zero, so each byte string has exactly one encoding.
    guard accumulator == 0 else { return nil }
    return out
  }
}
