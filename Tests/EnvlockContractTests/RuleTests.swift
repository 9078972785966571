// For every rule: the passing project passes it, and a project changed in one way fails exactly it
// with the expected message.

import EnvlockContract
import EnvlockModel
import Foundation
import Testing

/// One way to break exactly one rule.
struct FailingCase: Sendable, CustomTestStringConvertible {
  let rule: String
  let message: String
  let mutation: Mutation

  var testDescription: String { rule }
}

extension Snapshot {
  /// Replaces the package named `name`.
  fileprivate mutating func change(_ name: String, _ body: (inout PythonPackage) -> Void) {
    for i in pythonPackages.indices where pythonPackages[i].name == name { body(&pythonPackages[i]) }
  }
}

@Suite struct RuleTests {
  static let expectedRules = [
    "interpreter.implementation", "interpreter.version", "dependencies.declared", "dependencies.pinned",
    "dependencies.satisfied", "dependencies.consistent", "dependencies.sources", "dependencies.allowed",
    "packaging.project", "packaging.layout", "schemas.captured", "performance.hash", "performance.thresholds",
    "tests.coverage", "resources.host", "resources.disk", "resources.wheels", "environment.variables",
    "environment.data", "environment.signature", "environment.age",
  ]

  @Test func thePassingProjectPassesEveryRule() throws {
    let report = try Fixture.check()
    #expect(report.rules.map(\.id) == Self.expectedRules)
    for rule in report.rules {
      #expect(rule.status == .pass, "\(rule.id): \(rule.summary) \(rule.evidence)")
    }
    #expect(report.passed)
  }

