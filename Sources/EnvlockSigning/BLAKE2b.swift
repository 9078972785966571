// BLAKE2b as specified in RFC 7693 (unkeyed and keyed, digests of 1 to 64 bytes).
// minisign uses BLAKE2b-512 to prehash messages (`ED` signatures) and BLAKE2b-256 as the
// checksum of secret keys; swift-crypto does not provide it.

/// An incremental BLAKE2b hash (RFC 7693).
public struct BLAKE2b: Sendable {
  private static let iv: [UInt64] = [
    0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179,
  ]

  private static let sigma: [[Int]] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
  ]

  private var state: [UInt64]
  private var buffer: [UInt8] = []
  private var byteCount: UInt64 = 0
  private var byteCountHigh: UInt64 = 0
  private let digestLength: Int

  /// Starts a hash with a digest of `digestLength` bytes (1...64) and an optional key (0...64 bytes).
  public init(digestLength: Int = 64, key: [UInt8] = []) {
    precondition((1...64).contains(digestLength), "BLAKE2b digest length must be 1...64")
    precondition(key.count <= 64, "BLAKE2b key must be at most 64 bytes")
    self.digestLength = digestLength
    state = Self.iv
    state[0] ^= 0x0101_0000 ^ UInt64(key.count) << 8 ^ UInt64(digestLength)
    buffer.reserveCapacity(128)
    if !key.isEmpty {
      buffer = key + [UInt8](repeating: 0, count: 128 - key.count)
    }
  }

  /// Hashes `message` in one call.
  public static func hash(_ message: some Sequence<UInt8>, digestLength: Int = 64) -> [UInt8] {
    var hasher = BLAKE2b(digestLength: digestLength)
    hasher.update(Array(message))
    return hasher.finalize()
  }

  /// Adds bytes to the hash.
  public mutating func update(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { input in
      var offset = 0
      while offset < input.count {
        // A full buffer is compressed only once more input arrives: the last block is special.
        if buffer.count == 128 {
          compress(buffer[...], last: false)
          buffer.removeAll(keepingCapacity: true)
        }
        if buffer.isEmpty && input.count - offset > 128 {
          compress(input[offset..<offset + 128], last: false)
          offset += 128
          continue
        }
        let take = min(128 - buffer.count, input.count - offset)
        buffer.append(contentsOf: input[offset..<offset + take])
        offset += take
      }
    }
  }

  /// Finishes the hash and returns the digest.
  public mutating func finalize() -> [UInt8] {
    let count = buffer.count
    buffer.append(contentsOf: [UInt8](repeating: 0, count: 128 - count))
    compress(buffer[...], last: true, length: count)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for word in state {
      for shift in stride(from: 0, to: 64, by: 8) {
        out.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
      }
    }
    return Array(out.prefix(digestLength))
  }

  private mutating func compress<Block: Collection<UInt8>>(
    _ block: Block, last: Bool, length: Int = 128
  ) where Block.Index == Int {
    let (low, overflow) = byteCount.addingReportingOverflow(UInt64(length))
    byteCount = low
    if overflow { byteCountHigh &+= 1 }
    var m = [UInt64](repeating: 0, count: 16)
    let start = block.startIndex
    for i in 0..<16 {
      var word: UInt64 = 0
      for j in 0..<8 { word |= UInt64(block[start + i * 8 + j]) << UInt64(8 * j) }
      m[i] = word
    }
    var v = state + Self.iv
    v[12] ^= byteCount
    v[13] ^= byteCountHigh
    if last { v[14] = ~v[14] }
    for round in 0..<12 {
      let s = Self.sigma[round % 10]
      Self.mix(&v, 0, 4, 8, 12, m[s[0]], m[s[1]])
      Self.mix(&v, 1, 5, 9, 13, m[s[2]], m[s[3]])
      Self.mix(&v, 2, 6, 10, 14, m[s[4]], m[s[5]])
      Self.mix(&v, 3, 7, 11, 15, m[s[6]], m[s[7]])
      Self.mix(&v, 0, 5, 10, 15, m[s[8]], m[s[9]])
      Self.mix(&v, 1, 6, 11, 12, m[s[10]], m[s[11]])
      Self.mix(&v, 2, 7, 8, 13, m[s[12]], m[s[13]])
      Self.mix(&v, 3, 4, 9, 14, m[s[14]], m[s[15]])
    }
    for i in 0..<8 { state[i] ^= v[i] ^ v[i + 8] }
  }

  @inline(__always)
  private static func mix(
    _ v: inout [UInt64], _ a: Int, _ b: Int, _ c: Int, _ d: Int, _ x: UInt64, _ y: UInt64
  ) {
    v[a] = v[a] &+ v[b] &+ x
    v[d] = (v[d] ^ v[a]).rotatedRight(by: 32)
    v[c] = v[c] &+ v[d]
    v[b] = (v[b] ^ v[c]).rotatedRight(by: 24)
    v[a] = v[a] &+ v[b] &+ y
    v[d] = (v[d] ^ v[a]).rotatedRight(by: 16)
    v[c] = v[c] &+ v[d]
    v[b] = (v[b] ^ v[c]).rotatedRight(by: 63)
  }
}

extension UInt64 {
  @inline(__always)
  fileprivate func rotatedRight(by count: UInt64) -> UInt64 {
    self >> count | self << (64 - count)
  }
}
