import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

/// `envlock fleet` and `envlock export` end to end through the binary: exit codes, folders, unreadable
/// members, a goldens-free check of the report, and a real capture exported and validated.
@Suite struct FleetCLITests {
  static func run(_ args: [String], in dir: URL? = nil) throws -> ProcessResult {
    try TestSupport.run(try TestSupport.envlockBinary(), args, in: dir)
  }

  static func story(_ name: String, _ side: String) -> String {
    TestSupport.repoRoot.appendingPathComponent("Snapshots/diff/\(name)/\(side).json").path
  }

  /// A folder of members: three copies of one story's B, one of another's, and the baseline itself.
  static func fleetFolder() throws -> URL {
    let dir = try TestSupport.temporaryDirectory("fleet")
    let fm = FileManager.default
    for i in 0..<3 {
      try fm.copyItem(
        atPath: story("transitive-upgrade", "b"), toPath: dir.appendingPathComponent("m\(i).json").path)
    }
    try fm.copyItem(
      atPath: story("broken-requirement", "b"), toPath: dir.appendingPathComponent("odd.json").path)
    try fm.copyItem(
      atPath: story("transitive-upgrade", "a"), toPath: dir.appendingPathComponent("same.json").path)
    try "not a snapshot".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
    return dir
  }

  @Test func folderOfMembersDeviates() throws {
    let dir = try Self.fleetFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try Self.run(["fleet", Self.story("transitive-upgrade", "a"), dir.path, "--format", "json"])
    #expect(result.status == 1, "\(result.stderr)")
    guard case .object(let doc) = try CanonicalJSON.parse(Array(result.stdout.utf8)),
      case .object(let counts)? = doc["counts"]
    else { throw TestSupportError(description: "no counts") }
    #expect(doc["schema"] == .string("envlock.fleet/1"))
    #expect(counts["members"] == .integer(5))
    #expect(counts["matching"] == .integer(1))
    #expect(counts["deviating"] == .integer(4))
    #expect(counts["distinct_deviations"] == .integer(2))
    let text = try Self.run(["fleet", Self.story("transitive-upgrade", "a"), dir.path])
    #expect(
      text.stdout.contains("3 of 5  [medium] python: scikit-learn 1.3.2 → 1.5.0 (upgraded) (explains 2 more)")
    )
    #expect(text.stdout.contains("Outliers (differences no other member has):\n  \(dir.path)/odd.json\n"))
    let md = try Self.run(["fleet", Self.story("transitive-upgrade", "a"), dir.path, "--format", "markdown"])
    #expect(md.status == 1)
    #expect(md.stdout.hasPrefix("## envlock fleet: 5 members against"))
  }

  @Test func everyMemberMatchingExitsZero() throws {
    let a = Self.story("identical", "a")
    let result = try Self.run(["fleet", a, Self.story("identical", "b"), a])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("Every member matches the baseline."))
  }

  @Test func unreadableMemberIsNamed() throws {
    let dir = try Self.fleetFolder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let bad = dir.appendingPathComponent("bad.json")
    try "{\"schema\": 1".write(to: bad, atomically: true, encoding: .utf8)
    let base = Self.story("transitive-upgrade", "a")
    let strict = try Self.run(["fleet", base, dir.path])
    #expect(strict.status == 2)
    #expect(strict.stdout.isEmpty)
    #expect(strict.stderr.contains("bad.json"), "\(strict.stderr)")
    let going = try Self.run(["fleet", base, dir.path, "--keep-going", "--format", "json"])
    #expect(going.status == 2)
    guard case .object(let doc) = try CanonicalJSON.parse(Array(going.stdout.utf8)),
      case .object(let counts)? = doc["counts"]
    else { throw TestSupportError(description: "no report") }
    #expect(counts["unreadable"] == .integer(1))
    let missing = try Self.run(["fleet", base, "/nonexistent/member.envlock"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("/nonexistent/member.envlock"))
    let empty = try TestSupport.temporaryDirectory("fleet-empty")
    defer { try? FileManager.default.removeItem(at: empty) }
    let none = try Self.run(["fleet", base, empty.path])
    #expect(none.status == 2)
    #expect(none.stderr.contains("holds no .envlock or .json file"), "\(none.stderr)")
  }
}