  static let cases: [FailingCase] = [
    FailingCase(
      rule: "interpreter.implementation", message: "the interpreter is pypy, the contract allows `cpython`",
      mutation: Mutation(snapshot: { $0.interpreter?.implementation = "pypy" })),
    FailingCase(
      rule: "interpreter.version", message: "Python 3.9.18 is outside",
      mutation: Mutation(snapshot: { $0.interpreter?.version = "3.9.18" })),
    FailingCase(
      rule: "dependencies.declared", message: "requirements.txt:6: cannot parse `!!!`",
      mutation: Mutation(files: { $0["requirements.txt"]! += "!!!\n" })),
    FailingCase(
      rule: "dependencies.pinned",
      message: "requirements.txt:4: `pandas>=2.1` is not pinned to one version (`==`)",
      mutation: Mutation(files: {
        $0["requirements.txt"] = $0["requirements.txt"]!.replacingOccurrences(
          of: "pandas==2.1.4", with: "pandas>=2.1")
      })),
    FailingCase(
      rule: "dependencies.satisfied",
      message: "requirements.txt pins pandas==2.1.4, the environment has 2.2.0",
      mutation: Mutation(snapshot: { $0.change("pandas") { $0.version = "2.2.0" } })),
    FailingCase(
      rule: "dependencies.consistent", message: "pandas 2.1.4 requires pytz>=2020.1, which is not installed",
      mutation: Mutation(snapshot: { $0.pythonPackages.removeAll { $0.name == "pytz" } })),
    FailingCase(
      rule: "dependencies.sources",
      message: "featurelib 1.0 is installed from a local directory from file:///tmp/featurelib",
      mutation: Mutation(snapshot: {
        $0.pythonPackages.append(
          Fixture.package(
            "featurelib", "1.0",
            directUrl: DirectURL(url: "file:///tmp/featurelib", dirInfo: DirectURL.DirInfo(editable: false))))
      })),
    FailingCase(
      rule: "dependencies.allowed", message: "tensorflow 2.15.0 is denied by `tensorflow`",
      mutation: Mutation(snapshot: { $0.pythonPackages.append(Fixture.package("tensorflow", "2.15.0")) })),
    FailingCase(
      rule: "packaging.project", message: "pyproject.toml has no `[build-system] build-backend`",
      mutation: Mutation(files: {
        $0["pyproject.toml"] = $0["pyproject.toml"]!.replacingOccurrences(
          of: "build-backend = \"hatchling.build\"", with: "")
      })),
    FailingCase(
      rule: "packaging.layout", message: "found `churn_model/` instead (flat layout)",
      mutation: Mutation(files: {
        $0["src/churn_model/__init__.py"] = nil
        $0["churn_model/__init__.py"] = ""
      })),
    FailingCase(
      rule: "schemas.captured", message: "`schemas/input.json` changed since the capture",
      mutation: Mutation(afterCapture: { $0["schemas/input.json"] = "{\"type\": \"array\"}\n" })),
    FailingCase(
      rule: "performance.hash", message: "`reports/metrics.json` changed since the capture",
      mutation: Mutation(afterCapture: {
        $0["reports/metrics.json"] = "{\"auc\": 0.87, \"latency\": {\"p95_ms\": 35}, \"rows\": 10001}\n"
      })),
    FailingCase(
      rule: "performance.thresholds", message: "auc = 0.81, the contract requires >= 0.85",
      mutation: Mutation(files: {
        $0["reports/metrics.json"] = "{\"auc\": 0.81, \"latency\": {\"p95_ms\": 35}}\n"
      })),
    FailingCase(
      rule: "tests.coverage",
      message: "`src/churn_model/model.py`: line rate 50.0% (30 of 60 lines), required 95.0%",
      mutation: Mutation(files: {
        $0["coverage.json"] = $0["coverage.json"]!.replacingOccurrences(
          of: "{\"covered_lines\": 60, \"num_statements\": 60}",
          with: "{\"covered_lines\": 30, \"num_statements\": 60}"
        ).replacingOccurrences(
          of: "\"covered_lines\": 30, \"num_statements\": 40",
          with: "\"covered_lines\": 40, \"num_statements\": 40")
      })),
    FailingCase(
      rule: "resources.host", message: "memory: the target has 8.0 GiB, the contract needs 16.0 GiB",
      mutation: Mutation(target: { $0.host?.memoryBytes = 8 << 30 })),
    FailingCase(
      rule: "resources.disk", message: "the contract declares 1.0 GiB",
      mutation: Mutation(snapshot: { $0.change("numpy") { $0.record?.totalSize = 2 << 30 } })),
    FailingCase(
      rule: "resources.wheels",
      message:
        "numpy 1.26.4 (cp311-cp311-manylinux_2_17_x86_64, cp311-cp311-manylinux2014_x86_64) cannot be installed on cpython 3.11.7, aarch64 glibc 2.36",
      mutation: Mutation(target: { $0.host?.architecture = "aarch64" })),
    FailingCase(
      rule: "environment.variables", message: "`PYTHONHASHSEED` must equal `0`, the snapshot has `1`",
      mutation: Mutation(snapshot: {
        $0.environment = $0.environment.map {
          $0.name == "PYTHONHASHSEED" ? RecordedVariable(name: $0.name, value: "1") : $0
        }
      })),
    FailingCase(
      rule: "environment.data", message: "`data/train.csv` has sha256 \(String(repeating: "0", count: 64))",
      mutation: Mutation(snapshot: {
        for i in $0.dataFiles.indices where $0.dataFiles[i].path == "data/train.csv" {
          $0.dataFiles[i].sha256 = EnvlockModel.Digest(hex: String(repeating: "0", count: 64))
        }
      })),
    FailingCase(
      rule: "environment.signature", message: "which is not one of the 1 listed",
      mutation: Mutation(otherSigner: true)),
    FailingCase(
      rule: "environment.age", message: "captured 41 days ago (2026-10-11T10:00:00Z), older than 30d",
      mutation: Mutation(snapshot: { $0.capture.time = Timestamp(rfc3339: "2026-10-11T10:00:00Z")! })),
  ]

