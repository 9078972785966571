// End-to-end tests of `envlock check` and the starter contract of `envlock init`: a real venv,
// captured by the built binary, checked against the contract init wrote; exit codes 0, 1 and 2;
// JUnit output validated by xmllint against the common JUnit schema.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite(.serialized) struct CheckCLITests {
  /// A project with a venv, requirements.txt, envlock.toml and handoff.toml from `envlock init`,
  /// captured into `env.envlock`.
  static func capturedProject() throws -> ProjectRun {
    let p = try ProjectRun()
    let venv = try TestSupport.run("python3", ["-m", "venv", p.path(".venv")])
    #expect(venv.status == 0, "\(venv.stderr)")
    try p.write("requirements.txt", "# nothing pinned yet\n")
    let initRun = try p.envlock(["init"])
    #expect(initRun.status == 0, "\(initRun.stderr)")
    #expect(initRun.stdout.contains("handoff.toml"))
    let capture = try p.envlock(["capture", "--python", p.path(".venv"), "--no-sign", "-o", "env.envlock"])
    #expect(capture.status == 0, "\(capture.stderr)")
    return p
  }

  @Test func initWritesAStarterContractThatACaptureOfTheProjectPasses() throws {
    let p = try Self.capturedProject()
    let contract = try String(contentsOfFile: p.path("handoff.toml"), encoding: .utf8)
    let python = try TestSupport.run(
      "python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
    let minor = python.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let next = "\(minor.split(separator: ".")[0]).\(Int(minor.split(separator: ".")[1])! + 1)"
    #expect(contract.contains("version = \">=\(minor),<\(next)\""))
    #expect(contract.contains("files = [\"requirements.txt\"]"))
    #expect(contract.contains("# [performance]"))
    #expect(contract.contains("# max_age = \"30d\""))

    let check = try p.envlock(["check", "env.envlock"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    #expect(check.stdout.contains("PASS  interpreter.version"))
    #expect(check.stdout.contains("PASS  dependencies.consistent"))
    #expect(check.stdout.hasSuffix("verdict: PASS (7 passed, 0 failed, 0 skipped)\n"), "\(check.stdout)")

    // Again: init refuses to overwrite, and --contract-only writes only the contract.
    let again = try p.envlock(["init"])
    #expect(again.status == 2)
    #expect(again.stderr.contains("--force"))
    #expect(try p.envlock(["init", "--contract-only", "--force"]).status == 0)
  }

  @Test func aFailingRuleExitsOneWithEvidenceInEveryFormat() throws {
    let p = try Self.capturedProject()
    var contract = try String(contentsOfFile: p.path("handoff.toml"), encoding: .utf8)
    contract += """

      [resources]
      cpu_cores = 1
      disk = "10 GiB"

      [environment]
      required = ["ENVLOCK_TEST_MODEL_URI"]
      max_age = "1d"

      """
    try p.write("handoff.toml", contract)
    let text = try p.envlock(["check", "env.envlock", "--target", "env.envlock"])
    #expect(text.status == 1, "\(text.stdout)\(text.stderr)")
    #expect(text.stdout.contains("FAIL  environment.variables"))
    #expect(text.stdout.contains("- `ENVLOCK_TEST_MODEL_URI` must be set, the snapshot does not have it"))
    #expect(text.stdout.contains("PASS  resources.wheels"))
    #expect(text.stdout.contains("PASS  resources.host"))
    #expect(text.stdout.contains("verdict: FAIL"))

    let junit = try p.envlock(["check", "env.envlock", "--format", "junit"])
    #expect(junit.status == 1)
    try p.write("report.xml", junit.stdout)
    let schema = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/contract/junit.xsd").path
    let lint = try TestSupport.run("xmllint", ["--noout", "--schema", schema, p.path("report.xml")])
    #expect(lint.status == 0, "\(lint.stderr)\n\(junit.stdout)")
    #expect(junit.stdout.contains("<skipped message="))

    let json = try p.envlock(["check", "env.envlock", "--format", "json"])
    #expect(json.status == 1)
    guard case .object(let top) = try CanonicalJSON.parse(Array(json.stdout.utf8)) else {
      Issue.record("not a JSON object")
      return
    }
    #expect(top["verdict"] == .string("fail"))

    // With the variable set at capture time, the same contract passes.
    let recapture = try p.envlock(
      ["capture", "--python", p.path(".venv"), "--no-sign", "-o", "env2.envlock", "--force"],
      environment: ["ENVLOCK_TEST_MODEL_URI": "s3://models/churn"])
    #expect(recapture.status == 0, "\(recapture.stderr)")
    let passing = try p.envlock(["check", "env2.envlock", "--target", "env2.envlock"])
    #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
  }

  @Test func anInvalidOrMissingContractExitsTwoNamingFileAndLine() throws {
    let p = try Self.capturedProject()
    var contract = try String(contentsOfFile: p.path("handoff.toml"), encoding: .utf8)
    contract = contract.replacingOccurrences(of: "consistent = true", with: "consistant = true")
    try p.write("handoff.toml", contract)
    let line =
      contract.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
        $0.hasPrefix("consistant")
      }! + 1
    let typo = try p.envlock(["check", "env.envlock"])
    #expect(typo.status == 2)
    #expect(
      typo.stderr.contains(
        "Unknown key in `\(p.path("handoff.toml"))` at line \(line): `dependencies.consistant`"),
      "\(typo.stderr)")
    #expect(typo.stderr.contains("hint: the keys allowed here are"))
    #expect(typo.stderr.contains("; see Docs/contract.md\n"), "\(typo.stderr)")
    #expect(typo.stdout.isEmpty)

    try FileManager.default.removeItem(atPath: p.path("handoff.toml"))
    let missing = try p.envlock(["check", "env.envlock"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("No handoff contract found"))
    #expect(missing.stderr.contains("envlock init"))

    // The [contract] table of envlock.toml is used when there is no handoff.toml.
    var project = try String(contentsOfFile: p.path("envlock.toml"), encoding: .utf8)
    project += "\n[contract.interpreter]\nversion = \">=2.7,<3\"\n"
    try p.write("envlock.toml", project)
    let table = try p.envlock(["check", "env.envlock"])
    #expect(table.status == 1, "\(table.stdout)\(table.stderr)")
    #expect(table.stdout.contains("FAIL  interpreter.version"))
    #expect(table.stdout.contains("envlock.toml"))
  }
}
