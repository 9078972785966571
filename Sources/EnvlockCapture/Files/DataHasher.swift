// Hashes data files in parallel: one worker thread per core pulls the next file (largest first)
// from a shared counter; each worker owns one read buffer, so memory stays flat however large the
// files are. Cached digests are used when a file's identity and timestamps are unchanged.

import Dispatch
import EnvlockModel
import Foundation
import Glibc
import Synchronization

/// How to hash a set of data files.
public struct DataHashOptions: Sendable {
  /// Worker threads (default: the online cores).
  public var workers: Int
  /// Bytes per read (default 1 MiB).
  public var blockSize: Int
  /// The cache folder; nil disables the cache.
  public var cacheDirectory: String?
  /// Called about ten times a second while hashing runs.
  public var progress: DataHashingProgressHandler?
  /// Test hook: runs once per file after its first block was hashed.
  public var afterFirstBlock: (@Sendable (String) -> Void)?
  /// The wall clock, in nanoseconds since the epoch, that decides which files are too fresh to
  /// cache (tests move it instead of waiting for files to age).
  public var clock: @Sendable () -> Int64 = DataHasher.realtimeNanoseconds

  /// Creates hashing options.
  public init(
    workers: Int = DataHashOptions.onlineCores, blockSize: Int = 1 << 20, cacheDirectory: String? = nil,
    progress: DataHashingProgressHandler? = nil, afterFirstBlock: (@Sendable (String) -> Void)? = nil
  ) {
    self.workers = max(1, workers)
    self.blockSize = blockSize
    self.cacheDirectory = cacheDirectory
    self.progress = progress
    self.afterFirstBlock = afterFirstBlock
  }

  /// The number of online processors.
  public static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// The data section of a capture, and what went wrong making it.
public struct DataHashResult: Sendable {
  /// Files and links, sorted by path.
  public var files: [DataFile]
  /// Files that are missing from `files`, and why.
  public var problems: [DataProblem]
  /// Links that loop or point nowhere, non-regular files, cache write failures.
  public var warnings: [CaptureWarning]
  /// Files whose digest came from the cache.
  public var cacheHits: Int
  /// Bytes read and hashed (cache hits excluded).
  public var bytesHashed: Int64
}

/// Hashes data files.
public enum DataHasher {
  /// Lists and hashes `operands` (files, folders, globs relative to `projectRoot`).
  public static func run(
    operands: [String], projectRoot: String, followSymlinks: Bool = false, options: DataHashOptions
  ) -> DataHashResult {
    // The cache loads on another core while the folders are walked.
    let loading = options.cacheDirectory.map { directory in
      WorkerThread { HashCache.load(directory: directory) }
    }
    let listing = DataWalker.list(
      operands: operands, projectRoot: projectRoot, followSymlinks: followSymlinks)
    var warnings = listing.notes.map { CaptureWarning(code: $0.code, message: $0.message, path: $0.path) }
    var cache = loading?.join() ?? HashCache()
    let hashStart = options.clock()

    var problems = listing.problems
    let (recorded, todo, hits) = sortOut(listing.entries, cache: options.cacheDirectory == nil ? nil : cache)
    var files = recorded

    let outcomes: [FileDigestResult]
    if todo.isEmpty {
      outcomes = []
    } else {
      let listed = listing.entries.reduce(Int64(0)) { $0 + ($1.linkTarget == nil ? $1.stat.size : 0) }
      outcomes = hashInParallel(
        todo, options: options, filesAlreadyDone: hits, totalFiles: listing.entries.count,
        bytesAlreadyDone: listed - todo.reduce(0) { $0 + $1.stat.size })
    }
    var bytesHashed: Int64 = 0
    for (entry, outcome) in zip(todo, outcomes) {
      switch outcome {
      case .digest(let digest, let st):
        files.append(record(entry, st, digest))
        bytesHashed += st.size
        cache.store(entry.path, digest, st, hashStart: hashStart)
      case .unreadable(let code):
        problems.append(DataProblem(path: entry.relativePath, reason: String(cString: strerror(code))))
      case .changed:
        problems.append(DataProblem(path: entry.relativePath, reason: "changed while it was being hashed"))
      }
    }
    if let directory = options.cacheDirectory {
      // Every entry was just hit or stored: nothing can be stale.
      if cache.count != hits + todo.count {
        cache.prune(under: listing.walkedDirectories, keeping: Set(listing.entries.map(\.path)))
      }
      if let error = cache.save(directory: directory) {
        warnings.append(
          CaptureWarning(
            code: .dataCacheNotWritten, message: "the hash cache could not be written: \(error)",
            path: directory))
      }
    }
    // The walk lists each operand in bytewise order, and hits and hashed files each keep it: the
    // (run-detecting) sort only merges a few sorted runs, and `Snapshot.normalize()` finds one.
    files.sort { bytewise($0.path, $1.path) }
    problems.sort { $0.path < $1.path }
    return DataHashResult(
      files: files, problems: problems, warnings: warnings, cacheHits: hits, bytesHashed: bytesHashed)
  }

