// ProjectError is worded for any caller: no command-line flag, no documentation path.

import EnvlockProject
import EnvlockTOML
import EnvlockTestSupport
import Testing

private struct WriteCause: Error {}

@Suite struct ProjectErrorWordingTests {
  @Test(arguments: [
    ProjectError.cannotRead(file: "envlock.toml", reason: "the file is not UTF-8"),
    .invalidFile(.unknownKey(file: "envlock.toml", line: 3, key: "datum", known: [])),
    .alreadyExists(file: "envlock.toml"),
    .writeFailed(file: "envlock.toml", underlying: WriteCause()),
  ])
  func projectErrorsNameNoFlagOrDocument(_ error: ProjectError) {
    #expect(TestSupport.commandLineWording(in: error).isEmpty)
  }

  /// Every rejected project file from the parser tests.
  @Test(arguments: ProjectFileTests.badTexts)
  func parserErrorsNameNoFlagOrDocument(_ text: String) throws {
    let error = #expect(throws: ProjectError.self) { try ProjectFile.parse(text) }
    #expect(error.map { TestSupport.commandLineWording(in: $0).isEmpty } == true)
  }

  /// An invalid file is the TOML file error itself, not wrapped in another message.
  @Test func anInvalidFileIsItsTOMLError() {
    let toml = TOMLFileError.wrongType(
      file: "e.toml", line: 2, key: "cache", expected: "a table", found: "string")
    let error = ProjectError.invalidFile(toml)
    #expect(error.description == toml.description)
    #expect(error.underlying == nil)
  }
}
