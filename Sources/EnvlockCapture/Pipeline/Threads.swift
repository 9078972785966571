// The concurrency capture uses, all of it synchronous: probes block in system calls (reading
// files, waiting for child processes), so they run on threads of their own that the caller
// starts and joins, and loops over independent items run on all cores with `concurrentMap`.
// Values shared between threads live in one mutex-guarded box, `Locked`.

import Dispatch
import Glibc
import Synchronization

/// A value shared between threads; every access holds its mutex.
final class Locked<Value: Sendable>: Sendable {
  private let mutex: Mutex<Value>

  /// Creates a box holding `value`.
  init(_ value: Value) { mutex = Mutex(value) }

  /// Runs `body` with the value while holding the lock; `body` may change it.
  func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
    mutex.withLock { value in body(&value) }
  }

  /// A copy of the value.
  var value: Value { withLock { $0 } }
}

/// A computation running on a thread of its own, started at once; `join()` waits for its result.
///
/// A dedicated thread, not the Dispatch pool: a probe blocked in `read` or `waitpid` must never
/// hold a pool thread that `concurrentMap` (reading site-packages meanwhile) is waiting for.
/// Dropping a worker without joining it lets the thread finish unobserved (a capture that fails
/// early does not wait for its background reads).
final class WorkerThread<Value: Sendable> {
  private let result = Locked<Value?>(nil)
  private let done = DispatchGroup()

  /// Starts `body` on a new thread.
  init(_ body: @escaping @Sendable () -> Value) {
    let (result, done) = (self.result, self.done)
    done.enter()
    startThread {
      let value = body()
      result.withLock { $0 = value }
      done.leave()
    }
  }

  /// True once the body has returned; does not wait.
  var isFinished: Bool { done.wait(timeout: .now()) == .success }

  /// Waits until the body has returned or `deadline` has passed; true when it has returned.
  func wait(until deadline: DispatchTime) -> Bool { done.wait(timeout: deadline) == .success }

  /// Waits for the body to return and returns its result.
  func join() -> Value {
    done.wait()
    guard let value = result.value else { preconditionFailure("a worker thread finished without a result") }
    return value
  }
}

/// Runs `body` on a new detached thread (on the Dispatch pool if no thread can be made).
private func startThread(_ body: @escaping @Sendable () -> Void) {
  let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
  var thread = pthread_t()
  let rc = pthread_create(
    &thread, nil,
    { raw in
      Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().body()
      return nil
    }, context)
  if rc == 0 {
    pthread_detach(thread)
  } else {
    Unmanaged<ThreadBody>.fromOpaque(context).release()
    DispatchQueue.global().async(execute: body)
  }
}

/// The closure a new thread runs, passed through `pthread_create`'s context pointer.
private final class ThreadBody {
  let body: @Sendable () -> Void
  init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

/// `transform(0..<count)` computed on all cores; returns when every item is done, in index order.
func concurrentMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
  guard count > 0 else { return [] }
  return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
    // Each index is written exactly once, by the iteration that owns it, and read only after
    // `concurrentPerform` has returned: no two threads ever touch the same element.
    nonisolated(unsafe) let out = buffer
    DispatchQueue.concurrentPerform(iterations: count) { i in
      (out.baseAddress! + i).initialize(to: transform(i))
    }
    initialized = count
  }
}
