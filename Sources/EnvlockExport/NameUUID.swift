// Name-based UUIDs (RFC 9562 version 5: SHA-1 of a namespace and a name), so a document's serial
// number follows from the snapshot it describes.

import Crypto

/// Version-5 UUIDs in the URL namespace.
enum NameUUID {
  /// The URL namespace of RFC 9562 (6ba7b811-9dad-11d1-80b4-00c04fd430c8).
  static let urlNamespace: [UInt8] = [
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
  ]

  /// The lowercase text form of the version-5 UUID of `name` in the URL namespace.
  static func v5(name: String) -> String {
    var bytes = Array(Insecure.SHA1.hash(data: urlNamespace + Array(name.utf8)).prefix(16))
    bytes[6] = (bytes[6] & 0x0F) | 0x50
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    let hex = bytes.map { String($0, radix: 16).leftPadded(2) }.joined()
    let h = Array(hex)
    return [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }.joined(separator: "-")
  }
}
