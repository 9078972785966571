// Starts helper processes (the interpreter probe, nvidia-smi) with posix_spawn and collects
// their output on reader threads, so the caller can keep working while they run.

import EnvlockFileIO
import Dispatch
import Glibc

/// A started child process whose standard output and error are being read in the background.
/// Owned by the thread that started it.
final class ChildProcess {
  /// What a finished child produced.
  struct Outcome: Sendable {
    /// The exit status, or 128 + the signal number when a signal ended it.
    var status: Int32
    /// True when the child was killed because it ran past its deadline.
    var timedOut: Bool
    /// Everything written to standard output.
    var stdout: [UInt8]
    /// Everything written to standard error.
    var stderr: [UInt8]
    /// True when the child wrote more than the output limit to one stream and was killed; the
    /// output holds the first `limit` bytes.
    var outputOverflowed: Bool = false
  }

  /// Why a child could not be started.
  struct StartError: Error, Sendable {
    /// The executable that could not be started.
    var executable: String
    /// `errno` of posix_spawn.
    var code: Int32
    /// The system's explanation.
    var reason: String { String(cString: strerror(code)) }
  }

  private let pid: pid_t
  private let stdoutReader: WorkerThread<(bytes: [UInt8], overflowed: Bool)>
  private let stderrReader: WorkerThread<(bytes: [UInt8], overflowed: Bool)>
  private var finished: Outcome?

  private init(
    pid: pid_t, stdoutReader: WorkerThread<(bytes: [UInt8], overflowed: Bool)>,
    stderrReader: WorkerThread<(bytes: [UInt8], overflowed: Bool)>
  ) {
    self.pid = pid
    self.stdoutReader = stdoutReader
    self.stderrReader = stderrReader
  }

  /// Starts `executable` with `arguments` (argv[0] is added) and exactly `environment`. A child
  /// that writes more than `outputLimit` bytes to standard output or error is killed.
  static func start(
    _ executable: String, _ arguments: [String], environment: [String: String],
    outputLimit: Int = InputKind.processOutput.limit
  ) -> Result<ChildProcess, StartError> {
    var outPipe: [Int32] = [0, 0]
    var errPipe: [Int32] = [0, 0]
    guard pipe(&outPipe) == 0 else { return .failure(StartError(executable: executable, code: errno)) }
    guard pipe(&errPipe) == 0 else {
      close(outPipe[0])
      close(outPipe[1])
      return .failure(StartError(executable: executable, code: errno))
    }
    // Keep the pipes out of other children started at the same time (dup2 clears the flag in ours).
    for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for p in argv { free(p) }
      for p in envp { free(p) }
    }
    var pid: pid_t = 0
    var rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    // ETXTBSY: another thread of this process forked while the executable was open for writing
    // (a script written just before); the fork's copy of that descriptor closes at its exec.
    var retries = 0
    while rc == ETXTBSY && retries < 50 {
      retries += 1
      usleep(10_000)
      rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    }
    close(outPipe[1])
    close(errPipe[1])
    if rc != 0 {
      close(outPipe[0])
      close(errPipe[0])
      return .failure(StartError(executable: executable, code: rc))
    }
    let (outFD, errFD, childPID) = (outPipe[0], errPipe[0], pid)
    // One reader thread per pipe, so neither pipe can fill up and block the child.
    return .success(
      ChildProcess(
        pid: pid, stdoutReader: WorkerThread { ChildProcess.drain(outFD, limit: outputLimit, pid: childPID) },
        stderrReader: WorkerThread { ChildProcess.drain(errFD, limit: outputLimit, pid: childPID) }))
  }

  /// True once the child closed its output (it has exited or is about to); does not wait.
  var outputClosed: Bool { stdoutReader.isFinished && stderrReader.isFinished }

  /// Waits for the child to exit; kills it when it runs longer than `timeout` seconds.
  func wait(timeout: Double) -> Outcome {
    if let finished { return finished }
    let deadline = DispatchTime.now() + timeout
    var timedOut = false
    if !stdoutReader.wait(until: deadline) || !stderrReader.wait(until: deadline) {
      timedOut = true
      kill(pid, SIGKILL)
    }
    let (stdout, stderr) = (stdoutReader.join(), stderrReader.join())
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exitStatus: Int32
    if status & 0x7f == 0 {
      exitStatus = (status >> 8) & 0xff
    } else {
      exitStatus = 128 + (status & 0x7f)
    }
    let outcome = Outcome(
      status: exitStatus, timedOut: timedOut, stdout: stdout.bytes, stderr: stderr.bytes,
      outputOverflowed: stdout.overflowed || stderr.overflowed)
    finished = outcome
    return outcome
  }

  /// Reads `fd` to its end, keeping at most `limit` bytes; past that the child is killed (it has
  /// nothing more to say that envlock would read).
  private static func drain(_ fd: Int32, limit: Int, pid: pid_t) -> (bytes: [UInt8], overflowed: Bool) {
    defer { close(fd) }
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        break
      }
      if n == 0 { break }
      if result.count + n > limit {
        result.append(contentsOf: buffer[0..<(limit - result.count)])
        kill(pid, SIGKILL)
        return (result, true)
      }
      result.append(contentsOf: buffer[0..<n])
    }
    return (result, false)
  }

}

/// Looks up an executable by name in a `PATH` value.
func findExecutable(_ name: String, path: String?) -> String? {
  if name.contains("/") { return FileSystem.isExecutableFile(name) ? name : nil }
  for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !dir.isEmpty {
    let candidate = joinPath(String(dir), name)
    if FileSystem.isExecutableFile(candidate) { return candidate }
  }
  return nil
}
