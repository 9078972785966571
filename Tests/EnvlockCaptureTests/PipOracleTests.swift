// The capture's Python packages against `pip inspect` (report version 1) for the same venv:
// names, versions, installer, requested flag and direct_url must be equal.
//
// Cases, all built offline in the test:
// - purepkg: a pure wheel with a console script, requested; deppkg: pulled in as its dependency.
// - binpkg: a binary-looking wheel (cpXY-cpXY-linux_x86_64, Root-Is-Purelib false, a fake .so).
// - edpkg: an editable install through a real PEP 660 build (an in-tree backend, `pip install -e`),
//   whose `.pth` exposes `src/` where a stale `edpkg.egg-info` also sits (as setuptools leaves one).
// - vcspkg: installed from a wheel, then its direct_url.json rewritten by hand to a VCS record
//   (pip cannot install from a repository offline; the file is what pip would write for git).
// - archpkg: installed from a local wheel path, so pip records archive_info with hashes.
// - legacy-pkg: a hand-written legacy `*.egg-info` directory (PKG-INFO + requires.txt).
// - shadow: 2.0 in site-packages and 1.0 in a directory a `.pth` file adds later on sys.path.

import EnvlockModel
import EnvlockPackaging
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockCapture

/// The environment shared by the oracle tests, built once. `@unchecked Sendable`: every property
/// is a `let` set in `init`, but `inspect` holds JSONSerialization's `[String: Any]`, which the
/// compiler cannot prove Sendable.
final class OracleEnvironment: @unchecked Sendable {
  let root: URL
  let venv: URL
  let site: URL
  let extra: URL
  let inspect: [String: Any]

  static let shared = Result { try OracleEnvironment() }

  private init() throws {
    root = try TestSupport.temporaryDirectory("envlock-oracle")
    venv = root.appendingPathComponent("venv")
    extra = root.appendingPathComponent("extra")
    let wheels = root.appendingPathComponent("wheels")
    let tag = try Fixtures.cpythonTag()
    try Fixtures.buildWheels(
      [
        WheelSpec(
          name: "purepkg", version: "1.0", files: ["purepkg/__init__.py": "def main():\n    pass\n"],
          consoleScripts: ["purepkg-run = purepkg:main"], requiresDist: ["deppkg>=0.5"]),
        WheelSpec(name: "deppkg", version: "0.5", files: ["deppkg/__init__.py": ""]),
        WheelSpec(
          name: "binpkg", version: "2.0", tag: "\(tag)-\(tag)-linux_x86_64", purelib: false,
          files: ["binpkg/__init__.py": "", "binpkg/_speedups.\(tag)-x86_64-linux-gnu.so": "not really ELF"]),
        WheelSpec(name: "vcspkg", version: "0.3", files: ["vcspkg/__init__.py": ""]),
        WheelSpec(name: "archpkg", version: "1.5", files: ["archpkg/__init__.py": ""]),
        WheelSpec(name: "shadow", version: "2.0", files: ["shadow/__init__.py": "V = 2\n"]),
        WheelSpec(name: "shadow", version: "1.0", files: ["shadow/__init__.py": "V = 1\n"]),
      ], into: wheels)
    try Fixtures.makeVenv(venv)
    site = try Fixtures.sitePackages(venv)
    let index = ["--no-index", "--find-links", wheels.path]
    try Fixtures.pip(venv, ["install"] + index + ["purepkg", "binpkg", "vcspkg", "shadow==2.0"])
    try Fixtures.pip(
      venv, ["install", "--no-index", wheels.appendingPathComponent("archpkg-1.5-py3-none-any.whl").path])
    try Fixtures.pip(venv, ["install", "--target", extra.path] + index + ["shadow==1.0"])
    try Fixtures.write(extra.path + "\n", to: site.appendingPathComponent("zz_extra.pth"))

    // Editable: a project with an in-tree PEP 660 backend.
    let project = root.appendingPathComponent("proj")
    try Fixtures.write(
      "[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\".\"]\n\n[project]\nname = \"edpkg\"\nversion = \"0.1\"\n",
      to: project.appendingPathComponent("pyproject.toml"))
    try Fixtures.write(Fixtures.inTreeBackend, to: project.appendingPathComponent("backend.py"))
    try Fixtures.write("", to: project.appendingPathComponent("src/edpkg/__init__.py"))
    try Fixtures.pip(venv, ["install", "--no-index", "-e", project.path])
    try Fixtures.write(
      "Metadata-Version: 2.1\nName: edpkg\nVersion: 0.1\n",
      to: project.appendingPathComponent("src/edpkg.egg-info/PKG-INFO"))

    // VCS direct_url, written by hand as pip writes it for `git+https://...@v0.3`.
    let vcsDistInfo = site.appendingPathComponent("vcspkg-0.3.dist-info")
    try Fixtures.write(
      #"{"url": "https://example.invalid/vcspkg.git", "vcs_info": {"vcs": "git", "requested_revision": "v0.3", "commit_id": "0123456789abcdef0123456789abcdef01234567"}}"#,
      to: vcsDistInfo.appendingPathComponent("direct_url.json"))

    // Legacy egg-info.
    let egg = site.appendingPathComponent("legacy_pkg-0.9-py3.11.egg-info")
    try Fixtures.write(
      "Metadata-Version: 1.1\nName: legacy-pkg\nVersion: 0.9\nSummary: Old style\n",
      to: egg.appendingPathComponent("PKG-INFO"))
    try Fixtures.write("deppkg\n\n[fast]\nbinpkg>=2\n", to: egg.appendingPathComponent("requires.txt"))
    try Fixtures.write("legacy_pkg\n", to: egg.appendingPathComponent("top_level.txt"))

    let report = try Fixtures.pip(venv, ["inspect"])
    guard let object = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
    else {
      throw FixtureError(description: "pip inspect printed no JSON object")
    }
    inspect = object
  }

