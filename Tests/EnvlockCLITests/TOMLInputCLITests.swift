// Invalid TOML in the files envlock reads from the user (envlock.toml, handoff.toml) is an input
// error: exit 2 with a message naming the file and the line, never a crash. TOMLKit's bundled
// toml++ aborted the process on `[@x]` (issue #20); a sample of toml-test's invalid documents runs
// through `capture`, `check` and `diff ... live` (the library tests run all of them).

import EnvlockModel
import EnvlockTOML
import EnvlockTestSupport
import Foundation
import Testing

/// A document every reader must reject, by name.
struct InvalidTOMLInput: Sendable, CustomTestStringConvertible {
  let name: String
  let bytes: [UInt8]
  var testDescription: String { name }

  /// A toml-test `invalid/` document.
  static func suite(_ name: String) -> InvalidTOMLInput {
    let url = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/toml-test/invalid/\(name).toml")
    return InvalidTOMLInput(name: name, bytes: (try? [UInt8](Data(contentsOf: url))) ?? [])
  }

  /// The line the library reports for this document under `file`.
  func expectedLine(file: String) -> Int? {
    do {
      _ = try TOMLDocument.parse(bytes: bytes, file: file)
      return nil
    } catch {
      guard case .syntax(_, let line, _, _) = error else { return nil }
      return line
    }
  }
}

@Suite struct TOMLInputCLITests {
  static let inputs: [InvalidTOMLInput] = [
    InvalidTOMLInput(name: "header that aborted TOMLKit", bytes: Array("[@x]".utf8)),
    InvalidTOMLInput(
      name: "nesting bomb", bytes: Array(("a = " + String(repeating: "[", count: 50_000)).utf8)),
    InvalidTOMLInput(name: "integer overflow", bytes: Array("[data]\nsize = 99999999999999999999\n".utf8)),
    .suite("table/duplicate"),
    .suite("table/array-implicit"),
    .suite("key/special-character"),
    .suite("key/dotted-redefine-table"),
    .suite("string/no-close"),
    .suite("string/bad-codepoint"),
    .suite("control/string-null"),
    .suite("encoding/bad-utf8-in-string"),
    .suite("integer/leading-zero-1"),
    .suite("float/trailing-point"),
    .suite("array/no-close"),
    .suite("inline-table/trailing-comma"),
    .suite("datetime/impossible-date"),
  ]

  @Test(arguments: inputs)
  func invalidTOMLIsAnInputErrorNamingFileAndLine(_ input: InvalidTOMLInput) throws {
    #expect(!input.bytes.isEmpty)
    let p = try ProjectRun()
    // A snapshot to check and to diff against the live environment.
    try Data(try CanonicalJSON.encode(SampleSnapshots.minimal())).write(
      to: URL(fileURLWithPath: p.path("x.json")))

    let project = p.path("envlock.toml")
    try Data(input.bytes).write(to: URL(fileURLWithPath: project))
    let line = try #require(input.expectedLine(file: project))
    for arguments in [
      ["capture", "--no-sign", "-o", "y.envlock"], ["check", "x.json"], ["diff", "x.json", "live"],
    ] {
      let run = try p.envlock(arguments)
      #expect(run.status == 2, "\(arguments): \(run.stderr)")
      #expect(
        run.stderr.hasPrefix("error: Invalid TOML in `\(project)` at line \(line), column "),
        "\(arguments): \(run.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: p.path("y.envlock")))

    let handoff = p.path("handoff.toml")
    try Data(input.bytes).write(to: URL(fileURLWithPath: handoff))
    let check = try p.envlock(["check", "x.json"])
    #expect(check.status == 2, "\(check.stderr)")
    #expect(
      check.stderr.hasPrefix("error: Invalid TOML in `\(handoff)` at line \(line), column "),
      "\(check.stderr)")
  }
}
