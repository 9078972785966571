// JSONError is worded for any caller: no command-line flag, no documentation path.

import EnvlockModel
import EnvlockTestSupport
import Testing

@Test(arguments: [
  JSONError.syntax(line: 1, column: 2, reason: "expected a value"),
  .duplicateKey(line: 3, column: 4, key: "name"),
  .unsupportedNumber(line: 5, column: 6, text: "1.5"),
  .notCanonical("a floating-point number"),
])
func jsonErrorsNameNoFlagOrDocument(_ error: JSONError) {
  #expect(TestSupport.commandLineWording(in: error).isEmpty)
  #expect(error.description == error.message)
}
