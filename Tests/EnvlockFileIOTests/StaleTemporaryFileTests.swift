// A writer killed right after creating its temporary file leaves `.NAME.tmp-PID-XXXXXX` behind;
// the next write into that folder removes it, and nothing a running writer or anyone else owns.

import EnvlockFileIO
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct StaleTemporaryFileTests {
  /// The pid of a process that has exited (and been waited for).
  static func deadPID() throws -> pid_t {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
  }

  static func files(_ dir: URL) throws -> Set<String> {
    Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
  }

  @Test func theNextWriteRemovesTemporaryFilesOfDeadWriters() throws {
    let dir = try TestSupport.temporaryDirectory("stale")
    let dead = try Self.deadPID()
    let live = ProcessInfo.processInfo.processIdentifier
    let names = [
      "deadWriter": ".environment.envlock.tmp-\(dead)-aB3xYz",
      "liveWriter": ".environment.envlock.tmp-\(live)-Qw12Er",
      "oldLiveWriter": ".other.envlock.tmp-\(live)-Zx98Cv",
      "noPid": ".environment.envlock.tmp-aB3xYz",
      "notOurs": ".notes.tmp-\(dead)-toolong1",
      "visible": "environment.envlock.tmp-\(dead)-aB3xYz",
    ]
    for name in names.values {
      FileManager.default.createFile(atPath: dir.appendingPathComponent(name).path, contents: nil)
    }
    // A day-old temporary file is abandoned even when its pid now belongs to a running process.
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: -2 * AtomicFile.staleAge)],
      ofItemAtPath: dir.appendingPathComponent(names["oldLiveWriter"]!).path)
    // A folder with a temporary-looking name is not a file a writer left.
    let folder = ".cache.tmp-\(dead)-Folder"
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent(folder), withIntermediateDirectories: false)

    try AtomicFile.write(
      Array("new".utf8), to: dir.appendingPathComponent("environment.envlock").path, force: false)

    let left = try Self.files(dir)
    #expect(!left.contains(names["deadWriter"]!))
    #expect(!left.contains(names["oldLiveWriter"]!))
    for kept in ["liveWriter", "noPid", "notOurs", "visible"] {
      #expect(left.contains(names[kept]!), "\(kept)")
    }
    #expect(left.contains(folder))
    #expect(left.contains("environment.envlock"))
    // The writer's own temporary file is gone too.
    #expect(left.count == 6, "\(left.sorted())")
  }

  /// A process that dies right after creating its temporary file, as a killed capture does.
  @Test func aKilledWritersFileIsRemovedByTheNextWriter() throws {
    let dir = try TestSupport.temporaryDirectory("killed")
    let script = """
      import os, sys
      path = os.path.join(sys.argv[1], '.environment.envlock.tmp-%d-Ab12Cd' % os.getpid())
      os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
      print(path, flush=True)
      os._exit(9)
      """
    let killed = try TestSupport.run("python3", ["-c", script, dir.path])
    #expect(killed.status == 9)
    let leftover = URL(fileURLWithPath: killed.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
      .lastPathComponent
    #expect(try Self.files(dir) == [leftover])
    #expect(leftover.hasPrefix(".environment.envlock.tmp-"))
    try AtomicFile.write(Array("x".utf8), to: dir.appendingPathComponent("cache").path, force: true)
    #expect(try Self.files(dir) == ["cache"])
  }
}
