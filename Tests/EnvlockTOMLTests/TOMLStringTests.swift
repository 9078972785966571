// TOML basic strings written by envlock read back unchanged with Python's tomllib.

import EnvlockTOML
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct TOMLStringTests {
  @Test(arguments: [
    "plain", "quote \" and back\\slash", "line\nbreak\r\ttab", "bell \u{7} del \u{7F}", "ünï 🐍", "",
  ])
  func readsBackWithTomllib(text: String) throws {
    let document = "k = \(TOMLString.basic(text))\n"
    let script = "import sys, tomllib, json; print(json.dumps(tomllib.loads(sys.stdin.read())['k']))"
    let result = try TestSupport.run("python3", ["-c", script], stdin: Data(document.utf8))
    #expect(result.status == 0, "\(result.stderr)")
    let decoded = try JSONDecoder().decode(String.self, from: Data(result.stdout.utf8))
    #expect(decoded == text)
  }
}
