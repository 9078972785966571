// DiffError is worded for any caller: no command-line flag, no documentation path.

import EnvlockDiff
import EnvlockModel
import EnvlockTestSupport
import Testing

@Test(arguments: [
  DiffError.unknownCategory("pip"),
  .nothingToCompare,
  .invalidInput(file: "a.json", reason: "no string field `schema` at the top level"),
  .invalidInput(file: "a.json", underlying: JSONError.syntax(line: 1, column: 1, reason: "x")),
])
func diffErrorsNameNoFlagOrDocument(_ error: DiffError) {
  #expect(TestSupport.commandLineWording(in: error).isEmpty)
}

@Test func unreadableJSONKeepsTheJSONErrorAsCause() {
  let error = #expect(throws: DiffError.self) {
    try DiffInput.decode(json: Array("[1,".utf8), file: "a.json")
  }
  #expect(error?.message == "Cannot read a snapshot from `a.json`")
  #expect(error?.underlying is JSONError)
}