  @Test func everyRuleHasAFailingCase() {
    #expect(Set(Self.cases.map(\.rule)) == Set(Self.expectedRules))
  }

  @Test(arguments: cases)
  func aProjectFailsExactlyOneRule(_ c: FailingCase) throws {
    let report = try Fixture.check(c.mutation)
    let failed = report.rules.filter { $0.status == .fail }
    #expect(failed.map(\.id) == [c.rule], "\(failed.map { "\($0.id): \($0.summary) \($0.evidence)" })")
    let rule = try #require(failed.first)
    let text = ([rule.summary] + rule.evidence).joined(separator: "\n")
    #expect(text.contains(c.message), "\(text)")
    #expect(rule.fix?.isEmpty == false)
    #expect(!report.passed)
  }

  @Test func withoutATargetTheHostAndWheelRulesAreSkipped() throws {
    let snapshot = Fixture.snapshot(files: Fixture.files)
    let contract = Contract(file: "handoff.toml", resources: ResourceRules(cpuCores: 2))
    let result = ContractChecker.check(
      contract,
      CheckInput(label: "x.json", snapshot: snapshot, projectRoot: "/nonexistent", contractDirectory: "/"))
    #expect(result.rules.map(\.status) == [.skip, .skip])
    #expect(result.passed)
  }

  @Test func coberturaReportsAreReadPerPath() throws {
    let xml = """
      <?xml version="1.0" ?>
      <coverage version="7.4.0" line-rate="0.75" lines-valid="4" lines-covered="3">
        <sources><source>/srv/churn/src</source></sources>
        <packages><package name="churn_model"><classes>
          <class name="model.py" filename="churn_model/model.py" line-rate="1">
            <methods/>
            <lines><line number="1" hits="1"/><line number="2" hits="3"/></lines>
          </class>
          <class name="io.py" filename="churn_model/io.py" line-rate="0.5">
            <lines><line number="1" hits="1"/><line number="2" hits="0"/></lines>
          </class>
        </classes></package></packages>
      </coverage>
      """
    let report = try Fixture.check(
      Mutation(
        files: { $0["coverage.xml"] = xml },
        contract: {
          $0 = $0.replacingOccurrences(
            of: "coverage = \"coverage.json\"", with: "coverage = \"coverage.xml\""
          )
          .replacingOccurrences(of: "min_line_rate = 0.8", with: "min_line_rate = 0.7")
          .replacingOccurrences(
            of: "\"src/churn_model/model.py\" = 0.95", with: "\"src/churn_model/io.py\" = 0.6")
        }))
    let rule = try #require(report.rules.first { $0.id == "tests.coverage" })
    #expect(rule.status == .fail)
    #expect(rule.evidence == ["`src/churn_model/io.py`: line rate 50.0% (1 of 2 lines), required 60.0%"])
  }

  @Test func lockFilesAreJudgedForPinsAndVersions() throws {
    let lock = """
      version = 1
      requires-python = ">=3.10"

      [[package]]
      name = "churn-model"
      version = "0.3.0"
      source = { editable = "." }

      [[package]]
      name = "numpy"
      version = "1.26.3"
      source = { registry = "https://pypi.org/simple" }
      wheels = [{ url = "https://example.invalid/numpy.whl", hash = "sha256:00" }]

      """
    let report = try Fixture.check(
      Mutation(
        files: { $0["uv.lock"] = lock },
        contract: {
          $0 = $0.replacingOccurrences(
            of: "pin = \"exact\"", with: "pin = \"exact\"\nfiles = [\"pyproject.toml\", \"uv.lock\"]")
        }))
    let satisfied = try #require(report.rules.first { $0.id == "dependencies.satisfied" })
    #expect(satisfied.evidence == ["uv.lock locks numpy 1.26.3, the environment has 1.26.4"])
    #expect(report.rules.first { $0.id == "dependencies.pinned" }?.status == .pass)
  }
}
