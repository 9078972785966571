// DiffError is worded for any caller: no command-line flag, no documentation path.

import EnvlockDiff
import EnvlockTestSupport
import Testing

@Test(arguments: [
  DiffError.unknownCategory("pip"),
  .nothingToCompare,
])
func diffErrorsNameNoFlagOrDocument(_ error: DiffError) {
  #expect(TestSupport.commandLineWording(in: error).isEmpty)
}
