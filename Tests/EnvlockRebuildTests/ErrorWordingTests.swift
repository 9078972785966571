// RebuildError is worded for any caller: no command-line flag, no documentation path; the
// reader's, writer's and network's errors are kept as causes.

import EnvlockArchive
import EnvlockModel
import EnvlockRebuild
import EnvlockTestSupport
import Testing

private struct Cause: Error {}

@Suite struct RebuildErrorWordingTests {
  @Test(arguments: [
    RebuildError.cannotReadSnapshot(path: "s.json", reason: "no top-level `schema`"),
    .cannotReadSnapshot(path: "s.json", underlying: JSONError.syntax(line: 1, column: 1, reason: "x")),
    .noInterpreter,
    .invalidBaseImage(reference: "python:3.11\nRUN x"),
    .cannotWrite(path: "out/Dockerfile", underlying: Cause()),
    .outputNotEmpty(path: "out"),
    .interpreterNotFound(wanted: "3.11", tried: ["python3.11"]),
    .interpreterMismatch(path: "/usr/bin/python3", found: "3.12", wanted: "3.11"),
    .commandFailed(command: "pip install", status: 1, output: "ERROR: no matching distribution"),
    .indexUnreachable(url: "http://127.0.0.1:9/simple/", reason: "HTTP status 500"),
    .indexUnreachable(url: "http://127.0.0.1:9/simple/", underlying: Cause()),
    .indexPageInvalid(url: "http://127.0.0.1:9/simple/x/", reason: "not a URL"),
    .verificationCaptureFailed(path: "venv", underlying: Cause()),
  ])
  func rebuildErrorsNameNoFlagOrDocument(_ error: RebuildError) {
    #expect(TestSupport.commandLineWording(in: error).isEmpty)
  }

  /// A snapshot that is not JSON: the JSON error is the cause, not text in the message.
  @Test func anUnreadableSnapshotKeepsTheJSONError() {
    let error = #expect(throws: ArchiveError.self) {
      try SnapshotFile.parse(Array("{oops".utf8), file: "s.json")
    }
    guard case .notASnapshot("s.json", nil, let cause as JSONError)? = error else {
      Issue.record("\(String(describing: error))")
      return
    }
    #expect(error?.message == "Cannot read a snapshot from `s.json`")
    #expect(error?.description.contains("\n  caused by: \(cause.message)\n\nhint: ") == true)
  }

  /// Without an interpreter the hint asks for a base image, without naming the flag.
  @Test func noInterpreterHintNamesNoFlag() {
    var snapshot = Fixtures.snapshot([])
    snapshot.interpreter = nil
    let error = #expect(throws: RebuildError.self) {
      _ = try RebuildPlan.make(Fixtures.source(snapshot), options: RebuildOptions())
    }
    #expect(error?.hint == "name the base image to build on")
  }
}
