/// How far data hashing has come; the CLI renders it as a progress line.
public struct DataHashingProgress: Sendable, Hashable {
  /// Files finished (hashed, taken from the cache, or failed).
  public var filesDone: Int
  /// Files to do.
  public var filesTotal: Int
  /// Bytes hashed or taken from the cache.
  public var bytesDone: Int64
  /// Bytes of all files.
  public var bytesTotal: Int64
  /// Seconds since hashing started.
  public var elapsed: Double

  /// Bytes per second so far.
  public var throughput: Double { elapsed > 0 ? Double(bytesDone) / elapsed : 0 }

  /// Estimated seconds left, when it can be told.
  public var secondsLeft: Double? {
    let rate = throughput
    guard rate > 0, bytesTotal >= bytesDone else { return nil }
    return Double(bytesTotal - bytesDone) / rate
  }
}

/// Receives progress reports from a running capture (from a background thread).
public typealias DataHashingProgressHandler = @Sendable (DataHashingProgress) -> Void
