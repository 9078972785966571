// The file errors are worded for any caller: no command-line flag, no documentation path.

import EnvlockDiagnostics
import EnvlockFileIO
import EnvlockTestSupport
import Foundation
import Glibc
import Testing

@Suite struct FileErrorWordingTests {
  @Test(arguments: [
    FileWriteError.destinationExists(path: "out.envlock"),
    .writeFailed(path: "out.envlock", reason: "No space left on device"),
  ])
  func writeErrorsNameNoFlagOrDocument(_ error: FileWriteError) {
    #expect(TestSupport.commandLineWording(in: error).isEmpty)
    #expect(error.message.contains("`out.envlock`"))
  }

  /// A read error is the path and the system's reason, as capture warnings record it.
  @Test func readErrorIsPathAndReason() {
    let error = FileReadError(path: "/no/such/file", code: ENOENT)
    #expect(TestSupport.commandLineWording(in: error).isEmpty)
    #expect(error.description == "/no/such/file: No such file or directory")
    #expect(error.description == error.message)
  }

  /// A refused overwrite from the real writer: no flag in it, the command line adds one.
  @Test func atomicWriterRefusalNamesNoFlag() throws {
    let path = try TestSupport.temporaryDirectory("envlock-fileio").appendingPathComponent("f").path
    try AtomicFile.write([1], to: path, force: false)
    #expect(throws: FileWriteError.destinationExists(path: path)) {
      try AtomicFile.write([2], to: path, force: false)
    }
  }
}
