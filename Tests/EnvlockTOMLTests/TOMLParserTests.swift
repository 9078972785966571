// The TOML 1.0 parser: values of every kind, the line of every key, syntax errors with their line
// and column, the limits (nesting, integer range, size), and inputs that made TOMLKit's bundled
// toml++ abort the process.

import EnvlockTOML
import EnvlockTestSupport
import Foundation
import Testing

struct ValueCase: Sendable, CustomTestStringConvertible {
  let text: String
  let expected: TOMLValue
  var testDescription: String { text }
}

struct SyntaxCase: Sendable, CustomTestStringConvertible {
  let name: String
  let text: String
  let line: Int
  let column: Int
  let reason: String
  var testDescription: String { name }
}

@Suite struct TOMLParserTests {
  static let day = TOMLDate(year: 1979, month: 5, day: 27)

  /// `v = <text>` parses to `expected`.
  @Test(arguments: [
    ValueCase(text: #""a\tb\"\\ \u00E9 \U0001F40D""#, expected: .string("a\tb\"\\ é 🐍")),
    ValueCase(text: #"'C:\path\no escapes'"#, expected: .string(#"C:\path\no escapes"#)),
    ValueCase(text: "\"\"\"\nline one\nline two\"\"\"", expected: .string("line one\nline two")),
    ValueCase(text: "\"\"\"\r\ncrlf\r\nlines\"\"\"", expected: .string("crlf\nlines")),
    ValueCase(text: "\"\"\"trim \\\n    spaces\"\"\"", expected: .string("trim spaces")),
    ValueCase(text: "\"\"\"five \"\"\"\"\"", expected: .string("five \"\"")),
    ValueCase(text: "'''\nraw \\n ''two'' '''", expected: .string("raw \\n ''two'' ")),
    ValueCase(text: "+99", expected: .integer(99)),
    ValueCase(text: "-17", expected: .integer(-17)),
    ValueCase(text: "1_000_000", expected: .integer(1_000_000)),
    ValueCase(text: "9223372036854775807", expected: .integer(.max)),
    ValueCase(text: "-9223372036854775808", expected: .integer(.min)),
    ValueCase(text: "0xDEAD_beef", expected: .integer(0xDEAD_BEEF)),
    ValueCase(text: "0x7FFFFFFFFFFFFFFF", expected: .integer(.max)),
    ValueCase(text: "0o755", expected: .integer(0o755)),
    ValueCase(text: "0b1101_0110", expected: .integer(0b1101_0110)),
    ValueCase(text: "3.1415", expected: .float(3.1415)),
    ValueCase(text: "-0.01", expected: .float(-0.01)),
    ValueCase(text: "5e+22", expected: .float(5e22)),
    ValueCase(text: "6.626E-34", expected: .float(6.626e-34)),
    ValueCase(text: "224_617.445_991", expected: .float(224_617.445_991)),
    ValueCase(text: "-inf", expected: .float(-.infinity)),
    ValueCase(text: "true", expected: .boolean(true)),
    ValueCase(text: "false", expected: .boolean(false)),
    ValueCase(
      text: "1979-05-27T07:32:00Z",
      expected: .dateTime(
        TOMLDateTime(date: day, time: TOMLTime(hour: 7, minute: 32, second: 0), offsetMinutes: 0))),
    ValueCase(
      text: "1979-05-27 00:32:00.999999-07:00",
      expected: .dateTime(
        TOMLDateTime(
          date: day, time: TOMLTime(hour: 0, minute: 32, second: 0, nanosecond: 999_999_000),
          offsetMinutes: -420))),
    ValueCase(
      text: "1979-05-27t07:32:00",
      expected: .dateTime(TOMLDateTime(date: day, time: TOMLTime(hour: 7, minute: 32, second: 0)))),
    ValueCase(text: "1979-05-27", expected: .date(day)),
    ValueCase(text: "2024-02-29", expected: .date(TOMLDate(year: 2024, month: 2, day: 29))),
    ValueCase(
      text: "07:32:00.1234567891",
      expected: .time(TOMLTime(hour: 7, minute: 32, second: 0, nanosecond: 123_456_789))),
    ValueCase(
      text: "[ 1, 'two', [3.0], ]", expected: .array([.integer(1), .string("two"), .array([.float(3)])])),
    ValueCase(text: "[\n  1, # one\n  2,\n]", expected: .array([.integer(1), .integer(2)])),
    ValueCase(text: "[]", expected: .array([])),
    ValueCase(text: "{}", expected: .table(TOMLTable())),
  ])
  func parsesValue(_ c: ValueCase) throws {
    let table = try TOMLDocument.parse("v = \(c.text)\n", file: "v.toml")
    #expect(table["v"] == c.expected)
    #expect(table.keys == ["v"])
  }

  @Test func nanIsAFloat() throws {
    let table = try TOMLDocument.parse("a = nan\nb = -nan\nc = +nan\n", file: "n.toml")
    for key in ["a", "b", "c"] { #expect(table[key]?.double?.isNaN == true) }
  }

  @Test func tablesFollowTheDefinitionRules() throws {
    let text = """
      title = "x"
      [fruit]
      apple.color = "red"
      apple.taste.sweet = true
      [fruit.apple.texture]
      smooth = true
      [[fruit.variety]]
      name = "red delicious"
      [[fruit.variety]]
      name = "granny smith"
      [fruit.variety.origin]
      country = "nz"
      [x.y.z]
      w = 1
      [x]
      v = { p.q = 1, r = [ { s = 2 } ] }
      """
    let root = try TOMLDocument.parse(text, file: "t.toml")
    #expect(root.keys == ["title", "fruit", "x"])
    let fruit = try #require(root["fruit"]?.table)
    #expect(fruit["apple"]?.table?["taste"]?.table?["sweet"] == .boolean(true))
    #expect(fruit["apple"]?.table?["texture"]?.table?["smooth"] == .boolean(true))
    let varieties = try #require(fruit["variety"]?.array)
    #expect(varieties.count == 2)
    #expect(varieties[1].table?["origin"]?.table?["country"] == .string("nz"))
    let x = try #require(root["x"]?.table)
    #expect(x.keys == ["y", "v"])
    #expect(x["v"]?.table?["p"]?.table?["q"] == .integer(1))
    #expect(x["v"]?.table?["r"]?.array?.first?.table?["s"] == .integer(2))
  }

  @Test func everyKeyKnowsItsLine() throws {
    let text = """
      # header comment
      name = "a"
      text = \"\"\"
      [not.a.table]
      fake = 1
      \"\"\"
      list = [
        "x = 1",
        { inner = 2 },
      ]
      dotted.part = 3

      [data]
      paths = ["a"]
      [tools.lint]
      strict = true
      [tools]
      fast = false
      [[runs]]
      id = 1
      [[runs]]
      id = 2
      """
    let root = try TOMLDocument.parse(text, file: "l.toml")
    #expect(root.line(of: ["name"]) == 2)
    #expect(root.line(of: ["text"]) == 3)
    #expect(root.line(of: ["not"]) == 1, "a header inside a string is text")
    #expect(root["not"] == nil)
    #expect(root.line(of: ["list"]) == 7)
    #expect(root.line(of: ["dotted", "part"]) == 11)
    #expect(root.line(of: ["data"]) == 13)
    #expect(root.line(of: ["data", "paths"]) == 14)
    #expect(root.line(of: ["data", "missing"]) == 13, "the longest prefix that exists")
    #expect(root.line(of: ["tools", "lint", "strict"]) == 16)
    #expect(root.line(of: ["tools"]) == 17, "the header that defines an implicit table")
    #expect(root.line(of: ["tools", "fast"]) == 18)
    #expect(root.line(of: ["runs"]) == 19)
    #expect(root.line(of: ["nothing"]) == 1)
    #expect(root.line(of: "list") == 7)
  }

  @Test(arguments: [
    SyntaxCase(
      name: "missing value", text: "[a]\nb = \n", line: 2, column: 5,
      reason: "expected a value, found the end of the line"
    ),
    SyntaxCase(
      name: "unquoted string", text: "a = python3\n", line: 1, column: 5,
      reason: "expected a value, found `python3` (a string needs quotes)"),
    SyntaxCase(
      name: "unterminated string", text: "a = 1\nb = \"open\nc = 2\n", line: 2, column: 10,
      reason: "unterminated string: a basic string must close on the line it starts"),
    SyntaxCase(
      name: "unterminated array", text: "[data]\npaths = [\n", line: 3, column: 1,
      reason: "expected `]` to close the array, found the end of the file"),
    SyntaxCase(
      name: "duplicate key", text: "a = 1\n\na = 2\n", line: 3, column: 1,
      reason: "the key `a` is defined more than once"),
    SyntaxCase(
      name: "duplicate key in a table", text: "[t]\na = 1\n\"a\" = 2\n", line: 3, column: 1,
      reason: "the key `t.a` is defined more than once"),
    SyntaxCase(
      name: "duplicate key in an inline table", text: "[t]\nv = { a.b = 1, a.b = 2 }\n", line: 2, column: 18,
      reason: "the key `t.v.a.b` is defined more than once"),
    SyntaxCase(
      name: "table twice", text: "[a]\n[b]\n[a]\n", line: 3, column: 2,
      reason: "the table `a` is defined more than once"),
    SyntaxCase(
      name: "header over dotted keys", text: "[fruit]\napple.color = 1\n[fruit.apple]\n", line: 3, column: 8,
      reason: "the table `fruit.apple` is defined more than once"),
    SyntaxCase(
      name: "dotted keys into a header table", text: "[a.b]\nx = 1\n[a]\nb.y = 2\n", line: 4, column: 1,
      reason: "the table `a.b` is already defined; dotted keys cannot add to it"),
    SyntaxCase(
      name: "extending an inline table", text: "a = { b = 1 }\n[a.c]\n", line: 2, column: 2,
      reason: "the key `a` is already defined as a value"),
    SyntaxCase(
      name: "array of tables over an array", text: "a = []\n[[a]]\n", line: 2, column: 3,
      reason: "the key `a` is already defined as a value"),
    SyntaxCase(
      name: "integer overflow", text: "a = 9223372036854775808\n", line: 1, column: 5,
      reason: "integer out of range: `9223372036854775808`"),
    SyntaxCase(
      name: "negative overflow", text: "a = -9_223_372_036_854_775_809\n", line: 1, column: 5,
      reason: "integer out of range: `-9_223_372_036_854_775_809`"),
    SyntaxCase(
      name: "hex overflow", text: "a = 0x8000000000000000\n", line: 1, column: 5,
      reason: "integer out of range: `0x8000000000000000`"),
    SyntaxCase(
      name: "impossible date", text: "a = 2023-02-29\n", line: 1, column: 5,
      reason: "not a valid date or date-time (RFC 3339, e.g. 1979-05-27T07:32:00Z): `2023-02-29`"),
    SyntaxCase(
      name: "bare carriage return", text: "a = 1\rb = 2\n", line: 1, column: 6,
      reason: "a carriage return must be followed by a line feed"),
    SyntaxCase(
      name: "column counts characters", text: "é = 1\n", line: 1, column: 1,
      reason: "expected a key (letters, digits, `_` and `-`, or a quoted string), found a non-ASCII character"
    ),
    SyntaxCase(
      name: "column after non-ASCII text", text: "a = \"é\" x\n", line: 1, column: 9,
      reason: "expected the end of the line, found `x`"),
    SyntaxCase(
      name: "NUL", text: "a = \"\u{0}\"\n", line: 1, column: 6, reason: "NUL character (U+0000) in the file"),
  ])
  func syntaxErrorsNameLineColumnAndReason(_ c: SyntaxCase) {
    #expect(throws: TOMLFileError.syntax(file: "s.toml", line: c.line, column: c.column, reason: c.reason)) {
      try TOMLDocument.parse(c.text, file: "s.toml")
    }
  }

  @Test func invalidUTF8IsASyntaxError() {
    let bytes: [UInt8] = Array("a = \"".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
    #expect(
      throws: TOMLFileError.syntax(file: "u.toml", line: 1, column: 6, reason: "the file is not valid UTF-8")
    ) {
      try TOMLDocument.parse(bytes: bytes, file: "u.toml")
    }
  }

  @Test func aByteOrderMarkAtTheStartIsSkipped() throws {
    let table = try TOMLDocument.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("a = 1\n".utf8), file: "b.toml")
    #expect(table["a"] == .integer(1))
  }

  // MARK: - Limits

  @Test func nestingIsCappedInsteadOfRecursingWithoutEnd() throws {
    let depth = TOMLDocument.maximumDepth
    let fits = "a = " + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
    #expect(throws: Never.self) { try TOMLDocument.parse(fits, file: "d.toml") }
    for (text, column) in [
      ("a = " + String(repeating: "[", count: 100_000), 4 + depth + 1),
      ("a = " + String(repeating: "{b=", count: 100_000), 4 + 3 * depth + 1),
      (
        "a = " + String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1),
        4 + depth + 1
      ),
    ] {
      #expect(
        throws: TOMLFileError.syntax(
          file: "d.toml", line: 1, column: column, reason: "values nested more than \(depth) levels deep")
      ) {
        try TOMLDocument.parse(text, file: "d.toml")
      }
    }
    let longKey = Array(repeating: "k", count: 100_000).joined(separator: ".")
    for text in [longKey + " = 1", "[" + longKey + "]", "[[" + longKey + "]]"] {
      let error = #expect(throws: TOMLFileError.self) { try TOMLDocument.parse(text, file: "d.toml") }
      #expect(
        error?.message.hasSuffix("a key with more than \(depth) parts") == true,
        "\(String(describing: error))")
    }
  }

  @Test func tablesNestedTooDeeplyThroughSeveralHeadersAreAnError() {
    // Each key stays under the part limit, but tables below tables add up.
    let half = Array(repeating: "k", count: TOMLDocument.maximumDepth / 2 + 1).joined(separator: ".")
    let text = "[\(half)]\n\(half) = 1\n"
    let error = #expect(throws: TOMLFileError.self) { try TOMLDocument.parse(text, file: "d.toml") }
    #expect(error?.message.contains("nested more than") == true, "\(String(describing: error))")
  }

  @Test func inputLargerThanTheCapIsRefusedBeforeParsing() {
    let bytes = [UInt8](repeating: UInt8(ascii: "#"), count: TOMLDocument.maximumSize + 1)
    let error = #expect(throws: TOMLFileError.self) { try TOMLDocument.parse(bytes: bytes, file: "big.toml") }
    #expect(error?.message.contains("more than the 64 MiB envlock reads") == true)
  }

  /// Every prefix of every valid toml-test document parses or fails with an error, never traps.
  @Test func everyPrefixOfTheValidSuiteReturns() {
    var parsed = 0
    var rejected = 0
    for suiteCase in TOMLTestSuite.valid {
      let bytes = suiteCase.bytes
      for end in 0...bytes.count {
        do {
          _ = try TOMLDocument.parse(bytes: Array(bytes[..<end]), file: "p.toml")
          parsed += 1
        } catch {
          rejected += 1
        }
      }
    }
    #expect(parsed > 0 && rejected > 0)
  }

  /// The inline text of every valid document's values parses back to the same text.
  @Test(arguments: TOMLTestSuite.valid)
  func descriptionsReadBack(_ suiteCase: SuiteCase) throws {
    let table = try TOMLDocument.parse(bytes: suiteCase.bytes, file: suiteCase.name)
    let text = TOMLValue.table(table).description
    let again = try TOMLDocument.parse("v = \(text)\n", file: "again.toml")
    #expect(again["v"]?.description == text)
  }

  // MARK: - TOMLKit regressions

  /// Inputs on which TOMLKit's bundled toml++ aborted the process (SIGABRT): each is now a syntax
  /// error, in the library and in both readers of user files.
  @Test(arguments: [
    "[@x]", "[@x]\n", "[[@x]]", "[a]\n[@]", "a = [@x]", "a = {@ = 1}", "@ = 1", "[a.@]", "[\"a\".@]",
  ])
  func inputsThatAbortedTOMLKitAreSyntaxErrors(_ text: String) {
    let error = #expect(throws: TOMLFileError.self) { try TOMLDocument.parse(text, file: "envlock.toml") }
    guard case .syntax("envlock.toml", let line, _, let reason)? = error else {
      Issue.record("not a syntax error: \(String(describing: error))")
      return
    }
    #expect(line >= 1)
    #expect(reason.contains("`@`"), "\(reason)")
  }
}
