import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct CanonicalJSONTests {
  @Test func fullSnapshotRoundTripsAndIsByteStable() throws {
    let snapshot = SampleSnapshots.full()
    let bytes = try CanonicalJSON.encode(snapshot)
    let decoded = try CanonicalJSON.decode(Snapshot.self, from: bytes)
    #expect(decoded == snapshot)
    #expect(try CanonicalJSON.encode(decoded) == bytes)
    // Re-rendering the parsed tree gives the same bytes: the encoding is a fixed point.
    #expect(CanonicalJSON.render(try CanonicalJSON.parse(bytes)) == bytes)
    // The direct writer and the value-tree writer agree.
    #expect(CanonicalJSON.render(try CanonicalJSON.tree(snapshot)) == bytes)
    #expect(try TestSupport.golden(String(decoding: bytes, as: UTF8.self), "model/full-snapshot.json") == nil)
  }

  @Test func keysAreSortedAndSnakeCase() throws {
    let text = String(decoding: try CanonicalJSON.encode(SampleSnapshots.minimal()), as: UTF8.self)
    let keys = text.split(separator: "\n").compactMap { line -> String? in
      let trimmed = line.drop(while: { $0 == " " })
      guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\"") else { return nil }
      return String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
    }
    #expect(keys.contains("python_packages"))
    #expect(keys.contains("tool_version"))
    #expect(!keys.contains { $0.contains(where: \.isUppercase) })
    let topLevel = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { String($0) }
    #expect(topLevel == topLevel.sorted())
  }

  @Test func equalStatesInDifferentOrderEncodeIdentically() throws {
    var a = SampleSnapshots.full()
    var b = a
    b.pythonPackages.reverse()
    b.environment.reverse()
    b.dataFiles.reverse()
    a.normalize()
    b.normalize()
    #expect(try CanonicalJSON.encode(a) == CanonicalJSON.encode(b))
  }

  @Test(arguments: [
    (JSONValue.string("a\"b\\c\n\t\u{1}é/"), "\"a\\\"b\\\\c\\n\\t\\u0001é/\"\n"),
    (.integer(-9_223_372_036_854_775_808), "-9223372036854775808\n"),
    (.array([]), "[]\n"),
    (.object([:]), "{}\n"),
    (
      .object(["b": .null, "a": .bool(true), "B": .bool(false)]),
      "{\n  \"B\": false,\n  \"a\": true,\n  \"b\": null\n}\n"
    ),
    (.array([.integer(1), .array([.integer(2)])]), "[\n  1,\n  [\n    2\n  ]\n]\n"),
  ])
  func rendersCanonically(value: JSONValue, expected: String) {
    #expect(String(decoding: CanonicalJSON.render(value), as: UTF8.self) == expected)
  }

  struct BadInput: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let expected: JSONError
    var testDescription: String { name }
  }

  @Test(arguments: [
    BadInput(
      name: "empty", text: "", expected: .syntax(line: 1, column: 1, reason: "unexpected end of input")),
    BadInput(
      name: "trailing comma", text: "{\"a\": 1,}",
      expected: .syntax(line: 1, column: 9, reason: "expected a string key")),
    BadInput(
      name: "duplicate key", text: "{\"a\": 1,\n \"a\": 2}",
      expected: .duplicateKey(line: 2, column: 2, key: "a")),
    BadInput(name: "float", text: "[1.5]", expected: .unsupportedNumber(line: 1, column: 2, text: "1.5")),
    BadInput(
      name: "leading zero", text: "[01]", expected: .unsupportedNumber(line: 1, column: 2, text: "01")),
    BadInput(
      name: "huge integer", text: "99999999999999999999",
      expected: .unsupportedNumber(line: 1, column: 1, text: "99999999999999999999")),
    BadInput(
      name: "unterminated string", text: "\"abc",
      expected: .syntax(line: 1, column: 5, reason: "unterminated string")),
    BadInput(
      name: "raw newline in string", text: "\"a\nb\"",
      expected: .syntax(line: 1, column: 3, reason: "control character in a string must be escaped")),
    BadInput(
      name: "lone surrogate", text: "\"\\ud800\"",
      expected: .syntax(line: 1, column: 8, reason: "unpaired surrogate in \\u escape")),
    BadInput(
      name: "text after value", text: "{} x",
      expected: .syntax(line: 1, column: 4, reason: "unexpected text after the JSON value")),
    BadInput(
      name: "bare word", text: "nul", expected: .syntax(line: 1, column: 1, reason: "unexpected character")),
  ])
  func rejectsBadJSON(_ input: BadInput) {
    #expect(throws: input.expected) { try CanonicalJSON.parse(Array(input.text.utf8)) }
  }

  @Test func rejectsDeepNesting() {
    let text = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
    #expect(throws: JSONError.self) { try CanonicalJSON.parse(Array(text.utf8)) }
  }

  @Test func rejectsInvalidUTF8() {
    #expect(throws: JSONError.self) { try CanonicalJSON.parse([0x22, 0xFF, 0x22]) }
  }
}

@Suite struct ValueEncoderTests {
  struct Keys: Encodable {
    let fileCount = 1
    let myURLValue = 2
    let sha256 = 3
    let isVirtualEnvironment = true
    let a = "x"
  }

  @Test func keysMatchJSONEncoderSnakeCase() throws {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = .sortedKeys
    let foundation = try CanonicalJSON.parse(Array(try encoder.encode(Keys())))
    #expect(try CanonicalJSON.tree(Keys()) == foundation)
    #expect(
      try CanonicalJSON.tree(SampleSnapshots.full())
        == CanonicalJSON.parse(Array(encoder.encode(SampleSnapshots.full()))))
  }

  @Test func refusesFloatingPoint() {
    struct F: Encodable { let ratio = 0.5 }
    #expect(throws: JSONError.self) { try CanonicalJSON.encode(F()) }
  }
}
