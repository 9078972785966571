// The escaping and the grammars of OutputText.swift, case by case; InjectionTests checks them
// end to end with the real parsers.

import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockRebuild

@Suite struct OutputTextTests {
  @Test(arguments: [
    ("laptop", "laptop"),
    ("a\nb", "a\\nb"),
    ("a\r\nb", "a\\r\\nb"),
    ("a\tb\0c", "a\\tb\\0c"),
    ("x\u{1B}[31m", "x\\u{1B}[31m"),
    ("x\u{85}y\u{2028}z\u{2029}", "x\\u{85}y\\u{2028}z\\u{2029}"),
    ("rtl\u{202E}txt", "rtl\\u{202E}txt"),
    ("fs\u{1C}gs\u{1D}rs\u{1E}", "fs\\u{1C}gs\\u{1D}rs\\u{1E}"),
    ("café ✓", "café ✓"),
  ])
  func lineKeepsTextOnOneVisibleLine(_ input: String, _ expected: String) {
    #expect(OutputText.line(input) == expected)
    #expect(OutputText.isOneLine(OutputText.line(input)))
    #expect(OutputText.comment(input) == "# " + expected)
  }

  @Test(arguments: [
    ("plain", "`plain`"),
    ("a`b", "`` a`b ``"),
    ("``x`", "``` ``x` ```"),
    ("a\nb", "`a\\nb`"),
  ])
  func codeSpansHoldAnyBacktick(_ input: String, _ expected: String) {
    #expect(OutputText.code(input) == expected)
  }

  @Test(arguments: [
    ("NVIDIA A10G", "NVIDIA A10G"),
    ("<b>x</b> [l](j) | `c` *e* \\", "\\<b\\>x\\</b\\> \\[l\\](j) \\| \\`c\\` \\*e\\* \\\\"),
  ])
  func markdownTextEscapesWhatStartsMarkup(_ input: String, _ expected: String) {
    #expect(OutputText.markdown(input) == expected)
  }

  @Test(arguments: [
    ("agg", "agg"),
    ("Python (proj)", "'Python (proj)'"),
    ("it's", "'it'\\''s'"),
    ("$HOME `id`", "\"\\$HOME \\`id\\`\""),
    ("a\"b\\c$", "\"a\\\"b\\\\c\\$\""),
    ("", "''"),
  ])
  func shellWordsQuoteWithoutExpansion(_ input: String, _ expected: String) throws {
    #expect(OutputText.shellWord(input) == expected)
    // sh reads the word back as the input, without running anything in it.
    let result = try TestSupport.run("sh", ["-c", "printf '%s' \(OutputText.shellWord(input))"])
    #expect(result.stdout == input)
  }

  @Test func shellPathsAreNeverOptions() {
    #expect(OutputText.shellPath("-rf") == "./-rf")
    #expect(OutputText.shellPath("data/x") == "data/x")
  }

  struct GrammarCase: CustomStringConvertible, Sendable {
    var grammar: String
    var valid: [String]
    var invalid: [String]
    var check: @Sendable (String) -> Bool
    var description: String { grammar }
  }

  static let grammars = [
    GrammarCase(
      grammar: "environment name", valid: ["PATH", "_x1", "a"],
      invalid: ["", "1A", "A=1", "A B", "A\nB", "Ä"],
      check: ValueGrammar.isEnvironmentName),
    GrammarCase(
      grammar: "package name", valid: ["numpy", "zope.interface", "a_b-c"],
      invalid: ["", "-a", "a b", "a\n"],
      check: ValueGrammar.isPackageName),
    GrammarCase(
      grammar: "version", valid: ["1.0", "2!1.0.post1", "1.0+local.7", "3.13.0rc1"],
      invalid: ["", "1.0 ", " 1.0", "1.0\n", "1.0;x", "not a version"], check: ValueGrammar.isVersion),
    GrammarCase(
      grammar: "Debian name", valid: ["libgomp1", "libstdc++6", "g++-12"],
      invalid: ["a", "Lib", "-x", "a b", "a=1"],
      check: ValueGrammar.isDebianName),
    GrammarCase(
      grammar: "Debian version", valid: ["12.2.0-14", "1:2.36-9+deb12u4", "2.3~rc1"],
      invalid: ["", "x1", "1 2", "1\n", "a:1", "1;rm"], check: ValueGrammar.isDebianVersion),
    GrammarCase(
      grammar: "URL", valid: ["https://pypi.org/simple", "file:///tmp/x%20y.whl", "git+ssh://git@h/a.git"],
      invalid: [
        "", "pypi.org", "https://a b", "https://a\n", "https://a/$x", "https://a/'x'", "https://a/`x`",
      ],
      check: ValueGrammar.isURL),
    GrammarCase(
      grammar: "relative path", valid: ["data/a.csv", "@venv/pip.conf", "a b/c"],
      invalid: ["", "/etc/passwd", "../x", "a/../b", "a//b", "./a", "a\nb"],
      check: ValueGrammar.isRelativePath),
    GrammarCase(
      grammar: "image reference", valid: ["python:3.11-slim", "registry:5000/a/b@sha256:abc"],
      invalid: ["", "-x", "a b", "a\nRUN x", "a$b"], check: ValueGrammar.isImageReference),
  ]

  @Test(arguments: grammars)
  func grammarsAcceptAndRefuse(_ c: GrammarCase) {
    for value in c.valid { #expect(c.check(value), "\(c.grammar) refuses \(value.debugDescription)") }
    for value in c.invalid { #expect(!c.check(value), "\(c.grammar) accepts \(value.debugDescription)") }
  }

  /// A variable value ending in a backslash, or with one before a double quote, has no ENV
  /// spelling that BuildKit and hadolint read alike: it is a hazard, not text.
  @Test(arguments: ["C:\\", "say \\\"hi\\\""])
  func valuesParsersDisagreeOnAreLeftOut(_ value: String) throws {
    var snapshot = Fixtures.snapshot([])
    snapshot.environment = [RecordedVariable(name: "X", value: value)]
    let plan = try RebuildPlan.make(Fixtures.source(snapshot), options: RebuildOptions())
    #expect(plan.environment.runtime.isEmpty)
    #expect(plan.hazards.map(\.code) == ["unrepresentable-value"])
  }
}
