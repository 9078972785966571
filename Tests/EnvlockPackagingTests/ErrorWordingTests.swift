// PackagingError is worded for any caller: no command-line flag, no documentation path.

import EnvlockPackaging
import EnvlockTestSupport
import Testing

@Test(arguments: [
  PackagingError.invalidVersion("1.0+", position: 3),
  .invalidSpecifier(">=1,<<2", position: 4),
  .invalidName("-x"),
  .invalidRequirement("!!!", reason: "expected a name", position: 0),
  .invalidMarker("os_name = 'x'", reason: "expected an operator", position: 8),
  .undefinedComparison("os_name ~= \"posix\""),
  .undefinedEnvironmentName("extra"),
  .unserializableMarkerValue("'\""),
  .invalidWheelFilename("x.whl", reason: "too few parts"),
  .invalidTag("py3-none", reason: "two parts"),
])
func packagingErrorsNameNoFlagOrDocument(_ error: PackagingError) {
  #expect(TestSupport.commandLineWording(in: error).isEmpty)
  #expect(!error.message.contains("\n"))
  #expect(error.description == error.message + (error.hint.map { "\n\nhint: \($0)" } ?? ""))
}
