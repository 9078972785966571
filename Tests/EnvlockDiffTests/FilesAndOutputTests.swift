// Data files, config files, category filters and renderers.

@testable import EnvlockDiff
import EnvlockModel
import Testing

// MARK: Data files

struct DataCase: CustomStringConvertible, Sendable {
  let name: String
  let a: [DataFile]
  let b: [DataFile]
  let expected: [String]
  var description: String { name }
}

private let d1 = Build.digest("one")
private let d2 = Build.digest("two")
private func file(_ p: String, _ d: Digest, mode: Int = 0o644, mtime: Int64 = 0) -> DataFile {
  DataFile(path: p, size: 10, mode: mode, mtime: Timestamp(secondsSinceEpoch: mtime), sha256: d)
}

@Test(arguments: [
  DataCase(name: "unchanged but touched", a: [file("x", d1)], b: [file("x", d1, mtime: 99)], expected: []),
  DataCase(name: "modified", a: [file("x", d1)], b: [file("x", d2)], expected: ["changed x"]),
  DataCase(name: "added", a: [], b: [file("x", d1)], expected: ["added x"]),
  DataCase(name: "removed", a: [file("x", d1)], b: [], expected: ["removed x"]),
  DataCase(name: "renamed", a: [file("x", d1)], b: [file("y/x", d1)], expected: ["renamed y/x"]),
  DataCase(
    name: "renamed and a copy", a: [file("x", d1)], b: [file("y", d1), file("z", d1)],
    expected: ["added z", "renamed y"]),
  DataCase(name: "mode", a: [file("x", d1)], b: [file("x", d1, mode: 0o600)], expected: ["changed x"]),
  DataCase(
    name: "link retargeted",
    a: [DataFile(path: "l", kind: .symlink, size: 1, mode: 0o777, mtime: nil, sha256: nil, linkTarget: "a")],
    b: [DataFile(path: "l", kind: .symlink, size: 1, mode: 0o777, mtime: nil, sha256: nil, linkTarget: "b")],
    expected: ["changed l"]),
])
func dataFiles(_ c: DataCase) {
  var a = Build.laptop()
  var b = Build.prod()
  a.dataFiles = c.a
  b.dataFiles = c.b
  let got = diff(a, b).findings.filter { $0.category == .data }.map { "\($0.kind.rawValue) \($0.subject)" }
  #expect(got.sorted() == c.expected.sorted())
}

// MARK: Config files

struct ConfigCase: CustomStringConvertible, Sendable {
  let path: String
  let a: String
  let b: String
  let details: [String]
  var description: String { path }
}

@Test(arguments: [
  ConfigCase(
    path: "settings.toml", a: "[db]\npool = 5\nhost = \"db\"\n",
    b: "[db]\npool = 20\nhost = \"db\"\nssl = true\n",
    details: ["~ db.pool: 5 → 20", "+ db.ssl = true"]),
  ConfigCase(
    path: "app.json", a: "{\"a\": {\"b\": 1, \"c\": [1, 2]}}",
    b: "{\"a\": {\"b\": 2, \"c\": [1, 2]}, \"d\": \"x\"}",
    details: ["~ a.b: 1 → 2", "+ d = \"x\""]),
  ConfigCase(
    path: "setup.cfg", a: "[tool]\nx = 1\n; comment\ny = 2\n", b: "[tool]\nx = 1\ny = 3\n",
    details: ["~ tool.y: 2 → 3"]),
  ConfigCase(path: ".env", a: "A=1\nexport B=\"two\"\n", b: "A=1\n", details: ["- B = two"]),
  ConfigCase(path: "settings.toml", a: "a = 1 # old\n", b: "a = 1 # new\n", details: []),
  ConfigCase(
    path: "run.sh", a: "one\ntwo\nthree\n", b: "one\n2\nthree\n",
    details: ["--- A/run.sh", "+++ B/run.sh", "@@ -1,3 +1,3 @@", " one", "-two", "+2", " three"]),
  ConfigCase(
    path: "broken.toml", a: "a = 1\n", b: "a = \n",
    details: ["--- A/broken.toml", "+++ B/broken.toml", "@@ -1,1 +1,1 @@", "-a = 1", "+a = "]),
  // Formats told by `ConfigFormat`: Pipfile is TOML and .pypirc INI, compared by key; lock files
  // (TOML or JSON) and YAML are compared line by line.
  ConfigCase(
    path: "Pipfile", a: "[packages]\nrequests = \"*\"\n", b: "[packages]\nrequests = \"==2.31\"\n",
    details: ["~ packages.requests: \"*\" → \"==2.31\""]),
  ConfigCase(
    path: ".pypirc", a: "[pypi]\nusername = ana\n", b: "[pypi]\nusername = bo\n",
    details: ["~ pypi.username: ana → bo"]),
  ConfigCase(
    path: "uv.lock", a: "version = 1\n", b: "version = 2\n",
    details: ["--- A/uv.lock", "+++ B/uv.lock", "@@ -1,1 +1,1 @@", "-version = 1", "+version = 2"]),
  ConfigCase(
    path: "Pipfile.lock", a: "{\"a\": 1}\n", b: "{\"a\": 2}\n",
    details: ["--- A/Pipfile.lock", "+++ B/Pipfile.lock", "@@ -1,1 +1,1 @@", "-{\"a\": 1}", "+{\"a\": 2}"]),
  ConfigCase(
    path: "environment.yml", a: "name: a\n", b: "name: b\n",
    details: ["--- A/environment.yml", "+++ B/environment.yml", "@@ -1,1 +1,1 @@", "-name: a", "+name: b"]),
])
func configKeys(_ c: ConfigCase) {
  var a = Build.laptop()
  var b = Build.prod()
  a.configFiles = [ConfigFile(path: c.path, size: 1, mode: 0o644, sha256: Build.digest(c.a))]
  b.configFiles = [ConfigFile(path: c.path, size: 1, mode: 0o644, sha256: Build.digest(c.b))]
  let f = find("config:\(c.path)", in: diff(a, b, config: ([c.path: c.a], [c.path: c.b])).findings)
  #expect(f?.details == c.details)
}

