// Decoding many snapshot JSON documents that are mostly the same (a fleet of environments built
// from one lock): the document is split into its top-level sections and list elements by a byte
// scanner, and each distinct element (a package, a variable, a data file, ...) is parsed and
// decoded once, keyed by its exact bytes. An element is decoded strictly by `CanonicalJSON`, so a
// shared element is the value a full decode gives. Anything the scanner does not expect (a
// manifest, an unknown key, broken JSON) returns nil: the caller then reads the file with the one
// strict loader, which reports the error.

import Foundation

/// Decodes snapshot JSON documents, sharing the decoded value of every element seen before.
public final class SharedSnapshotDecoder: @unchecked Sendable {
  private let lock = NSLock()
  private var elements: [Section: [ByteKey: Any]] = [:]

  /// The sections whose value is decoded as a whole (small, or a single object).
  enum Section: String, CaseIterable, Sendable {
    case capture, host, interpreter
    case pythonPackages = "python_packages"
    case condaPackages = "conda_packages"
    case systemPackages = "system_packages"
    case environment
    case dataFiles = "data_files"
    case configFiles = "config_files"
    case notebooks, warnings
  }

  /// Creates a decoder with an empty cache.
  public init() {}

  /// The snapshot of a bare `envlock.snapshot/1` JSON document, or nil when the bytes are anything
  /// else or not valid (read them with the strict loader to learn why).
  public func decode(_ bytes: [UInt8]) -> Snapshot? {
    guard let top = JSONScanner.members(of: bytes[...]) else { return nil }
    var ranges: [String: ArraySlice<UInt8>] = [:]
    var lists: [String: [ArraySlice<UInt8>]] = [:]
    for (key, value, items) in top {
      guard ranges[key] == nil else { return nil }
      ranges[key] = value
      lists[key] = items
    }
    let known = Set(Section.allCases.map(\.rawValue) + ["schema"])
    guard ranges.keys.allSatisfy(known.contains),
      let schema = ranges["schema"],
      (try? CanonicalJSON.parse(Array(schema))) == .string(Snapshot.currentSchema)
    else { return nil }
    do {
      guard let capture: CaptureInfo = try one(.capture, ranges) else { return nil }
      var snapshot = Snapshot(capture: capture)
      snapshot.host = try one(.host, ranges)
      snapshot.interpreter = try one(.interpreter, ranges)
      guard let python: [PythonPackage] = try list(.pythonPackages, lists),
        let conda: [CondaPackage] = try list(.condaPackages, lists),
        let system: [SystemPackage] = try list(.systemPackages, lists),
        let environment: [RecordedVariable] = try list(.environment, lists),
        let data: [DataFile] = try list(.dataFiles, lists),
        let config: [ConfigFile] = try list(.configFiles, lists),
        let warnings: [CaptureWarning] = try list(.warnings, lists)
      else { return nil }
      snapshot.pythonPackages = python
      snapshot.condaPackages = conda
      snapshot.systemPackages = system
      snapshot.environment = environment
      snapshot.dataFiles = data
      snapshot.configFiles = config
      snapshot.warnings = warnings
      if let raw = ranges["notebooks"], lists["notebooks"] == nil {
        // Absent or `null` reads as no notebooks (older snapshots); anything else is not ours to judge.
        guard (try? CanonicalJSON.parse(Array(raw))) == .null else { return nil }
      } else if lists["notebooks"] != nil {
        guard let notebooks: [NotebookEntry] = try list(.notebooks, lists) else { return nil }
        snapshot.notebooks = notebooks
      }
      return snapshot
    } catch {
      return nil
    }
  }

  /// A single-value section (nil for JSON `null` or when absent).
  private func one<T: Decodable>(_ section: Section, _ ranges: [String: ArraySlice<UInt8>]) throws -> T? {
    guard let bytes = ranges[section.rawValue] else { return nil }
    if let hit = cached(section, [bytes]).first, let value = hit as? T { return value }
    let tree = try CanonicalJSON.parse(Array(bytes))
    if tree == .null { return nil }
    let value = try CanonicalJSON.decode(T.self, fromTree: tree)
    store(section, [(bytes, value)])
    return value
  }

  /// A list section, each element decoded once per distinct bytes; nil when absent or not a list.
  private func list<T: Decodable>(_ section: Section, _ lists: [String: [ArraySlice<UInt8>]]) throws -> [T]? {
    guard let items = lists[section.rawValue] else { return nil }
    let hits = cached(section, items)
    var out: [T] = []
    out.reserveCapacity(items.count)
    var fresh: [(ArraySlice<UInt8>, Any)] = []
    for (item, hit) in zip(items, hits) {
      if let value = hit as? T {
        out.append(value)
      } else {
        let value = try CanonicalJSON.decode(T.self, from: Array(item))
        out.append(value)
        fresh.append((item, value))
      }
    }
    if !fresh.isEmpty { store(section, fresh) }
    return out
  }

  private func cached(_ section: Section, _ keys: [ArraySlice<UInt8>]) -> [Any?] {
    lock.lock()
    defer { lock.unlock() }
    guard let table = elements[section] else { return keys.map { _ in nil } }
    return keys.map { table[ByteKey(bytes: $0)] }
  }

  private func store(_ section: Section, _ values: [(ArraySlice<UInt8>, Any)]) {
    lock.lock()
    defer { lock.unlock() }
    // Keys are copied out of the document, so the cache does not keep whole files alive.
    for (key, value) in values {
      elements[section, default: [:]][ByteKey(bytes: ArraySlice(Array(key)))] = value
    }
  }
}

