// Typed reads of TOML values with line-numbered errors, shared by envlock.toml and handoff.toml.

/// A reader of one TOML document that can say where a key is; gives typed field reads whose
/// errors name the file and the line, wrapped in the reader's own error type.
public protocol TOMLFieldReading {
  /// The error type the reader throws.
  associatedtype Failure: Error
  /// The file being read, as error messages name it.
  var file: String { get }
  /// The document's root table, which knows the line of each key.
  var root: TOMLTable { get }
  /// Wraps a TOML file error in the reader's error type.
  func failure(_ error: TOMLFileError) -> Failure
}

extension TOMLFieldReading {
  /// The line of the dotted key `path`, or of its longest prefix that exists (1 when none does).
  public func line(of path: [String]) -> Int {
    root.line(of: path)
  }

  /// The error for the value at `path` not being of the `expected` kind.
  public func wrongType(_ path: [String], expected: String, value: TOMLValue) -> Failure {
    failure(
      .wrongType(
        file: file, line: line(of: path), key: path.joined(separator: "."), expected: expected,
        found: value.typeName))
  }

  /// The error for the value at `path` not being usable: `reason` says why, `hint` what to write.
  public func invalid(_ path: [String], _ reason: String, hint: String? = nil) -> Failure {
    failure(
      .invalidValue(
        file: file, line: line(of: path), key: path.joined(separator: "."), reason: reason, hint: hint))
  }

  /// Throws `unknownKey` for the first key of `table` (in sorted order) not in `known`.
  public func checkKeys(_ table: TOMLTable, path: [String], known: [String]) throws(Failure) {
    for key in table.keys.sorted() where !known.contains(key) {
      let full = path + [key]
      throw failure(
        .unknownKey(file: file, line: line(of: full), key: full.joined(separator: "."), known: known))
    }
  }

  /// The string at `section.key`, nil when absent.
  public func string(_ table: TOMLTable, _ section: [String], _ key: String) throws(Failure) -> String? {
    guard let value = table[key] else { return nil }
    guard let text = value.string else {
      throw wrongType(section + [key], expected: "a string", value: value)
    }
    return text
  }

  /// The boolean at `section.key`, nil when absent.
  public func bool(_ table: TOMLTable, _ section: [String], _ key: String) throws(Failure) -> Bool? {
    guard let value = table[key] else { return nil }
    guard let flag = value.bool else {
      throw wrongType(section + [key], expected: "`true` or `false`", value: value)
    }
    return flag
  }

  /// The array of strings at `section.key`, nil when absent.
  public func strings(_ table: TOMLTable, _ section: [String], _ key: String) throws(Failure)
    -> [String]?
  {
    guard let value = table[key] else { return nil }
    guard let array = value.array else {
      throw wrongType(section + [key], expected: "an array of strings", value: value)
    }
    var out: [String] = []
    for element in array {
      guard let text = element.string else {
        throw wrongType(section + [key], expected: "an array of strings", value: element)
      }
      out.append(text)
    }
    return out
  }
}