@Suite struct ExportCLITests {
  static let cyclonedxCheck = """
    import json, sys
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
    text = open(sys.argv[1], encoding="utf-8").read()
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    if errors:
        sys.exit(str(errors))
    doc = json.loads(text)
    byname = {c["name"]: c for c in doc["components"]}
    lic = byname["licensed-pkg"]["licenses"][0]
    assert lic == {"expression": "MIT OR Apache-2.0", "acknowledgement": "declared"}, lic
    assert byname["classified"]["licenses"][0]["license"]["id"] == "MIT", byname["classified"]
    assert byname["licensed-pkg"]["purl"] == "pkg:pypi/licensed-pkg@1.0", byname["licensed-pkg"]["purl"]
    deps = {d["ref"]: d["dependsOn"] for d in doc["dependencies"]}
    assert deps["pkg:pypi/licensed-pkg@1.0"] == ["pkg:pypi/classified@2.0"], deps
    print("ok")
    """

  /// A venv with two distributions: one declaring `License-Expression` and requiring the other,
  /// which declares a licence classifier.
  static func venv(_ dir: URL) throws -> String {
    let venv = dir.appendingPathComponent("venv").path
    var r = try TestSupport.run("python3", ["-m", "venv", "--without-pip", venv])
    #expect(r.status == 0, "\(r.stderr)")
    r = try TestSupport.run("python3", ["-c", "import sys; print('python%d.%d' % sys.version_info[:2])"])
    let site = "\(venv)/lib/\(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))/site-packages"
    let dists = [
      (
        "licensed_pkg-1.0.dist-info",
        "Name: licensed-pkg\nVersion: 1.0\nLicense-Expression: mit OR Apache-2.0\nRequires-Dist: classified>=1\n"
      ),
      (
        "classified-2.0.dist-info",
        "Name: classified\nVersion: 2.0\nLicense: A very long licence text\n that spans lines\nClassifier: License :: OSI Approved :: MIT License\nClassifier: Topic :: Utilities\n"
      ),
    ]
    for (name, metadata) in dists {
      let d = "\(site)/\(name)"
      try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
      try ("Metadata-Version: 2.4\n" + metadata + "\n").write(
        toFile: "\(d)/METADATA", atomically: true, encoding: .utf8)
      try "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n".write(
        toFile: "\(d)/WHEEL", atomically: true, encoding: .utf8)
      try "\(name)/RECORD,,\n".write(toFile: "\(d)/RECORD", atomically: true, encoding: .utf8)
    }
    return venv
  }

  @Test func capturedLicencesReachBothSBOMs() throws {
    let dir = try TestSupport.temporaryDirectory("export")
    defer { try? FileManager.default.removeItem(at: dir) }
    let venv = try Self.venv(dir)
    let archive = dir.appendingPathComponent("env.envlock").path
    let envlock = try TestSupport.envlockBinary()
    let capture = try TestSupport.run(
      envlock, ["capture", "--python", venv, "--no-sign", "-o", archive], in: dir)
    #expect(capture.status == 0, "\(capture.stderr)")
    let show = try TestSupport.run(envlock, ["show", archive, "--json"], in: dir)
    #expect(show.stdout.contains("\"expression\": \"mit OR Apache-2.0\""), "\(show.stdout)")
    #expect(!show.stdout.contains("A very long licence text"))
    let cdx = dir.appendingPathComponent("sbom.cdx.json").path
    let r1 = try TestSupport.run(envlock, ["export", archive, "--format", "cyclonedx", "-o", cdx], in: dir)
    #expect(r1.status == 0, "\(r1.stderr)")
    let check = try TestSupport.run(
      TestSupport.toolsBin.appendingPathComponent("python").path, ["-c", Self.cyclonedxCheck, cdx])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let again = try TestSupport.run(
      envlock, ["export", archive, "--format", "cyclonedx", "-o", cdx], in: dir)
    #expect(again.status == 2, "an existing file is not replaced without --force")
    let spdx = try TestSupport.run(envlock, ["export", archive, "--format", "spdx"], in: dir)
    #expect(spdx.status == 0, "\(spdx.stderr)")
    let spdxPath = dir.appendingPathComponent("sbom.spdx.json").path
    try spdx.stdout.write(toFile: spdxPath, atomically: true, encoding: .utf8)
    let validate = try TestSupport.run("pyspdxtools", ["-i", spdxPath])
    #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
    #expect(spdx.stdout.contains("\"licenseDeclared\": \"MIT OR Apache-2.0\""))
    #expect(spdx.stdout.contains("\"licenseDeclared\": \"MIT\""))
  }

  @Test func badFormatIsAUsageError() throws {
    let r = try TestSupport.run(
      try TestSupport.envlockBinary(),
      ["export", FleetCLITests.story("identical", "a"), "--format", "swid"])
    #expect(r.status == 2)
  }
}
