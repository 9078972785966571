// The scrypt key derivation minisign uses to encrypt secret keys: libsodium's
// `crypto_pwhash_scryptsalsa208sha256`, which turns (opslimit, memlimit) into scrypt's N, r, p.

import Crypto
import _CryptoExtras

/// scrypt parameters, chosen from libsodium's opslimit and memlimit.
struct ScryptParameters: Equatable {
  /// The CPU/memory cost N (a power of two).
  var n: UInt64
  /// The block size r.
  var r: UInt64
  /// The parallelism p.
  var p: UInt64

  /// The most memory envlock lets a key file make scrypt use: 4 GiB (minisign's default uses 1 GiB).
  static let maximumMemory: UInt64 = 1 << 32
  /// The most work (N * p) envlock lets a key file ask for: 4 times minisign's default of 2^20.
  static let maximumWork: UInt64 = 1 << 22

  /// The parameters libsodium's `pickparams` derives from opslimit and memlimit.
  init(opslimit: UInt64, memlimit: UInt64) {
    let opslimit = max(opslimit, 32768)
    r = 8
    var nLog2: UInt64 = 1
    if opslimit < memlimit / 32 {
      p = 1
      let maxN = opslimit / (r * 4)
      while nLog2 < 63 && (1 << nLog2) <= maxN / 2 { nLog2 += 1 }
    } else {
      let maxN = memlimit / (r * 128)
      while nLog2 < 63 && (1 << nLog2) <= maxN / 2 { nLog2 += 1 }
      let maxRP = min((opslimit / 4) / (1 << nLog2), 0x3fff_ffff)
      p = UInt64(UInt32(truncatingIfNeeded: maxRP)) / r
    }
    n = 1 << nLog2
  }

  /// The memory scrypt needs for these parameters (BoringSSL's bound).
  var memory: UInt64 {
    let (blocks, overflow) = (n &+ p &+ 1).multipliedReportingOverflow(by: 128 * r)
    return overflow ? .max : blocks
  }

  /// Whether envlock agrees to run scrypt with these parameters.
  var isAcceptable: Bool {
    let (work, overflow) = n.multipliedReportingOverflow(by: p)
    return p >= 1 && !overflow && work <= Self.maximumWork && memory <= Self.maximumMemory
  }

  /// Derives `count` bytes from a passphrase and salt; nil if the derivation fails.
  func derive(passphrase: String, salt: [UInt8], count: Int) -> [UInt8]? {
    // swift-crypto bounds memory to 128 * N * r * p plus one page, which covers BoringSSL's
    // 128 * r * (N + p + 1) whenever p >= 1 and r <= 16 (libsodium always picks r = 8).
    guard
      let key = try? KDF.Scrypt.deriveKey(
        from: Array(passphrase.utf8), salt: salt, outputByteCount: count,
        rounds: Int(n), blockSize: Int(r), parallelism: Int(p))
    else { return nil }
    return key.withUnsafeBytes { Array($0) }
  }
}
