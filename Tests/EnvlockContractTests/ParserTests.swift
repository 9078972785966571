// Invalid contracts name the file, the line and what to write instead; valid ones parse fully.

import EnvlockContract
import EnvlockPackaging
import EnvlockTestSupport
import Foundation
import Testing

/// An invalid contract and what its error must say.
struct InvalidContract: Sendable, CustomTestStringConvertible {
  let name: String
  let text: String
  let line: Int
  let parts: [String]

  var testDescription: String { name }
}

@Suite struct ParserTests {
  static let invalid: [InvalidContract] = [
    InvalidContract(
      name: "unknown key", text: "[interpreter]\nversion = \">=3.10\"\nimplementaton = \"cpython\"\n",
      line: 3,
      parts: [
        "Unknown key in `handoff.toml` at line 3: `interpreter.implementaton`",
        "hint: the keys allowed here are `implementation`, `version`",
      ]),
    InvalidContract(
      name: "unknown table", text: "# rules\n\n[dependency]\npin = \"exact\"\n", line: 3,
      parts: ["Unknown key in `handoff.toml` at line 3: `dependency`", "`dependencies`"]),
    InvalidContract(
      name: "bad version range", text: "[interpreter]\n\n\nversion = \">=3.10,<<3.13\"\n", line: 4,
      parts: [
        "Invalid value for `interpreter.version` in `handoff.toml` at line 4: not a PEP 440 version range: >=3.10,<<3.13",
        "hint: write specifiers separated by commas",
      ]),
    InvalidContract(
      name: "bad line rate", text: "[tests]\ncoverage = \"coverage.json\"\nmin_line_rate = 80\n", line: 3,
      parts: [
        "`tests.min_line_rate` in `handoff.toml` at line 3: a line rate is a fraction from 0 to 1: 80.0",
        "hint: write 0.8 for 80%",
      ]),
    InvalidContract(
      name: "wrong type", text: "[resources]\ncpu_cores = \"four\"\n", line: 2,
      parts: ["Expected an integer for `resources.cpu_cores` in `handoff.toml` at line 2, found: string"]),
    InvalidContract(
      name: "wrong type in an array", text: "[environment]\nrequired = [\"A\", 1]\n", line: 2,
      parts: ["Expected an array of strings for `environment.required` in `handoff.toml` at line 2"]),
    InvalidContract(
      name: "bad threshold",
      text: "[performance]\nmetrics = \"m.json\"\n[performance.thresholds]\nauc = \"at least 0.8\"\n",
      line: 4,
      parts: [
        "`performance.thresholds.auc` in `handoff.toml` at line 4: not a threshold: at least 0.8",
        "hint: write an operator and a number",
      ]),
    InvalidContract(
      name: "bad size", text: "[resources]\nmemory = \"lots\"\n", line: 2,
      parts: [
        "`resources.memory` in `handoff.toml` at line 2: not a size: lots", "hint: write a number and a unit",
      ]),
    InvalidContract(
      name: "bad duration", text: "[environment]\nmax_age = \"a month\"\n", line: 2,
      parts: ["`environment.max_age` in `handoff.toml` at line 2: not a duration: a month", "`30d`"]),
    InvalidContract(
      name: "bad pin policy", text: "[dependencies]\npin = \"strict\"\n", line: 2,
      parts: [
        "`dependencies.pin` in `handoff.toml` at line 2: not a pinning policy: strict", "`exact-or-hashed`",
      ]),
    InvalidContract(
      name: "bad deny entry", text: "[dependencies]\ndeny = [\"tensorflow\", \"torch @ https://x\"]\n",
      line: 2,
      parts: ["`dependencies.deny` in `handoff.toml` at line 2: only a name and a version range are allowed"]),
    InvalidContract(
      name: "TOML syntax", text: "[interpreter]\nversion = \">=3.10\n", line: 2,
      parts: ["Invalid TOML in `handoff.toml` at line 2"]),
    // TOMLKit's bundled toml++ aborted the process on this 5-byte file (issue #20).
    InvalidContract(
      name: "TOML syntax that aborted TOMLKit", text: "[@x]", line: 1,
      parts: ["Invalid TOML in `handoff.toml` at line 1, column 2: expected a key"]),
    InvalidContract(
      name: "nested contract table",
      text: "[python]\ninterpreter = \".venv\"\n\n[contract.interpreter]\nversions = \">=3\"\n", line: 5,
      parts: ["Unknown key in `handoff.toml` at line 5: `contract.interpreter.versions`"]),
    InvalidContract(
      name: "no rules", text: "# nothing agreed yet\n", line: 1,
      parts: ["declares no rule", "hint: uncomment a rule"]),
  ]