/// An element's bytes as a dictionary key: hashed in one call and compared with `memcmp` (an
/// `ArraySlice` hashes and compares byte by byte).
struct ByteKey: Hashable, @unchecked Sendable {
  let bytes: ArraySlice<UInt8>

  func hash(into hasher: inout Hasher) {
    bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
  }

  static func == (a: ByteKey, b: ByteKey) -> Bool {
    guard a.bytes.count == b.bytes.count else { return false }
    return a.bytes.withUnsafeBytes { x in
      b.bytes.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
    }
  }
}

/// Finds the byte ranges of JSON object members and array elements without building values.
/// Strings are skipped with their escapes; brackets are counted outside strings. It checks only the
/// structure it walks: every range it returns is parsed strictly before use.
enum JSONScanner {
  /// The members of the object `bytes` holds: (key, value bytes, and the value's elements when it
  /// is an array); nil unless it is an object whose keys have no escapes. One pass over the bytes.
  static func members(of bytes: ArraySlice<UInt8>) -> [(String, ArraySlice<UInt8>, [ArraySlice<UInt8>]?)]? {
    let base = bytes.startIndex
    let found: [(String, Range<Int>, [Range<Int>]?)]? = bytes.withUnsafeBufferPointer { b in
      var i = skipSpace(b, 0)
      guard i < b.count, b[i] == UInt8(ascii: "{") else { return nil }
      i = skipSpace(b, i + 1)
      var out: [(String, Range<Int>, [Range<Int>]?)] = []
      if i < b.count, b[i] == UInt8(ascii: "}") { return skipSpace(b, i + 1) == b.count ? out : nil }
      while i < b.count {
        guard b[i] == UInt8(ascii: "\""), let keyEnd = stringEnd(b, i) else { return nil }
        let keyBytes = UnsafeBufferPointer(rebasing: b[(i + 1)..<(keyEnd - 1)])
        guard !keyBytes.contains(UInt8(ascii: "\\")), let key = String(validating: keyBytes, as: UTF8.self)
        else { return nil }
        i = skipSpace(b, keyEnd)
        guard i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
        i = skipSpace(b, i + 1)
        if i < b.count, b[i] == UInt8(ascii: "[") {
          guard let (items, end) = arrayElements(b, i) else { return nil }
          out.append((key, i..<end, items))
          i = end
        } else {
          guard let valueEnd = valueEnd(b, i) else { return nil }
          out.append((key, i..<valueEnd, nil))
          i = valueEnd
        }
        i = skipSpace(b, i)
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: "}") { return skipSpace(b, i + 1) == b.count ? out : nil }
        guard b[i] == UInt8(ascii: ",") else { return nil }
        i = skipSpace(b, i + 1)
      }
      return nil
    }
    func slice(_ r: Range<Int>) -> ArraySlice<UInt8> { bytes[(base + r.lowerBound)..<(base + r.upperBound)] }
    return found?.map { ($0.0, slice($0.1), $0.2?.map(slice)) }
  }

  /// The elements of the array that starts at `start`, and the index after it.
  private static func arrayElements(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> ([Range<Int>], Int)? {
    var i = skipSpace(b, start + 1)
    var out: [Range<Int>] = []
    if i < b.count, b[i] == UInt8(ascii: "]") { return (out, i + 1) }
    while i < b.count {
      guard let end = valueEnd(b, i) else { return nil }
      out.append(i..<end)
      i = skipSpace(b, end)
      guard i < b.count else { return nil }
      if b[i] == UInt8(ascii: "]") { return (out, i + 1) }
      guard b[i] == UInt8(ascii: ",") else { return nil }
      i = skipSpace(b, i + 1)
    }
    return nil
  }

  private static func skipSpace(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
    var i = start
    while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    return i
  }

  /// The index after the closing quote of the string that starts at `start`: the next `"` (found
  /// with `memchr`) that an even number of backslashes precedes.
  private static func stringEnd(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
    guard let base = b.baseAddress else { return nil }
    var i = start + 1
    while i < b.count {
      guard let hit = memchr(base + i, Int32(UInt8(ascii: "\"")), b.count - i) else { return nil }
      let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
      var slashes = 0
      while q - slashes - 1 > start, b[q - slashes - 1] == UInt8(ascii: "\\") { slashes += 1 }
      if slashes % 2 == 0 { return q + 1 }
      i = q + 1
    }
    return nil
  }

  /// Bytes that matter to bracket counting outside strings: `"`, `{`, `}`, `[`, `]`.
  private static let structural: [Bool] = (0..<256).map { [0x22, 0x7B, 0x7D, 0x5B, 0x5D].contains($0) }

  /// The index after the value that starts at `start`.
  private static func valueEnd(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
    guard start < b.count else { return nil }
    switch b[start] {
    case UInt8(ascii: "\""):
      return stringEnd(b, start)
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      var depth = 0
      var i = start
      let structural = JSONScanner.structural
      while i < b.count {
        if !structural[Int(b[i])] {
          i += 1
          continue
        }
        switch b[i] {
        case UInt8(ascii: "\""):
          guard let end = stringEnd(b, i) else { return nil }
          i = end
          continue
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          depth += 1
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
          depth -= 1
          if depth == 0 { return i + 1 }
        default:
          break
        }
        i += 1
      }
      return nil
    default:
      var i = start
      scan: while i < b.count {
        switch b[i] {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: break scan
        default: i += 1
        }
      }
      return i > start ? i : nil
    }
  }
}
