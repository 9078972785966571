import EnvlockProject
import EnvlockTOML
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct ProjectFileTests {
  @Test func parsesEverySetting() throws {
    let text = """
      [python]
      interpreter = ".venv"

      [data]
      paths = ["data/", "models/*.pt"]
      follow_symlinks = true

      [config]
      files = ["conf/app.ini"]
      auto_detect = false

      [environment]
      include = ["TERM"]
      exclude = ["AWS_*"]

      [redaction]
      key_env = "TEAM_REDACTION_KEY"
      key_file = "secrets/redaction.key"
      generate = false

      [rebuild]
      base_image = "python:3.11-slim-bookworm"
      apt_packages = ["libgomp1"]

      [cache]
      directory = "/var/cache/envlock"
      """
    let project = try ProjectFile.parse(text)
    #expect(project.interpreter == ".venv")
    #expect(project.data == DataSettings(paths: ["data/", "models/*.pt"], followSymlinks: true))
    #expect(project.config == ConfigSettings(files: ["conf/app.ini"], autoDetect: false))
    #expect(project.environment == EnvironmentSettings(include: ["TERM"], exclude: ["AWS_*"]))
    #expect(
      project.redaction
        == RedactionSettings(
          keyEnvironmentVariable: "TEAM_REDACTION_KEY", keyFile: "secrets/redaction.key", generate: false))
    #expect(
      project.rebuild == RebuildSettings(baseImage: "python:3.11-slim-bookworm", aptPackages: ["libgomp1"]))
    #expect(project.cacheDirectory == "/var/cache/envlock")
  }

  @Test func emptyFileMeansDefaults() throws {
    #expect(try ProjectFile.parse("") == ProjectFile())
    #expect(try ProjectFile.parse("# only a comment\n").config.autoDetect)
  }

  struct BadCase: CustomTestStringConvertible, Sendable {
    var name: String
    var text: String
    var expected: TOMLFileError
    var testDescription: String { name }
  }

  static let badCases: [BadCase] = [
    BadCase(
      name: "unknown key in a section", text: "[data]\npaths = []\npathz = [\"x\"]\n",
      expected: .unknownKey(
        file: "envlock.toml", line: 3, key: "data.pathz", known: ["paths", "follow_symlinks"])),
    BadCase(
      name: "unknown section", text: "# c\n\n[datum]\npaths = []\n",
      expected: .unknownKey(
        file: "envlock.toml", line: 3, key: "datum",
        known: [
          "python", "data", "config", "environment", "redaction", "rebuild", "notebooks", "cache", "contract",
        ])),
    BadCase(
      name: "key after a blank line stays in its table",
      text: "[python]\ninterpreter = \"x\"\n\nverbose = true\n[cache]\n",
      expected: .unknownKey(file: "envlock.toml", line: 4, key: "python.verbose", known: ["interpreter"])),
    BadCase(
      name: "unknown key after a multi-line array",
      text: "[data]\npaths = [\n  \"a\",\n  \"b = c\",\n]\nfollow = true\n",
      expected: .unknownKey(
        file: "envlock.toml", line: 6, key: "data.follow", known: ["paths", "follow_symlinks"])),
    BadCase(
      name: "unknown key in an inline table", text: "\n\ndata = { paths = [], depth = 3 }\n",
      expected: .unknownKey(
        file: "envlock.toml", line: 3, key: "data.depth", known: ["paths", "follow_symlinks"])),
    BadCase(
      name: "wrong type", text: "[data]\n\nfollow_symlinks = \"yes\"\n",
      expected: .wrongType(
        file: "envlock.toml", line: 3, key: "data.follow_symlinks", expected: "`true` or `false`",
        found: "string")),
    BadCase(
      name: "array of wrong elements", text: "[environment]\ninclude = [1, 2]\n",
      expected: .wrongType(
        file: "envlock.toml", line: 2, key: "environment.include", expected: "an array of strings",
        found: "integer")),
    BadCase(
      name: "section not a table", text: "cache = \"x\"\n",
      expected: .wrongType(file: "envlock.toml", line: 1, key: "cache", expected: "a table", found: "string")),
    BadCase(
      name: "bad variable name", text: "[redaction]\nkey_env = \"MY KEY\"\n",
      expected: .invalidValue(
        file: "envlock.toml", line: 2, key: "redaction.key_env",
        reason: "an environment variable name uses only letters, digits and `_`: MY KEY")),
    // TOMLKit's bundled toml++ aborted the process on this 5-byte file (issue #20).
    BadCase(
      name: "header that aborted TOMLKit", text: "[@x]",
      expected: .syntax(
        file: "envlock.toml", line: 1, column: 2,
        reason: "expected a key (letters, digits, `_` and `-`, or a quoted string), found `@`")),
    BadCase(
      name: "bare word value", text: "[python]\ninterpreter = python3\n",
      expected: .syntax(
        file: "envlock.toml", line: 2, column: 15,
        reason: "expected a value, found `python3` (a string needs quotes)")),
  ]

  /// Every rejected text: the bad cases and a syntax error.
  static let badTexts = badCases.map(\.text) + ["[data]\npaths = [\n"]

  @Test(arguments: badCases)
  func rejects(_ bad: BadCase) throws {
    #expect(ProjectFileTests.fileError(bad.text) == bad.expected)
  }

  /// The TOML file error parsing `text` throws, or nil when it throws none (or another error).
  static func fileError(_ text: String) -> TOMLFileError? {
    do {
      _ = try ProjectFile.parse(text)
      return nil
    } catch {
      guard case .invalidFile(let fileError) = error else { return nil }
      return fileError
    }
  }

  @Test func bytesThatAreNotUTF8AreASyntaxErrorWithTheirLine() throws {
    let folder = try TestSupport.temporaryDirectory()
    let path = folder.appendingPathComponent("envlock.toml").path
    try Data(Array("[data]\npaths = [\"caf".utf8) + [0xE9] + Array("\"]\n".utf8)).write(
      to: URL(fileURLWithPath: path))
    let error = #expect(throws: ProjectError.self) { try ProjectFile.load(path: path) }
    guard case .invalidFile(let fileError)? = error else {
      Issue.record("not an invalid file: \(String(describing: error))")
      return
    }
    #expect(fileError == .syntax(file: path, line: 2, column: 14, reason: "the file is not valid UTF-8"))
  }

  @Test func syntaxErrorsNameTheLine() throws {
    do {
      _ = try ProjectFile.parse("[data]\npaths = [\n", file: "/p/envlock.toml")
      Issue.record("expected a syntax error")
    } catch {
      guard case .invalidFile(.syntax(let file, let line, _, _)) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(file == "/p/envlock.toml")
      #expect(line >= 2)
      #expect(error.description.hasPrefix("Invalid TOML in `/p/envlock.toml` at line"))
    }
  }

  @Test func unknownKeyMessageFollowsTheStyle() {
    let error = ProjectError.invalidFile(
      .unknownKey(file: "envlock.toml", line: 4, key: "data.pathz", known: ["paths"]))
    #expect(error.message == "Unknown key in `envlock.toml` at line 4: `data.pathz`")
    #expect(error.hint == "the keys allowed here are `paths`")
    #expect(
      error.description
        == "Unknown key in `envlock.toml` at line 4: `data.pathz`\n\nhint: the keys allowed here are `paths`")
  }

  @Test func initTemplateParsesAndReflectsTheProject() throws {
    let root = try TestSupport.temporaryDirectory("envlock-init")
    let fm = FileManager.default
    try fm.createDirectory(at: root.appendingPathComponent(".venv"), withIntermediateDirectories: true)
    try Data("home = /usr/bin\n".utf8).write(to: root.appendingPathComponent(".venv/pyvenv.cfg"))
    try fm.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
    try Data("x".utf8).write(to: root.appendingPathComponent("data/train.csv"))
    // An empty data folder, which init does not propose.
    try fm.createDirectory(at: root.appendingPathComponent("models"), withIntermediateDirectories: true)
    for name in ["pyproject.toml", "requirements-dev.txt", ".env", "README.md", "explore.ipynb"] {
      try Data().write(to: root.appendingPathComponent(name))
    }
    // A notebooks folder is proposed; a folder without notebooks is not.
    try fm.createDirectory(at: root.appendingPathComponent("notebooks"), withIntermediateDirectories: true)
    try Data().write(to: root.appendingPathComponent("notebooks/train.ipynb"))
    try fm.createDirectory(at: root.appendingPathComponent("nb"), withIntermediateDirectories: true)
    let discovery = ProjectDiscovery.scan(projectRoot: root.path)
    #expect(discovery.notebooks == ["explore.ipynb", "notebooks"])
    #expect(discovery.virtualEnvironment == ".venv")
    #expect(discovery.dataFolders == ["data"])
    #expect(discovery.configFiles == [".env", "pyproject.toml", "requirements-dev.txt"])

    let text = ProjectTemplate.render(discovery)
    let project = try ProjectFile.parse(text)
    #expect(project.interpreter == ".venv")
    #expect(project.data.paths == ["data"])
    #expect(project.notebooks.paths == ["explore.ipynb", "notebooks"])
    #expect(project.cacheDirectory == ".envlock/cache")
    #expect(project.redaction == RedactionSettings())
    #expect(try TestSupport.golden(text, "project/init-envlock.toml") == nil)

    // An empty project gives a file that parses too.
    let empty = try TestSupport.temporaryDirectory("envlock-init-empty")
    #expect(
      try ProjectFile.parse(ProjectTemplate.render(ProjectDiscovery.scan(projectRoot: empty.path)))
        .interpreter == nil)
  }

  @Test func loadReadsTheProjectFolder() throws {
    let root = try TestSupport.temporaryDirectory("envlock-load")
    #expect(try ProjectFile.load(projectRoot: root.path) == nil)
    try Data("[data]\npaths = [\"d\"]\n".utf8).write(to: root.appendingPathComponent("envlock.toml"))
    #expect(try ProjectFile.load(projectRoot: root.path)?.data.paths == ["d"])
  }
}
