// minisign key ids: 8 random bytes shared by a key pair and its signatures.

/// The 8-byte id minisign stores in public keys, secret keys and signatures.
public struct KeyID: Hashable, Sendable, CustomStringConvertible {
  /// The 8 bytes as stored in minisign files.
  public let bytes: [UInt8]

  /// Wraps 8 bytes as stored in minisign files.
  public init?(bytes: some Collection<UInt8>) {
    guard bytes.count == 8 else { return nil }
    self.bytes = Array(bytes)
  }

  /// A fresh random key id.
  static func random() -> KeyID {
    var generator = SystemRandomNumberGenerator()
    let value = generator.next() as UInt64
    return KeyID(unchecked: (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) })
  }

  init(unchecked bytes: [UInt8]) {
    precondition(bytes.count == 8)
    self.bytes = bytes
  }

  /// The bytes as a little-endian 64-bit number in 16 uppercase hex digits, as minisign prints it.
  public var description: String {
    let digits = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    for byte in bytes.reversed() {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
