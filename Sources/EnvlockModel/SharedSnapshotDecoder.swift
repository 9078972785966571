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
  private var elements: [Section: [ArraySlice<UInt8>: Any]] = [:]

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
    for (key, value) in top {
      guard ranges[key] == nil else { return nil }
      ranges[key] = value
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
      guard let python: [PythonPackage] = try list(.pythonPackages, ranges),
        let conda: [CondaPackage] = try list(.condaPackages, ranges),
        let system: [SystemPackage] = try list(.systemPackages, ranges),
        let environment: [RecordedVariable] = try list(.environment, ranges),
        let data: [DataFile] = try list(.dataFiles, ranges),
        let config: [ConfigFile] = try list(.configFiles, ranges),
        let warnings: [CaptureWarning] = try list(.warnings, ranges)
      else { return nil }
      snapshot.pythonPackages = python
      snapshot.condaPackages = conda
      snapshot.systemPackages = system
      snapshot.environment = environment
      snapshot.dataFiles = data
      snapshot.configFiles = config
      snapshot.warnings = warnings
      snapshot.notebooks = ranges["notebooks"] == nil ? [] : (try list(.notebooks, ranges) ?? [])
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
  private func list<T: Decodable>(_ section: Section, _ ranges: [String: ArraySlice<UInt8>]) throws -> [T]? {
    guard let bytes = ranges[section.rawValue], let items = JSONScanner.elements(of: bytes) else {
      return nil
    }
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
    let table = elements[section] ?? [:]
    return keys.map { table[$0] }
  }

  private func store(_ section: Section, _ values: [(ArraySlice<UInt8>, Any)]) {
    lock.lock()
    defer { lock.unlock() }
    // Keys are copied out of the document, so the cache does not keep whole files alive.
    for (key, value) in values { elements[section, default: [:]][ArraySlice(Array(key))] = value }
  }
}

/// Finds the byte ranges of JSON object members and array elements without building values.
/// Strings are skipped with their escapes; brackets are counted outside strings. It checks only the
/// structure it walks: every range it returns is parsed strictly before use.
enum JSONScanner {
  /// The members of the object `bytes` holds: (key, value bytes); nil unless it is an object whose
  /// keys have no escapes.
  static func members(of bytes: ArraySlice<UInt8>) -> [(String, ArraySlice<UInt8>)]? {
    var i = skipSpace(bytes, bytes.startIndex)
    guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "{") else { return nil }
    i = skipSpace(bytes, i + 1)
    var out: [(String, ArraySlice<UInt8>)] = []
    if i < bytes.endIndex, bytes[i] == UInt8(ascii: "}") {
      return skipSpace(bytes, i + 1) == bytes.endIndex ? out : nil
    }
    while i < bytes.endIndex {
      guard bytes[i] == UInt8(ascii: "\""), let keyEnd = stringEnd(bytes, i) else { return nil }
      let keyBytes = bytes[(i + 1)..<(keyEnd - 1)]
      guard !keyBytes.contains(UInt8(ascii: "\\")), let key = String(validating: keyBytes, as: UTF8.self)
      else {
        return nil
      }
      i = skipSpace(bytes, keyEnd)
      guard i < bytes.endIndex, bytes[i] == UInt8(ascii: ":") else { return nil }
      i = skipSpace(bytes, i + 1)
      guard let valueEnd = valueEnd(bytes, i) else { return nil }
      out.append((key, bytes[i..<valueEnd]))
      i = skipSpace(bytes, valueEnd)
      guard i < bytes.endIndex else { return nil }
      if bytes[i] == UInt8(ascii: "}") { return skipSpace(bytes, i + 1) == bytes.endIndex ? out : nil }
      guard bytes[i] == UInt8(ascii: ",") else { return nil }
      i = skipSpace(bytes, i + 1)
    }
    return nil
  }

  /// The elements of the array `bytes` holds; nil unless it is exactly one array.
  static func elements(of bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>]? {
    var i = skipSpace(bytes, bytes.startIndex)
    guard i < bytes.endIndex, bytes[i] == UInt8(ascii: "[") else { return nil }
    i = skipSpace(bytes, i + 1)
    var out: [ArraySlice<UInt8>] = []
    if i < bytes.endIndex, bytes[i] == UInt8(ascii: "]") {
      return skipSpace(bytes, i + 1) == bytes.endIndex ? out : nil
    }
    while i < bytes.endIndex {
      guard let end = valueEnd(bytes, i) else { return nil }
      out.append(bytes[i..<end])
      i = skipSpace(bytes, end)
      guard i < bytes.endIndex else { return nil }
      if bytes[i] == UInt8(ascii: "]") { return skipSpace(bytes, i + 1) == bytes.endIndex ? out : nil }
      guard bytes[i] == UInt8(ascii: ",") else { return nil }
      i = skipSpace(bytes, i + 1)
    }
    return nil
  }

  private static func skipSpace(_ b: ArraySlice<UInt8>, _ start: Int) -> Int {
    var i = start
    while i < b.endIndex, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    return i
  }

  /// The index after the closing quote of the string that starts at `start`.
  private static func stringEnd(_ b: ArraySlice<UInt8>, _ start: Int) -> Int? {
    var i = start + 1
    while i < b.endIndex {
      switch b[i] {
      case UInt8(ascii: "\\"): i += 2
      case UInt8(ascii: "\""): return i + 1
      default: i += 1
      }
    }
    return nil
  }

  /// The index after the value that starts at `start`.
  private static func valueEnd(_ b: ArraySlice<UInt8>, _ start: Int) -> Int? {
    guard start < b.endIndex else { return nil }
    switch b[start] {
    case UInt8(ascii: "\""):
      return stringEnd(b, start)
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      var depth = 0
      var i = start
      while i < b.endIndex {
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
      while i < b.endIndex,
        ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09].contains(b[i])
      {
        i += 1
      }
      return i > start ? i : nil
    }
  }
}
