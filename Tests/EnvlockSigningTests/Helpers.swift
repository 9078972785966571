// Small helpers shared by the EnvlockSigning tests.

import Foundation

/// Lowercase hex of bytes.
func hex(_ bytes: some Sequence<UInt8>) -> String {
  bytes.map { String(format: "%02x", $0) }.joined()
}

/// Bytes of a hex string.
func bytes(hex: String) -> [UInt8] {
  let chars = Array(hex.utf8)
  return stride(from: 0, to: chars.count, by: 2).map {
    UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16)!
  }
}

/// The lines of a minisign file (without the final empty piece).
func lines(_ text: String) -> [String] {
  text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
}

/// Rewrites line `index` (0-based) of a minisign file, decoding and re-encoding its base64.
func editBase64(_ text: String, line index: Int, _ edit: (inout [UInt8]) -> Void) -> String {
  var parts = lines(text)
  var data = [UInt8](Data(base64Encoded: parts[index])!)
  edit(&data)
  parts[index] = Data(data).base64EncodedString()
  return parts.joined(separator: "\n") + "\n"
}

/// Writes text to a file in `directory` and returns its path.
@discardableResult
func write(_ text: String, to name: String, in directory: URL) throws -> String {
  let url = directory.appendingPathComponent(name)
  try text.write(to: url, atomically: true, encoding: .utf8)
  return url.path
}

/// Reads a text file.
func read(_ path: String) throws -> String {
  try String(contentsOfFile: path, encoding: .utf8)
}

/// A deterministic test message of `count` bytes.
func message(_ count: Int) -> [UInt8] {
  (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
}