  /// Splits the listing into links and cache hits (recorded) and files to hash, on all cores for a
  /// large listing (a warm re-capture is mostly lookups). Both lists keep the listing's order.
  private static func sortOut(_ entries: [DataEntry], cache: HashCache?) -> (
    files: [DataFile], todo: [DataEntry], hits: Int
  ) {
    let chunkCount = entries.count < 2048 ? 1 : DataHashOptions.onlineCores
    let chunkSize = (entries.count + chunkCount - 1) / max(1, chunkCount)
    let parts = concurrentMap(chunkCount) { c in
      var files: [DataFile] = []
      var todo: [DataEntry] = []
      var hits = 0
      files.reserveCapacity(chunkSize)
      for entry in entries[min(entries.count, c * chunkSize)..<min(entries.count, (c + 1) * chunkSize)] {
        if let target = entry.linkTarget {
          files.append(
            DataFile(
              path: entry.relativePath, kind: .symlink, size: entry.stat.size,
              mode: Int(entry.stat.mode & 0o7777),
              mtime: timestamp(entry.stat.mtimeNanoseconds), sha256: nil, linkTarget: target,
              pathEscaped: entry.escaped ? true : nil))
        } else if let digest = cache?.lookup(entry.path, entry.stat) {
          files.append(record(entry, entry.stat, digest))
          hits += 1
        } else {
          todo.append(entry)
        }
      }
      return (files: files, todo: todo, hits: hits)
    }
    guard chunkCount > 1 else { return parts[0] }
    var result: (files: [DataFile], todo: [DataEntry], hits: Int) = ([], [], 0)
    result.files.reserveCapacity(entries.count)
    for part in parts {
      result.files += part.files
      result.todo += part.todo
      result.hits += part.hits
    }
    return result
  }

  private static func record(_ entry: DataEntry, _ st: FileStat, _ digest: EnvlockModel.Digest) -> DataFile {
    DataFile(
      path: entry.relativePath, kind: .file, size: st.size, mode: Int(st.mode & 0o7777),
      mtime: timestamp(st.mtimeNanoseconds), sha256: digest, pathEscaped: entry.escaped ? true : nil)
  }

  private static func timestamp(_ nanoseconds: Int64) -> Timestamp {
    Timestamp(
      secondsSinceEpoch: nanoseconds >= 0
        ? nanoseconds / 1_000_000_000 : (nanoseconds - 999_999_999) / 1_000_000_000)
  }

  /// Hashes `entries` on `options.workers` threads; results are in the order of `entries`.
  static func hashInParallel(
    _ entries: [DataEntry], options: DataHashOptions, filesAlreadyDone: Int = 0, totalFiles: Int? = nil,
    bytesAlreadyDone: Int64 = 0
  ) -> [FileDigestResult] {
    let order = entries.indices.sorted { entries[$0].stat.size > entries[$1].stat.size }
    let counters = HashCounters(files: filesAlreadyDone, bytes: bytesAlreadyDone)
    let blockSize = options.blockSize
    let hook = options.afterFirstBlock
    // Each worker returns the (index, outcome) pairs of the files it took.
    let workers = (0..<min(options.workers, max(1, entries.count))).map { _ in
      WorkerThread {
        let buffer = HashBuffer(size: blockSize)
        var done: [(Int, FileDigestResult)] = []
        while true {
          let k = counters.next.wrappingAdd(1, ordering: .relaxed).oldValue
          guard k < order.count else { break }
          let i = order[k]
          let outcome = FileDigest.hash(
            entries[i].path, escaped: entries[i].escaped, buffer: buffer,
            onBytes: { counters.bytes.wrappingAdd(Int64($0), ordering: .relaxed) },
            afterFirstBlock: hook)
          done.append((i, outcome))
          counters.files.wrappingAdd(1, ordering: .relaxed)
        }
        return done
      }
    }
    let total = totalFiles ?? entries.count
    let bytesTotal = bytesAlreadyDone + entries.reduce(0) { $0 + $1.stat.size }
    let start = realtimeNanoseconds()
    func report() {
      options.progress?(
        DataHashingProgress(
          filesDone: counters.files.load(ordering: .relaxed), filesTotal: total,
          bytesDone: counters.bytes.load(ordering: .relaxed), bytesTotal: bytesTotal,
          elapsed: Double(realtimeNanoseconds() - start) / 1e9))
    }
    var results = [FileDigestResult](repeating: .unreadable(EIO), count: entries.count)
    for worker in workers {
      while !worker.wait(until: .now() + .milliseconds(100)) { report() }
      for (i, outcome) in worker.join() { results[i] = outcome }
    }
    report()
    return results
  }

  /// The wall clock in nanoseconds since the epoch.
  static func realtimeNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
  }
}

/// Shared counters of the worker threads.
private final class HashCounters: Sendable {
  /// The next position in the work order.
  let next = Atomic<Int>(0)
  /// Files finished.
  let files: Atomic<Int>
  /// Bytes hashed.
  let bytes: Atomic<Int64>

  init(files: Int, bytes: Int64) {
    self.files = Atomic(files)
    self.bytes = Atomic(bytes)
  }
}
