// The value tree of a TOML 1.0 document (https://toml.io/en/v1.0.0): tables keep their keys in
// document order and the line where each key was defined, so readers can name lines in errors.

/// A value in a TOML document.
public enum TOMLValue: Equatable, Sendable {
  /// A string (basic, literal, or either multi-line form), escapes resolved.
  case string(String)
  /// A 64-bit signed integer (decimal, hexadecimal, octal or binary in the source).
  case integer(Int64)
  /// A 64-bit float, including `inf` and `nan`.
  case float(Double)
  /// `true` or `false`.
  case boolean(Bool)
  /// An offset or local date-time.
  case dateTime(TOMLDateTime)
  /// A local date.
  case date(TOMLDate)
  /// A local time.
  case time(TOMLTime)
  /// An array (a literal array, or the tables of an array of tables).
  case array([TOMLValue])
  /// A table (a standard table, an inline table or an element of an array of tables).
  case table(TOMLTable)

  /// The string, nil for any other kind of value.
  public var string: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// The boolean, nil for any other kind of value.
  public var bool: Bool? {
    if case .boolean(let flag) = self { return flag }
    return nil
  }

  /// The integer, nil for any other kind of value.
  public var int: Int? {
    if case .integer(let number) = self { return Int(exactly: number) }
    return nil
  }

  /// The float, nil for any other kind of value (integers included).
  public var double: Double? {
    if case .float(let number) = self { return number }
    return nil
  }

  /// The elements of an array, nil for any other kind of value.
  public var array: [TOMLValue]? {
    if case .array(let items) = self { return items }
    return nil
  }

  /// The table, nil for any other kind of value.
  public var table: TOMLTable? {
    if case .table(let table) = self { return table }
    return nil
  }

  /// The kind of value as error messages name it: `string`, `integer`, `floating-point number`,
  /// `bool`, `date-time`, `date`, `time`, `array` or `table`.
  public var typeName: String {
    switch self {
    case .string: return "string"
    case .integer: return "integer"
    case .float: return "floating-point number"
    case .boolean: return "bool"
    case .dateTime: return "date-time"
    case .date: return "date"
    case .time: return "time"
    case .array: return "array"
    case .table: return "table"
    }
  }
}

extension TOMLValue: CustomStringConvertible {
  /// The value as inline TOML: `"text"` (escaped), `42`, `0.5`, `true`, `1979-05-27T07:32:00Z`,
  /// `[ 1, 2 ]`, `{ key = "value" }`.
  public var description: String {
    switch self {
    case .string(let text): return TOMLString.basic(text)
    case .integer(let number): return String(number)
    case .float(let number): return number.isNaN ? "nan" : String(number)
    case .boolean(let flag): return flag ? "true" : "false"
    case .dateTime(let value): return value.description
    case .date(let value): return value.description
    case .time(let value): return value.description
    case .array(let items):
      return items.isEmpty ? "[]" : "[ " + items.map(\.description).joined(separator: ", ") + " ]"
    case .table(let table):
      guard !table.isEmpty else { return "{}" }
      let pairs = table.pairs.map { TOMLString.key($0.key) + " = " + $0.value.description }
      return "{ " + pairs.joined(separator: ", ") + " }"
    }
  }
}

/// A TOML table: keys in the order the document defines them, each with its line.
public struct TOMLTable: Equatable, Sendable {
  /// One key of the table.
  struct Entry: Equatable, Sendable {
    var key: String
    var value: TOMLValue
    var line: Int
  }

  private var entries: [Entry] = []
  private var index: [String: Int] = [:]

  /// An empty table.
  public init() {}

  /// A table from entries whose keys are distinct, and the index of each key in them.
  init(entries: [Entry], index: [String: Int]) {
    self.entries = entries
    self.index = index
  }

  /// Appends `key`; the parser has already rejected duplicates, a repeated key replaces the value.
  mutating func append(_ key: String, _ value: TOMLValue, line: Int) {
    if let at = index[key] {
      entries[at] = Entry(key: key, value: value, line: line)
    } else {
      index[key] = entries.count
      entries.append(Entry(key: key, value: value, line: line))
    }
  }

  /// The keys, in the order the document defines them.
  public var keys: [String] { entries.map(\.key) }

