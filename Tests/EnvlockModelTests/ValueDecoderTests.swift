// The tree decoder behind `CanonicalJSON.decode` against Foundation's JSONDecoder (snake_case
// keys), which it replaced: the same values, and the same kind of error at the same path.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct ValueDecoderTests {
  static func foundation<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(type, from: Data(bytes))
  }

  @Test func samplesDecodeAsWithJSONDecoder() throws {
    for snapshot in [SampleSnapshots.full(), SampleSnapshots.minimal()] {
      let bytes = try CanonicalJSON.encode(snapshot)
      let ours = try CanonicalJSON.decode(Snapshot.self, from: bytes)
      #expect(ours == snapshot)
      #expect(ours == (try Self.foundation(Snapshot.self, bytes)))
      let manifest = Manifest(snapshot: snapshot, members: [])
      let manifestBytes = try CanonicalJSON.encode(manifest)
      #expect(try CanonicalJSON.decode(Manifest.self, from: manifestBytes) == manifest)
    }
  }

  /// A description of a decoding error that both decoders must agree on: its case and its path.
  static func shape(_ error: Error) -> String {
    func path(_ keys: [CodingKey]) -> String {
      keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
    switch error as? DecodingError {
    case .keyNotFound(let key, let c)?: return "keyNotFound \(key.stringValue) at \(path(c.codingPath))"
    case .typeMismatch(_, let c)?: return "typeMismatch at \(path(c.codingPath))"
    case .valueNotFound(_, let c)?: return "valueNotFound at \(path(c.codingPath))"
    case .dataCorrupted(let c)?: return "dataCorrupted at \(path(c.codingPath))"
    default: return "not a DecodingError: \(error)"
    }
  }

  /// Edits of a valid snapshot's JSON text, each breaking it in one place.
  static let breakages: [(name: String, from: String, to: String)] = [
    ("missing field", #""host_name": "laptop","#, ""),
    ("wrong type", #""tool_version": "0.1.0""#, #""tool_version": 7"#),
    ("null for a required field", #""tool_version": "0.1.0""#, #""tool_version": null"#),
    ("bad timestamp", #""time": "2026-11-29T06:48:31Z""#, #""time": "yesterday""#),
    ("number for an array", #""python_packages": ["#, #""python_packages": 5, "x": ["#),
    ("string for an integer in an array item", #""size": "#, #""size": "big", "old_size": "#),
  ]

  @Test(arguments: breakages)
  func errorsMatchJSONDecoder(_ c: (name: String, from: String, to: String)) throws {
    let text = String(decoding: try CanonicalJSON.encode(SampleSnapshots.full()), as: UTF8.self)
    #expect(text.contains(c.from), "\(c.name)")
    let broken = Array(text.replacingOccurrences(of: c.from, with: c.to).utf8)
    var theirs = "no error"
    do { _ = try Self.foundation(Snapshot.self, broken) } catch { theirs = Self.shape(error) }
    var ours = "no error"
    do {
      _ = try CanonicalJSON.decode(Snapshot.self, fromTree: try CanonicalJSON.parse(broken))
    } catch {
      ours = Self.shape(error)
    }
    #expect(theirs != "no error", "\(c.name)")
    #expect(ours == theirs, "\(c.name)")
  }

  @Test func everyIntegerWidthDecodes() throws {
    struct Wide: Codable, Equatable {
      var a: Int8, b: UInt16, c: Int32, d: UInt64, e: Int, f: Int128, g: UInt128, h: [Int128]
    }
    let value = Wide(a: -8, b: 16, c: -32, d: 64, e: -1, f: -128, g: 128, h: [1, -2])
    let json = Array(
      #"{"a": -8, "b": 16, "c": -32, "d": 64, "e": -1, "f": -128, "g": 128, "h": [1, -2]}"#.utf8)
    #expect(try CanonicalJSON.decode(Wide.self, from: json) == value)
  }

  @Test func integersAreRangeChecked() throws {
    struct Small: Decodable { var v: UInt8 }
    #expect(try CanonicalJSON.decode(Small.self, from: Array(#"{"v": 255}"#.utf8)).v == 255)
    #expect(throws: DecodingError.self) {
      try CanonicalJSON.decode(Small.self, from: Array(#"{"v": 256}"#.utf8))
    }
    #expect(throws: DecodingError.self) {
      try CanonicalJSON.decode(Small.self, from: Array(#"{"v": -1}"#.utf8))
    }
  }
}
