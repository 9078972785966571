// BLAKE2b against RFC 7693 / reference KAT vectors and against Python's hashlib.

import EnvlockSigning
import EnvlockTestSupport
import Foundation
import Testing

struct BLAKE2bVector: CustomTestStringConvertible, Sendable {
  let name: String
  let input: [UInt8]
  let key: [UInt8]
  let digestLength: Int
  let expected: String
  var testDescription: String { name }
}

@Suite struct BLAKE2bTests {
  static let vectors: [BLAKE2bVector] = [
    BLAKE2bVector(
      name: "RFC 7693 appendix A: BLAKE2b-512(abc)", input: Array("abc".utf8), key: [], digestLength: 64,
      expected: "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
        + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"),
    BLAKE2bVector(
      name: "BLAKE2b-512 of empty input", input: [], key: [], digestLength: 64,
      expected: "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
        + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce"),
    BLAKE2bVector(
      name: "KAT keyed, empty input", input: [], key: Array(0..<64), digestLength: 64,
      expected: "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
        + "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568"),
    BLAKE2bVector(
      name: "KAT keyed, 255 bytes", input: Array(0..<255), key: Array(0..<64), digestLength: 64,
      expected: "142709d62e28fcccd0af97fad0f8465b971e82201dc51070faa0372aa43e9248"
        + "4be1c1e73ba10906d5d1853db6a4106e0a7bf9800d373d6dee2d46d62ef2a461"),
    BLAKE2bVector(
      name: "BLAKE2b-256 of abc", input: Array("abc".utf8), key: [], digestLength: 32,
      expected: "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"),
  ]

  @Test(arguments: vectors)
  func referenceVector(_ vector: BLAKE2bVector) {
    var hasher = BLAKE2b(digestLength: vector.digestLength, key: vector.key)
    hasher.update(vector.input)
    #expect(hex(hasher.finalize()) == vector.expected)
  }

  static let lengths = [0, 1, 3, 127, 128, 129, 255, 256, 257, 1000, 65_537]

  @Test func matchesPythonHashlib() throws {
    // One python3 run hashes every (length, digest size) case with hashlib.blake2b.
    let script = """
      import hashlib, sys
      for n in map(int, sys.argv[1:]):
          m = bytes(((i * 31 + (i >> 8)) & 0xff) for i in range(n))
          print(hashlib.blake2b(m, digest_size=32).hexdigest(), hashlib.blake2b(m).hexdigest())
      """
    let result = try TestSupport.run("python3", ["-c", script] + Self.lengths.map(String.init))
    try #require(result.status == 0, "\(result.stderr)")
    let expected = result.stdout.split(separator: "\n")
    try #require(expected.count == Self.lengths.count)
    for (length, line) in zip(Self.lengths, expected) {
      let digests = line.split(separator: " ").map(String.init)
      #expect(hex(BLAKE2b.hash(message(length), digestLength: 32)) == digests[0], "length \(length)")
      #expect(hex(BLAKE2b.hash(message(length), digestLength: 64)) == digests[1], "length \(length)")
    }
  }

  @Test(arguments: [1, 7, 64, 127, 128, 129, 500])
  func chunkedUpdatesMatchOneShot(chunk: Int) {
    let input = message(3000)
    var hasher = BLAKE2b()
    var offset = 0
    while offset < input.count {
      hasher.update(Array(input[offset..<min(offset + chunk, input.count)]))
      offset += chunk
    }
    #expect(hasher.finalize() == BLAKE2b.hash(input))
  }
}
