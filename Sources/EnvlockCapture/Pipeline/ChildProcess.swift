// Starts helper processes (the interpreter probe, nvidia-smi) with posix_spawn and collects
// their output on background threads, so the caller can keep working while they run.

import EnvlockFileIO
import Dispatch
import Glibc

/// A started child process whose standard output and error are being read in the background.
final class ChildProcess: @unchecked Sendable {
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
    var outputOverflowed = false
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
  private let readers = DispatchGroup()
  private var stdoutBytes: [UInt8] = []
  private var stderrBytes: [UInt8] = []
  private var overflowed = false
  private var finished: Outcome?
  private let lock = NSLockLite()

  private init(pid: pid_t) { self.pid = pid }

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
    let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
    close(outPipe[1])
    close(errPipe[1])
    if rc != 0 {
      close(outPipe[0])
      close(errPipe[0])
      return .failure(StartError(executable: executable, code: rc))
    }
    let child = ChildProcess(pid: pid)
    let outFD = outPipe[0]
    let errFD = errPipe[0]
    // Dedicated threads, not the Dispatch pool: a blocked read must never hold a pool thread
    // that `concurrentPerform` (reading site-packages meanwhile) is waiting for.
    child.readers.enter()
    startThread {
      let bytes = ChildProcess.drain(outFD, limit: outputLimit, child: child)
      child.lock.locked { child.stdoutBytes = bytes }
      child.readers.leave()
    }
    child.readers.enter()
    startThread {
      let bytes = ChildProcess.drain(errFD, limit: outputLimit, child: child)
      child.lock.locked { child.stderrBytes = bytes }
      child.readers.leave()
    }
    return .success(child)
  }

  /// True once the child closed its output (it has exited or is about to); does not wait.
  var outputClosed: Bool { readers.wait(timeout: .now()) == .success }

  /// Waits for the child to exit; kills it when it runs longer than `timeout` seconds.
  func wait(timeout: Double) -> Outcome {
    if let finished = lock.locked({ self.finished }) { return finished }
    var timedOut = false
    if readers.wait(timeout: .now() + timeout) == .timedOut {
      timedOut = true
      kill(pid, SIGKILL)
      readers.wait()
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exitStatus: Int32
    if status & 0x7f == 0 {
      exitStatus = (status >> 8) & 0xff
    } else {
      exitStatus = 128 + (status & 0x7f)
    }
    let outcome = lock.locked {
      Outcome(
        status: exitStatus, timedOut: timedOut, stdout: stdoutBytes, stderr: stderrBytes,
        outputOverflowed: overflowed)
    }
    lock.locked { finished = outcome }
    return outcome
  }

  /// Reads `fd` to its end, keeping at most `limit` bytes; past that the child is killed (it has
  /// not been waited for, so its pid cannot have been reused).
  private static func drain(_ fd: Int32, limit: Int, child: ChildProcess) -> [UInt8] {
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
        child.lock.locked { child.overflowed = true }
        kill(child.pid, SIGKILL)
        break
      }
      result.append(contentsOf: buffer[0..<n])
    }
    return result
  }
}

/// Runs `body` on a new detached thread (falls back to the Dispatch pool if no thread can be made).
func startThread(_ body: @escaping @Sendable () -> Void) {
  final class Work {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
  let context = Unmanaged.passRetained(Work(body)).toOpaque()
  var thread = pthread_t()
  let rc = pthread_create(
    &thread, nil,
    { raw in
      Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue().body()
      return nil
    }, context)
  if rc == 0 {
    pthread_detach(thread)
  } else {
    Unmanaged<Work>.fromOpaque(context).release()
    DispatchQueue.global().async(execute: body)
  }
}

/// A minimal mutex around pthread_mutex_t, usable from any thread.
final class NSLockLite: @unchecked Sendable {
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

  init() { pthread_mutex_init(mutex, nil) }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// Runs `body` while holding the lock.
  func locked<T>(_ body: () throws -> T) rethrows -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body()
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