  /// pip's record per normalized name.
  var pipPackages: [String: [String: Any]] {
    var result: [String: [String: Any]] = [:]
    for item in inspect["installed"] as? [[String: Any]] ?? [] {
      guard let metadata = item["metadata"] as? [String: Any], let name = metadata["name"] as? String else {
        continue
      }
      result[PackageName.normalize(name)] = item
    }
    return result
  }
}

/// PEP 610 JSON as pip reports it, converted to the snapshot's form.
func directURL(fromPip object: [String: Any]?) -> DirectURL? {
  guard let object else { return nil }
  let data = try! JSONSerialization.data(withJSONObject: object)
  var warnings: [CaptureWarning] = []
  return DistInfoReader.parseDirectURL(Array(data), path: "pip", warnings: &warnings)
}

@Suite(.serialized) struct PipOracleTests {
  @Test func namesVersionsInstallerRequestedAndDirectURLMatchPipInspect() throws {
    let env = try OracleEnvironment.shared.get()
    let snapshot = try Fixtures.capture(env.venv)
    let pip = env.pipPackages
    let ours = Dictionary(uniqueKeysWithValues: snapshot.pythonPackages.map { ($0.name, $0) })
    #expect(Set(ours.keys) == Set(pip.keys), "package sets differ")
    #expect(snapshot.pythonPackages.count == ours.count, "a package is listed twice")
    for (name, item) in pip {
      guard let mine = ours[name] else { continue }
      let metadata = item["metadata"] as? [String: Any] ?? [:]
      #expect(mine.version == metadata["version"] as? String, "\(name): version")
      #expect(mine.installer ?? "" == item["installer"] as? String ?? "", "\(name): installer")
      #expect(mine.requested == item["requested"] as? Bool ?? false, "\(name): requested")
      #expect(
        mine.directUrl == directURL(fromPip: item["direct_url"] as? [String: Any]), "\(name): direct_url")
    }
  }

  @Test func markerEnvironmentMatchesPip() throws {
    let env = try OracleEnvironment.shared.get()
    let snapshot = try Fixtures.capture(env.venv)
    let markers = try #require(snapshot.interpreter?.markers)
    let pipMarkers = env.inspect["environment"] as? [String: String] ?? [:]
    #expect(pipMarkers.count == 11)
    for (key, value) in pipMarkers { #expect(markers[key] == value, "marker \(key)") }
  }

  @Test(arguments: [
    ("purepkg", "1.0", true, "dist-info"),
    ("deppkg", "0.5", false, "dist-info"),
    ("binpkg", "2.0", true, "dist-info"),
    ("edpkg", "0.1", true, "dist-info"),
    ("vcspkg", "0.3", true, "dist-info"),
    ("archpkg", "1.5", true, "dist-info"),
    ("legacy-pkg", "0.9", false, "egg-info"),
    ("shadow", "2.0", true, "dist-info"),
  ])
  func eachCaseIsRecorded(name: String, version: String, requested: Bool, format: String) throws {
    let env = try OracleEnvironment.shared.get()
    let snapshot = try Fixtures.capture(env.venv)
    let package = try #require(snapshot.pythonPackages.first { $0.name == name })
    #expect(package.version == version)
    #expect(package.metadataFormat.rawValue == format)
    #expect(package.requested == requested)
    if format == "dist-info" {
      let record = try #require(package.record)
      #expect(record.fileCount > 0 && record.totalSize > 0)
    } else {
      #expect(package.record == nil)
    }
  }

  @Test func detailsOfTheSpecialCases() throws {
    let env = try OracleEnvironment.shared.get()
    let snapshot = try Fixtures.capture(env.venv)
    func pkg(_ name: String) -> PythonPackage? { snapshot.pythonPackages.first { $0.name == name } }
    let tag = try Fixtures.cpythonTag()
    #expect(pkg("binpkg")?.wheelTags == ["\(tag)-\(tag)-linux_x86_64"])
    #expect(pkg("binpkg")?.rootIsPurelib == false)
    #expect(pkg("purepkg")?.rootIsPurelib == true)
    #expect(pkg("purepkg")?.requiresDist == ["deppkg>=0.5"])
    #expect(pkg("purepkg")?.summary == "A test package")
    #expect(pkg("edpkg")?.directUrl?.dirInfo?.editable == true)
    #expect(pkg("vcspkg")?.directUrl?.vcsInfo?.commitId == "0123456789abcdef0123456789abcdef01234567")
    #expect(pkg("archpkg")?.directUrl?.archiveInfo?.hashes.first?.hasPrefix("sha256=") == true)
    #expect(pkg("legacy-pkg")?.requiresDist == ["deppkg", "binpkg>=2; extra == \"fast\""])
    // The shadowed copy is named in a warning; the editable's second metadata copy is not.
    let shadowed = snapshot.warnings.filter { $0.code == .packageShadowed }
    #expect(shadowed.count == 1)
    #expect(shadowed.first?.path == env.extra.appendingPathComponent("shadow-1.0.dist-info").path)
    let site = env.site.path
    #expect(snapshot.interpreter?.siteDirectories == [site])
    #expect(pkg("shadow")?.location == site)
  }
}