  /// The number of keys.
  public var count: Int { entries.count }

  /// True when the table has no keys.
  public var isEmpty: Bool { entries.isEmpty }

  /// The value of `key`, nil when absent.
  public subscript(key: String) -> TOMLValue? {
    guard let at = index[key] else { return nil }
    return entries[at].value
  }

  /// The 1-based line where `key` was defined (its `key =`, or the table header that created it).
  public func line(of key: String) -> Int? {
    guard let at = index[key] else { return nil }
    return entries[at].line
  }

  /// The line of the dotted key `path` below this table, or of its longest prefix that exists;
  /// 1 when not even the first key exists. Paths go through tables only.
  public func line(of path: [String]) -> Int {
    var table = self
    var found = 1
    for part in path {
      guard let at = table.index[part] else { break }
      found = table.entries[at].line
      guard case .table(let inner) = table.entries[at].value else { break }
      table = inner
    }
    return found
  }

  /// The keys and values, in document order.
  public var pairs: [(key: String, value: TOMLValue)] { entries.map { ($0.key, $0.value) } }

  /// Tables are equal when they hold the same keys with equal values, whatever the order and lines.
  public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
    guard lhs.count == rhs.count else { return false }
    for entry in lhs.entries {
      guard let other = rhs[entry.key], other == entry.value else { return false }
    }
    return true
  }
}

/// A calendar date as TOML writes it (`1979-05-27`).
public struct TOMLDate: Hashable, Sendable, CustomStringConvertible {
  /// The year, 0 to 9999.
  public var year: Int
  /// The month, 1 to 12.
  public var month: Int
  /// The day of the month, 1 to 31 (valid for the month and year).
  public var day: Int

  /// A date from its parts (not validated).
  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    TOMLDate.pad(year, 4) + "-" + TOMLDate.pad(month, 2) + "-" + TOMLDate.pad(day, 2)
  }

  static func pad(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}

/// A time of day as TOML writes it (`07:32:00.999`); precision beyond nanoseconds is truncated.
public struct TOMLTime: Hashable, Sendable, CustomStringConvertible {
  /// The hour, 0 to 23.
  public var hour: Int
  /// The minute, 0 to 59.
  public var minute: Int
  /// The second, 0 to 60 (60 for a leap second).
  public var second: Int
  /// The fraction of the second, in nanoseconds.
  public var nanosecond: Int

  /// A time from its parts (not validated).
  public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
    self.hour = hour
    self.minute = minute
    self.second = second
    self.nanosecond = nanosecond
  }

  /// `HH:MM:SS`, with the fraction (trailing zeros removed) when there is one.
  public var description: String {
    var text = TOMLDate.pad(hour, 2) + ":" + TOMLDate.pad(minute, 2) + ":" + TOMLDate.pad(second, 2)
    if nanosecond > 0 {
      var fraction = TOMLDate.pad(nanosecond, 9)
      while fraction.hasSuffix("0") { fraction.removeLast() }
      text += "." + fraction
    }
    return text
  }
}

/// A date and a time, with an offset from UTC (an offset date-time) or without (a local date-time).
public struct TOMLDateTime: Hashable, Sendable, CustomStringConvertible {
  /// The date.
  public var date: TOMLDate
  /// The time of day.
  public var time: TOMLTime
  /// Minutes east of UTC (`Z` is 0); nil for a local date-time.
  public var offsetMinutes: Int?

  /// A date-time from its parts.
  public init(date: TOMLDate, time: TOMLTime, offsetMinutes: Int? = nil) {
    self.date = date
    self.time = time
    self.offsetMinutes = offsetMinutes
  }

  /// RFC 3339: `1979-05-27T07:32:00Z`, `1979-05-27T00:32:00-07:00`, or without an offset when local.
  public var description: String {
    var text = date.description + "T" + time.description
    if let offset = offsetMinutes {
      if offset == 0 {
        text += "Z"
      } else {
        let magnitude = abs(offset)
        text +=
          (offset < 0 ? "-" : "+") + TOMLDate.pad(magnitude / 60, 2) + ":" + TOMLDate.pad(magnitude % 60, 2)
      }
    }
    return text
  }
}
