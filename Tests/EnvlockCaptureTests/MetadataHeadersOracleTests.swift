// METADATA header blocks read by MetadataHeaders and by Python's `email` parser (compat32, what
// `importlib.metadata` uses) must give the same fields. Python is the oracle, called per run.

import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

@Suite struct MetadataHeadersOracleTests {
  /// Header blocks, as bytes, that a broken or unusual installer could leave behind.
  static let cases: [(name: String, bytes: [UInt8])] = [
    ("plain", text("Metadata-Version: 2.1\nName: pip\nVersion: 23.2.1\n\nBody: no\n")),
    ("crlf", text("Name: a\r\nVersion: 1\r\n\r\nBody: no\r\n")),
    ("lone cr", text("Name: a\rVersion: 1\r\rBody: no\r")),
    ("folded", text("Name: a\nDescription: first\n  second\n\tthird\nVersion: 2\n")),
    ("folded crlf", text("Name: a\r\nSummary: one\r\n two\r\nVersion: 2\r\n")),
    ("continuation first", text("  stray\nName: a\nVersion: 1\n")),
    ("non-header ends block", text("Name: a\nthis is not a header\nVersion: 1\n")),
    ("space before colon ends block", text("Name: a\nVersion : 1\nSummary: s\n")),
    ("empty and tab values", text("Name:\t\tb\nSummary:\nKeywords:   \nVersion:3\n")),
    ("colon in value", text("Name: c\nProject-URL: Home, https://example.org:8080/x\n")),
    ("trailing spaces kept", text("Name: d   \nVersion: 1\t\n")),
    ("no final newline", text("Name: e\nVersion: 1")),
    ("empty", []),
    ("empty name", text(":value\nName: f\n")),
    ("repeated", text("Name: g\nRequires-Dist: x\nrequires-dist: y\nREQUIRES-DIST: z ; extra == 'a'\n")),
    ("invalid utf-8", text("Name: h\nSummary: caf") + [0xFF] + text("e\nVersion: 1\n")),
    ("utf-8", text("Name: i\nAuthor: Zoë Ünïcode 漢字\nVersion: 1\n")),
  ]

  static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

  @Test func fieldsMatchPythonEmailParser() throws {
    let input = MetadataHeadersOracleTests.cases.map { $0.bytes.map { String(format: "%02x", $0) }.joined() }
    let script = """
      import email.parser, email.policy, json, sys
      out = []
      for hexed in json.load(sys.stdin):
          text = bytes.fromhex(hexed).decode('utf-8', 'replace')
          msg = email.parser.Parser(policy=email.policy.compat32).parsestr(text, headersonly=True)
          out.append([[k, v.replace('\\r\\n', '\\n').replace('\\r', '\\n')] for k, v in msg.items()])
      json.dump(out, sys.stdout)
      """
    let result = try TestSupport.run(
      "python3", ["-c", script], stdin: try JSONSerialization.data(withJSONObject: input))
    let expected = try #require(
      JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[[String]]])
    for (i, c) in MetadataHeadersOracleTests.cases.enumerated() {
      let headers = MetadataHeaders(c.bytes)
      #expect(headers.fields.map { [$0.name, $0.value] } == expected[i], "\(c.name)")
      #expect(headers.invalidUTF8 == (c.name == "invalid utf-8"), "\(c.name)")
    }
    let repeated = MetadataHeaders(MetadataHeadersOracleTests.cases[14].bytes)
    #expect(repeated.all("Requires-Dist") == ["x", "y", "z ; extra == 'a'"])
  }
}
