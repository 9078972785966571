// ContractError is worded for any caller: no command-line flag, no documentation path (the
// command line adds `Docs/contract.md`); a version range that does not parse keeps the packaging
// error as its cause instead of pasting it into the hint.

import EnvlockContract
import EnvlockPackaging
import EnvlockTOML
import EnvlockTestSupport
import Testing

private struct WriteCause: Error {}

@Suite struct ContractErrorWordingTests {
  @Test(arguments: [
    ContractError.notFound(searched: ["handoff.toml", "envlock.toml [contract]"]),
    .cannotRead(file: "handoff.toml", reason: "the file is not UTF-8"),
    .invalidFile(.syntax(file: "handoff.toml", line: 1, column: 2, reason: "x")),
    .empty(file: "handoff.toml"),
    .alreadyExists(file: "handoff.toml"),
    .writeFailed(file: "handoff.toml", underlying: WriteCause()),
  ])
  func contractErrorsNameNoFlagOrDocument(_ error: ContractError) {
    #expect(TestSupport.commandLineWording(in: error).isEmpty)
  }

  /// Every invalid contract of the parser tests.
  @Test(arguments: ParserTests.invalid)
  func parserErrorsNameNoFlagOrDocument(_ c: InvalidContract) {
    let error = #expect(throws: ContractError.self) { try ContractParser.parse(c.text, file: "handoff.toml") }
    #expect(
      error.map { TestSupport.commandLineWording(in: $0).isEmpty } == true, "\(String(describing: error))")
  }

  @Test func aBadVersionRangeKeepsThePackagingErrorAsCause() {
    let error = #expect(throws: ContractError.self) {
      try ContractParser.parse("[interpreter]\nversion = \">=3.10,<<3.13\"\n", file: "handoff.toml")
    }
    guard case .invalidFile(.invalidValue(_, 2, "interpreter.version", _, let hint?), let cause?)? = error
    else {
      Issue.record("\(String(describing: error))")
      return
    }
    #expect(hint == "write specifiers separated by commas, for example `>=3.10,<3.13`")
    guard case .invalidSpecifier = cause else {
      Issue.record("\(cause)")
      return
    }
    // One hint: the contract's, not the packaging error's as well.
    #expect(error?.description.components(separatedBy: "hint:").count == 2)
    #expect(error?.description.contains("\n  caused by: \(cause.message)\n") == true)
  }
}
