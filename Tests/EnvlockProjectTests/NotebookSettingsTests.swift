import EnvlockProject
import EnvlockTOML
import Testing

/// `[notebooks]` in envlock.toml: paths are read; unknown keys and wrong types name their line.
@Suite struct NotebookSettingsTests {
  @Test func readsPaths() throws {
    let project = try ProjectFile.parse("[notebooks]\npaths = [\"analysis.ipynb\", \"notebooks/*.ipynb\"]\n")
    #expect(project.notebooks.paths == ["analysis.ipynb", "notebooks/*.ipynb"])
    #expect(try ProjectFile.parse("").notebooks == NotebookSettings())
  }

  @Test(arguments: [
    (
      "unknown key", "[notebooks]\npaths = []\n\nkernel = \"py\"\n",
      TOMLFileError.unknownKey(file: "envlock.toml", line: 4, key: "notebooks.kernel", known: ["paths"])
    ),
    (
      "wrong type", "# n\n[notebooks]\npaths = \"a.ipynb\"\n",
      TOMLFileError.wrongType(
        file: "envlock.toml", line: 3, key: "notebooks.paths", expected: "an array of strings",
        found: "string")
    ),
    (
      "not a table", "notebooks = [\"a.ipynb\"]\n",
      TOMLFileError.wrongType(
        file: "envlock.toml", line: 1, key: "notebooks", expected: "a table", found: "array")
    ),
  ])
  func badSettingsNameTheLine(_ name: String, _ text: String, _ expected: TOMLFileError) {
    #expect(ProjectFileTests.fileError(text) == expected)
  }
}
