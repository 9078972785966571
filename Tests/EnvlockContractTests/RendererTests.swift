// The three renderings: JUnit XML validated with xmllint against the common JUnit schema (and a
// broken document rejected, so the validator is known to work), JSON, and the human text.

import EnvlockContract
import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct RendererTests {
  static let schema = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/contract/junit.xsd").path

  /// Runs `xmllint --schema` on a document; returns the result.
  static func validate(_ xml: String) throws -> ProcessResult {
    let dir = try TestSupport.temporaryDirectory("envlock-junit")
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("report.xml")
    try Data(xml.utf8).write(to: file)
    return try TestSupport.run("xmllint", ["--noout", "--schema", schema, file.path])
  }

  static func mixedReport() throws -> CheckReport {
    var report = try Fixture.check(
      Mutation(snapshot: {
        $0.interpreter?.version = "3.9.18"
        $0.pythonPackages.append(Fixture.package("tensorflow", "2.15.0"))
      }))
    report.rules.append(
      RuleResult(id: "resources.extra", status: .skip, summary: "no `--target` <given> & \"quoted\""))
    return report
  }

  @Test func junitValidatesAgainstTheSchema() throws {
    let report = try Self.mixedReport()
    let xml = CheckJUnitRenderer.render(report)
    let result = try Self.validate(xml)
    #expect(result.status == 0, "\(result.stderr)\n\(xml)")
    #expect(result.stderr.contains("validates"))
    #expect(xml.contains("<testcase name=\"interpreter.version\" classname=\"envlock.contract.interpreter\""))
    #expect(xml.contains("failures=\"2\""))
    #expect(xml.components(separatedBy: "<testcase ").count - 1 == report.rules.count)
  }

  @Test func theValidatorRejectsABrokenDocument() throws {
    let broken = "<testsuites><testsuite tests=\"one\"><testcase/></testsuite></testsuites>\n"
    let result = try Self.validate(broken)
    #expect(result.status != 0)
    #expect(result.stderr.contains("fails to validate"))
  }

  @Test func jsonCarriesEveryRule() throws {
    let report = try Self.mixedReport()
    let text = CheckJSONRenderer.render(report)
    guard case .object(let top) = try CanonicalJSON.parse(Array(text.utf8)) else {
      Issue.record("not an object")
      return
    }
    #expect(top["schema"] == .string("envlock.check/1"))
    #expect(top["verdict"] == .string("fail"))
    #expect(top["failed"] == .integer(2))
    guard case .array(let rules)? = top["rules"] else {
      Issue.record("no rules")
      return
    }
    #expect(rules.count == report.rules.count)
  }

  @Test func humanTextShowsEvidenceFixAndVerdict() throws {
    let report = try Self.mixedReport()
    let text = CheckTextRenderer.render(report)
    #expect(text.hasPrefix("envlock check: env.envlock against "))
    #expect(text.contains("FAIL  dependencies.allowed "))
    #expect(text.contains("        - tensorflow 2.15.0 is denied by `tensorflow`\n"))
    #expect(text.contains("        fix: "))
    #expect(text.hasSuffix("verdict: FAIL (\(report.count(.pass)) passed, 2 failed, 1 skipped)\n"))
  }
}
