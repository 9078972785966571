// Typed reads of TOML values with line-numbered errors, shared by envlock.toml and handoff.toml.

import TOMLKit

/// A reader of one TOML document that can say where a key is; gives typed field reads whose
/// wrong-type errors come from `wrongType`.
public protocol TOMLFieldReading {
  /// The error type the reader throws.
  associatedtype Failure: Error
  /// The error for the value at `path` not being of the `expected` kind.
  func wrongType(_ path: [String], expected: String, value: TOMLValueConvertible) -> Failure
}

extension TOMLFieldReading {
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
  public func strings(_ table: TOMLTable, _ section: [String], _ key: String) throws(Failure) -> [String]? {
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

/// Parses TOML text with TOMLKit; a syntax error becomes the caller's error through `syntaxError`
/// (line, column, reason), so every envlock TOML file reports syntax the same way.
public func parseTOMLDocument<Failure: Error>(
  _ text: String, syntaxError: (_ line: Int, _ column: Int, _ reason: String) -> Failure
) throws(Failure) -> TOMLTable {
  do {
    return try TOMLTable(string: text)
  } catch let error as TOMLParseError {
    throw syntaxError(error.source.begin.line, error.source.begin.column, error.description)
  } catch {
    throw syntaxError(1, 1, "\(error)")
  }
}
