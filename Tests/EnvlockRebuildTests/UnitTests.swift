import EnvlockModel
import EnvlockRebuild
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct UnitTests {
  @Test(arguments: [
    ("https://user:pw@host/x", "https://host/x", true),
    ("https://host/a@b", "https://host/a@b", false),
    ("git+ssh://git@github.com/a/b.git", "git+ssh://github.com/a/b.git", true),
    ("file:///tmp/x.whl", "file:///tmp/x.whl", false),
  ])
  func credentialsAreRemovedFromURLs(_ input: String, _ expected: String, _ had: Bool) throws {
    let pkg = PythonPackage(
      name: "p", displayName: "p", version: "1",
      directUrl: DirectURL(
        url: input, archiveInfo: .init(hashes: ["sha256=" + String(repeating: "a", count: 64)])),
      location: "/v")
    let plan = try RebuildPlan.make(Fixtures.source(Fixtures.snapshot([pkg])), options: RebuildOptions())
    let lock = String(decoding: plan.content(of: "requirements.lock"), as: UTF8.self)
    #expect(lock.contains("p @ \(expected)#sha256="))
    #expect(plan.hazards.contains { $0.code == "credentials-in-url" } == had)
  }

  /// Project config goes to /app; pip/conda config of the captured machine stays out of the image.
  @Test func machineConfigIsKeptOutOfTheImage() throws {
    let plan = try Cases.plan("debian-venv")
    let paths = plan.filePaths()
    #expect(paths.contains("config-files/config/settings.toml"))
    #expect(paths.contains("machine-config/@venv/pip.conf"))
    #expect(!paths.contains { $0.hasPrefix("config-files/@") })
    #expect(
      String(decoding: plan.content(of: "machine-config/@venv/pip.conf"), as: UTF8.self)
        == "[global]\ntimeout = 60\n")
    let dockerfile = String(decoding: plan.content(of: "Dockerfile"), as: UTF8.self)
    #expect(dockerfile.contains(" config-files/ /app/"))
    #expect(!dockerfile.contains("machine-config") && !dockerfile.contains("@venv"))
    #expect(
      plan.decisions.contains { $0.topic == "machine config files" && $0.choice.contains("`@venv/pip.conf`") }
    )
  }

  @Test func choosingFilesFollowsTheCapturedTags() {
    let files = [
      "x-1.0-py3-none-any.whl", "x-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
      "x-1.0.tar.gz",
      "x-1.1-py3-none-any.whl",
    ].map { IndexFile(filename: $0, url: "https://h/\($0)", sha256: nil) }
    func pick(_ tags: [String]) -> String? {
      IndexHashLookup.choose(files, for: Fixtures.package("x", "1.0", tags: tags))?.filename
    }
    #expect(pick(["py3-none-any"]) == "x-1.0-py3-none-any.whl")
    #expect(
      pick(["cp311-cp311-manylinux2014_x86_64", "cp311-cp311-manylinux_2_17_x86_64"])
        == "x-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
    #expect(pick(["cp311-cp311-linux_x86_64"]) == "x-1.0.tar.gz")
    #expect(pick(["cp312-cp312-manylinux_2_17_x86_64"]) == nil)
  }

  @Test func packageComparisonNamesEveryDifference() {
    func p(_ name: String, _ version: String, _ fp: Character?) -> PythonPackage {
      var package = Fixtures.package(name, version)
      package.record = nil
      if let fp {
        package.record = RecordSummary(
          fileCount: 1, totalSize: 1, contentFingerprint: Digest(hex: String(repeating: fp, count: 64))!)
      }
      return package
    }
    let differences = VenvRealizer.compare(
      expected: [p("a", "1", "a"), p("b", "1", "b"), p("c", "1", "c"), p("d", "1", nil)],
      actual: [p("a", "1", "a"), p("b", "2", "b"), p("c", "1", "f"), p("e", "1", "e"), p("d", "1", "d")])
    #expect(
      differences.map { "\($0.kind) \($0.name)" } == ["version b", "content-fingerprint c", "extra e"])
  }
}