  @Test(arguments: invalid)
  func invalidContractsNameFileLineAndHint(_ c: InvalidContract) throws {
    do {
      _ = try ContractParser.parse(c.text, file: "handoff.toml")
      Issue.record("parsed: \(c.text)")
    } catch {
      let message = error.description
      for part in c.parts { #expect(message.contains(part), "\(message)") }
      if c.name != "no rules" { #expect(message.contains("line \(c.line)"), "\(message)") }
      #expect(
        message.contains("hint:") || c.name.hasPrefix("TOML syntax") || c.name.hasPrefix("wrong type"),
        "\(message)")
    }
  }

  @Test func theContractTableOfEnvlockTomlIsRead() throws {
    let text = """
      [python]
      interpreter = ".venv"

      [contract.interpreter]
      version = ">=3.10,<3.13"

      [contract.dependencies]
      pin = "exact-or-hashed"
      deny = ["tensorflow<3"]
      """
    let contract = try #require(
      try ContractParser.parse(text, file: "envlock.toml", requireContractTable: true))
    #expect(contract.interpreter?.version == (try SpecifierSet(">=3.10,<3.13")))
    #expect(contract.dependencies?.pin == .exactOrHashed)
    #expect(contract.dependencies?.deny.map(\.description) == ["tensorflow<3"])
    #expect(try ContractParser.parse("[python]\n", file: "envlock.toml", requireContractTable: true) == nil)
  }

  @Test func valuesParse() throws {
    let text = """
      [resources]
      memory = "16 GiB"
      gpu_memory = "512MB"
      disk = 1024
      [environment]
      max_age = "2w"
      equal = { B = "2", A = "1" }
      [performance]
      metrics = "m.json"
      sha256 = "sha256:\(String(repeating: "ab", count: 32))"
      [performance.thresholds]
      zeta = "< 1"
      alpha = ">= 0.5"
      """
    let contract = try #require(try ContractParser.parse(text))
    #expect(contract.resources?.memoryBytes == 16 << 30)
    #expect(contract.resources?.gpuMemoryBytes == 512_000_000)
    #expect(contract.resources?.diskBytes == 1024)
    #expect(contract.environment?.maxAgeSeconds == Int64(14 * 86_400))
    #expect(contract.environment?.equal.map(\.name) == ["A", "B"])  // one line: by name
    #expect(contract.performance?.thresholds.map(\.text) == ["zeta < 1", "alpha >= 0.5"])
  }
}

@Suite struct DocumentationTests {
  /// The first ```toml block of a documentation page.
  static func tomlExample(_ page: String) throws -> String {
    let text = try String(
      contentsOf: TestSupport.repoRoot.appendingPathComponent("Docs/\(page)"), encoding: .utf8)
    let start = try #require(text.range(of: "```toml\n"))
    let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
    return String(text[start.upperBound..<end.lowerBound])
  }

  @Test func theCompleteExampleOfContractMdParsesWithEveryFamily() throws {
    let contract = try #require(try ContractParser.parse(Self.tomlExample("contract.md")))
    #expect(contract.interpreter != nil && contract.dependencies?.allow?.count == 6)
    #expect(contract.packaging?.layout == .src && contract.schemas?.modules == ["churn_model.schemas"])
    #expect(contract.performance?.thresholds.count == 2 && contract.tests?.paths.count == 1)
    #expect(contract.resources?.gpuMemoryBytes == 16 << 30 && contract.environment?.signedBy.count == 2)
  }

  @Test func theStarterContractParses() throws {
    let text = ContractTemplate.render(
      ContractDiscovery(
        pythonVersion: "3.11.2", dependencyFiles: ["requirements.txt"], package: ("churn", .src)))
    let contract = try #require(try ContractParser.parse(text))
    #expect(contract.interpreter?.version?.description == "<3.12,>=3.11")
    #expect(contract.dependencies?.files == ["requirements.txt"])
    #expect(contract.packaging == nil && contract.environment == nil)
  }
}