@Test func configWithoutContentComparesHashes() {
  var a = Build.laptop()
  var b = Build.prod()
  a.configFiles = [ConfigFile(path: "x.toml", size: 1, mode: 0o644, sha256: d1)]
  b.configFiles = [ConfigFile(path: "x.toml", size: 1, mode: 0o644, sha256: d2)]
  let f = find("config:x.toml", in: diff(a, b).findings)
  #expect(f?.impact.note?.contains("only the hash") == true)
}

// MARK: --only / --ignore

struct FilterCase: CustomStringConvertible, Sendable {
  let only: [String]
  let ignore: [String]
  let categories: Set<DiffCategory>
  var description: String { "only \(only) ignore \(ignore)" }
}

@Test(arguments: [
  FilterCase(only: [], ignore: [], categories: Set(DiffCategory.allCases)),
  FilterCase(only: ["python,host"], ignore: [], categories: [.python, .host]),
  FilterCase(only: ["python", "data"], ignore: ["data"], categories: [.python]),
  FilterCase(
    only: [], ignore: ["environment", "data", "config"],
    categories: [.interpreter, .host, .requirements, .python, .conda, .system, .notebooks]),
])
func filters(_ c: FilterCase) throws {
  #expect(try DiffOptions(only: c.only, ignore: c.ignore).categories == c.categories)
}

@Test func filterErrors() {
  let unknown = #expect(throws: DiffError.self) { try DiffOptions(only: ["pip"], ignore: []) }
  #expect(unknown.map { if case .unknownCategory("pip") = $0 { true } else { false } } == true)
  let nothing = #expect(throws: DiffError.self) { try DiffOptions(only: ["data"], ignore: ["data"]) }
  #expect(nothing.map { if case .nothingToCompare = $0 { true } else { false } } == true)
}

@Test func onlyPythonPromotesChildrenOfADroppedRoot() throws {
  let story = Story.interpreterBump()
  let report = EnvironmentDiff.compare(
    Build.input("a", story.a), Build.input("b", story.b),
    options: try DiffOptions(only: ["python"], ignore: []))
  #expect(report.findings.allSatisfy { $0.category == .python })
  #expect(report.findings.contains { $0.id == "python:numpy" && $0.cause?.contains("cp312") == true })
}

// MARK: Renderers

@Test(arguments: [true, false])
func colourOnlyWhenAsked(_ colour: Bool) {
  let story = Story.brokenRequirement()
  let report = diff(story.a, story.b)
  let text = DiffTextRenderer(colour: colour).render(report)
  #expect(text.contains("\u{1B}[") == colour)
  #expect(!DiffJSONRenderer.render(report).contains("\u{1B}["))
  #expect(!DiffMarkdownRenderer().render(report).contains("\u{1B}["))
}

@Test func jsonIsVersionedAndCanonical() throws {
  let story = Story.transitiveUpgrade()
  let json = DiffJSONRenderer.render(diff(story.a, story.b))
  let tree = try CanonicalJSON.parse(Array(json.utf8))
  guard case .object(let top) = tree else { Issue.record("not an object"); return }
  #expect(top["schema"] == .string("envlock.diff/1"))
  #expect(String(decoding: CanonicalJSON.render(tree), as: UTF8.self) == json)
}
