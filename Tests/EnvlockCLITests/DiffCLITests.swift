import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

/// `envlock diff` end to end: the reference stories through the binary, exit codes, colour, keys, live.
@Suite struct DiffCLITests {
  /// Stories whose reports need no config contents (JSON inputs carry none).
  static let stories = [
    "interpreter-bump", "transitive-upgrade", "broken-requirement", "data-files", "redacted-secret",
    "platform-rebuild", "identical",
  ]

  static func storyDir(_ name: String) -> URL {
    TestSupport.repoRoot.appendingPathComponent("Snapshots/diff/\(name)")
  }

  static func diff(_ args: [String], in dir: URL, env: [String: String] = [:]) throws -> ProcessResult {
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "NO_COLOR")
    for (k, v) in env { environment[k] = v }
    return try TestSupport.run(
      try TestSupport.envlockBinary(), ["diff"] + args, in: dir, environment: environment)
  }

  static func expected(_ story: String, _ file: String) throws -> String {
    try String(contentsOf: storyDir(story).appendingPathComponent(file), encoding: .utf8)
  }

  @Test(arguments: stories)
  func storiesMatchTheGoldenReports(story: String) throws {
    let dir = DiffCLITests.storyDir(story)
    let status: Int32 = story == "identical" ? 0 : 1
    let text = try DiffCLITests.diff(["a.json", "b.json", "--verbose"], in: dir)
    #expect(text.status == status, "\(text.stderr)")
    #expect(text.stdout == (try DiffCLITests.expected(story, "expected.txt")))
    let json = try DiffCLITests.diff(["a.json", "b.json", "--format", "json"], in: dir)
    #expect(json.status == status)
    #expect(json.stdout == (try DiffCLITests.expected(story, "expected.json")))
    let md = try DiffCLITests.diff(["a.json", "b.json", "--format", "markdown", "--verbose"], in: dir)
    #expect(md.status == status)
    #expect(md.stdout == (try DiffCLITests.expected(story, "expected.md")))
  }

  struct ColourCase: Sendable, CustomStringConvertible {
    let args: [String]
    let env: [String: String]
    let coloured: Bool
    var description: String { "\(args) \(env)" }
  }

  @Test(arguments: [
    ColourCase(args: [], env: [:], coloured: false),  // a pipe is not a terminal
    ColourCase(args: ["--color", "always"], env: [:], coloured: true),
    ColourCase(args: ["--color", "never"], env: [:], coloured: false),
    ColourCase(args: ["--color", "auto"], env: ["NO_COLOR": "1"], coloured: false),
  ])
  func colour(_ c: ColourCase) throws {
    let result = try DiffCLITests.diff(
      ["a.json", "b.json"] + c.args, in: DiffCLITests.storyDir("broken-requirement"), env: c.env)
    #expect(result.status == 1)
    #expect(result.stdout.contains("\u{1B}[") == c.coloured)
  }

  @Test func colourOnATerminalUnlessNoColor() throws {
    // `script` gives the binary a pseudo-terminal.
    let binary = try TestSupport.envlockBinary()
    let dir = DiffCLITests.storyDir("broken-requirement")
    let tty = try TestSupport.run(
      "script", ["-qec", "\(binary) diff a.json b.json", "/dev/null"], in: dir,
      environment: ["PATH": "/usr/bin:/bin", "TERM": "dumb"])
    #expect(tty.stdout.contains("\u{1B}["))
    let noColor = try TestSupport.run(
      "script", ["-qec", "\(binary) diff a.json b.json", "/dev/null"], in: dir,
      environment: ["PATH": "/usr/bin:/bin", "TERM": "dumb", "NO_COLOR": "1"])
    #expect(!noColor.stdout.contains("\u{1B}["))
    #expect(noColor.stdout.contains("Most likely causes"))
  }

  struct ErrorCase: Sendable, CustomStringConvertible {
    let args: [String]
    let message: String
    var description: String { args.joined(separator: " ") }
  }

  @Test(arguments: [
    ErrorCase(args: ["a.json", "missing.json"], message: "Cannot read `missing.json`"),
    ErrorCase(args: ["a.json", "b.json", "--only", "pip"], message: "Unknown diff category: `pip`"),
    ErrorCase(
      args: ["a.json", "b.json", "--only", "data", "--ignore", "data"], message: "leave no category"),
    ErrorCase(args: ["live", "live"], message: "only one of A and B"),
    ErrorCase(
      args: ["a.json", "expected.txt"], message: "`expected.txt` is not a readable .envlock archive"),
    ErrorCase(args: ["a.json", "expected.json"], message: "Cannot read a snapshot from `expected.json`"),
  ])
  func errorsExitTwo(_ c: ErrorCase) throws {
    let result = try DiffCLITests.diff(c.args, in: DiffCLITests.storyDir("broken-requirement"))
    #expect(result.status == 2)
    #expect(result.stderr.contains(c.message), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func onlyAndIgnoreFilterCategories() throws {
    let dir = DiffCLITests.storyDir("broken-requirement")
    let only = try DiffCLITests.diff(["a.json", "b.json", "--only", "python", "--format", "json"], in: dir)
    #expect(only.status == 1)
    #expect(!only.stdout.contains("\"category\": \"requirements\""))
    let ignore = try DiffCLITests.diff(["a.json", "b.json", "--ignore", "requirements,python"], in: dir)
    #expect(ignore.status == 0)
    #expect(ignore.stdout.contains("No differences."))
  }

  @Test func signaturesAreCheckedWithKey() throws {
    let cli = try CLI()
    #expect(try cli.run("keygen").status == 0)
    #expect(try cli.run("capture", "-o", "x.envlock").status == 0)
    #expect(try cli.run("capture", "-o", "y.envlock", "--no-sign").status == 0)
    let pub = cli.path("config/envlock/envlock.pub")
    let ok = try cli.run("diff", "x.envlock", "x.envlock", "--key", pub)
    #expect(ok.status == 0, "\(ok.stderr)")
    let unsigned = try cli.run("diff", "x.envlock", "y.envlock", "--key", pub)
    #expect(unsigned.status == 2)
    #expect(unsigned.stderr.contains("y.envlock"))
  }

  /// Every command reads a file by its content: an archive named `.json` is an archive, an
  /// extracted `envlock.json` named `.envlock` is JSON; commands that need an archive say so.
  @Test func filesAreReadByContentNotName() throws {
    let cli = try CLI()
    #expect(try cli.run("keygen").status == 0)
    #expect(try cli.run("capture", "-o", "x.envlock").status == 0)
    try FileManager.default.copyItem(atPath: cli.path("x.envlock"), toPath: cli.path("archive.json"))
    #expect(try cli.run("extract", "x.envlock", "-o", "ex").status == 0)
    try FileManager.default.copyItem(
      atPath: cli.path("ex/envlock.json"), toPath: cli.path("manifest.envlock"))
    let pub = cli.path("config/envlock/envlock.pub")

    let same = try cli.run("diff", "archive.json", "manifest.envlock")
    #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
    #expect(try cli.run("diff", "archive.json", "x.envlock", "--key", pub).status == 0)
    #expect(try cli.run("verify", "archive.json", "--key", pub).status == 0)

    let unsigned = try cli.run("diff", "x.envlock", "manifest.envlock", "--key", pub)
    #expect(unsigned.status == 2)
    #expect(
      unsigned.stderr.contains("Cannot check a signature on `manifest.envlock`: a JSON file carries none"))
    for arguments in [
      ["verify", "manifest.envlock", "--key", pub], ["show", "manifest.envlock"],
      ["extract", "manifest.envlock", "-o", "out"],
    ] {
      let result = try TestSupport.run(
        try TestSupport.envlockBinary(), arguments, in: cli.home, environment: cli.environment)
      #expect(result.status == 2, "\(arguments)")
      #expect(
        result.stderr.contains("`manifest.envlock` is a JSON snapshot, not an .envlock archive"),
        "\(arguments): \(result.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: cli.path("out")))
  }

  @Test func liveRightAfterCaptureReportsNoDifference() throws {
    let cli = try CLI()
    let capture = try cli.run("capture", "-o", "x.envlock", "--no-sign")
    #expect(capture.status == 0, "\(capture.stderr)")
    let live = try cli.run("diff", "x.envlock", "live")
    #expect(live.status == 0, "\(live.stdout)\n\(live.stderr)")
    #expect(live.stdout.contains("No differences."))
    let reverse = try cli.run("diff", "live", "x.envlock", "--format", "json")
    #expect(reverse.status == 0)
    #expect(reverse.stdout.contains("\"identical\": true"))
  }
}
