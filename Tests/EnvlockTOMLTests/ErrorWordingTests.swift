// TOML file errors name the file and line and say what is allowed, without naming a flag or a
// documentation path (the command line adds which document to read).

import EnvlockTOML
import EnvlockTestSupport
import Testing

@Suite struct TOMLFileErrorTests {
  @Test(arguments: [
    TOMLFileError.syntax(file: "f.toml", line: 2, column: 5, reason: "expected a value"),
    .unknownKey(file: "f.toml", line: 3, key: "data.pathz", known: ["paths", "follow_symlinks"]),
    .unknownKey(file: "f.toml", line: 3, key: "datum", known: []),
    .wrongType(file: "f.toml", line: 4, key: "data.paths", expected: "an array of strings", found: "string"),
    .invalidValue(
      file: "f.toml", line: 5, key: "tests.min_line_rate", reason: "not a rate: 80", hint: "write 0.8"),
    .invalidValue(file: "f.toml", line: 6, key: "redaction.key_env", reason: "not a name: A B"),
  ])
  func namesFileAndLineButNoFlagOrDocument(_ error: TOMLFileError) {
    #expect(TestSupport.commandLineWording(in: error).isEmpty)
    #expect(error.message.contains("`f.toml`"))
    #expect(error.message.contains("line "))
    #expect(error.file == "f.toml")
  }

  @Test func unknownKeyListsTheKeysAllowed() {
    let error = TOMLFileError.unknownKey(
      file: "f.toml", line: 3, key: "data.pathz", known: ["paths", "depth"])
    #expect(
      error.description
        == "Unknown key in `f.toml` at line 3: `data.pathz`\n\nhint: the keys allowed here are `paths`, `depth`"
    )
  }

  @Test func syntaxErrorsNameTheirLine() {
    let error = #expect(throws: TOMLFileError.self) { try TOMLDocument.parse("[a]\nb = \n", file: "f.toml") }
    guard case .syntax("f.toml", let line, _, _)? = error else {
      Issue.record("not a syntax error: \(String(describing: error))")
      return
    }
    #expect(line == 2)
  }
}
