// toml-test (github.com/toml-lang/toml-test, MIT; fetched by scripts/fetch-toml-test.sh into
// Tests/Fixtures/toml-test): every `invalid/` document is rejected with a syntax error naming a
// line and column, and every `valid/` document parses to the value its `.json` file gives in
// toml-test's typed format (`{"type": "integer", "value": "42"}`). No case is skipped.

import EnvlockTOML
import EnvlockTestSupport
import Foundation
import Testing

/// One document of toml-test, named by its path under the suite's folder.
struct SuiteCase: Sendable, CustomTestStringConvertible {
  let name: String
  var testDescription: String { name }

  var url: URL { TOMLTestSuite.folder.appendingPathComponent(name) }
  var bytes: [UInt8] { (try? [UInt8](Data(contentsOf: url))) ?? [] }
}

enum TOMLTestSuite {
  static let folder = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/toml-test")

  /// The `.toml` documents under `kind` (`valid` or `invalid`), sorted.
  static func cases(_ kind: String) -> [SuiteCase] {
    let root = folder.appendingPathComponent(kind)
    guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
    var names: [String] = []
    for case let path as String in walker where path.hasSuffix(".toml") {
      names.append(kind + "/" + path)
    }
    return names.sorted().map(SuiteCase.init(name:))
  }

  static let invalid = cases("invalid")
  static let valid = cases("valid")
}

@Suite struct TOMLTestSuiteTests {
  /// The fixtures are all there (a missing folder would otherwise mean zero test cases).
  @Test func theSuiteIsComplete() {
    #expect(TOMLTestSuite.invalid.count == 185)
    #expect(TOMLTestSuite.valid.count == 96)
    #expect(
      FileManager.default.fileExists(atPath: TOMLTestSuite.folder.appendingPathComponent("COPYING").path))
  }

  @Test(arguments: TOMLTestSuite.invalid)
  func invalidDocumentsAreSyntaxErrors(_ suiteCase: SuiteCase) {
    let bytes = suiteCase.bytes
    #expect(!bytes.isEmpty)
    let error = #expect(throws: TOMLFileError.self) {
      try TOMLDocument.parse(bytes: bytes, file: suiteCase.name)
    }
    guard case .syntax(let file, let line, let column, let reason)? = error else {
      Issue.record("not a syntax error: \(String(describing: error))")
      return
    }
    #expect(file == suiteCase.name)
    #expect(line >= 1 && column >= 1)
    #expect(!reason.isEmpty)
  }

  @Test(arguments: TOMLTestSuite.valid)
  func validDocumentsParseToTheExpectedValues(_ suiteCase: SuiteCase) throws {
    let expectedURL = suiteCase.url.deletingPathExtension().appendingPathExtension("json")
    let expected = try JSONSerialization.jsonObject(
      with: Data(contentsOf: expectedURL), options: [.fragmentsAllowed])
    let table = try TOMLDocument.parse(bytes: suiteCase.bytes, file: suiteCase.name)
    let mismatch = TypedJSON.mismatch(.table(table), expected, path: "")
    #expect(mismatch == nil, "\(mismatch ?? "")")
  }
}

/// Compares a parsed value with toml-test's typed JSON.
enum TypedJSON {
  /// Where `value` and `json` first differ, nil when they agree.
  static func mismatch(_ value: TOMLValue, _ json: Any, path: String) -> String? {
    switch value {
    case .table(let table):
      guard let object = json as? [String: Any], object["type"] as? String == nil || object.count != 2 else {
        return "\(path): expected \(json), found a table"
      }
      guard Set(object.keys) == Set(table.keys) else {
        return "\(path): keys \(table.keys.sorted()) instead of \(object.keys.sorted())"
      }
      for (key, item) in table.pairs {
        if let problem = mismatch(item, object[key] as Any, path: path + "." + key) { return problem }
      }
      return nil
    case .array(let items):
      guard let array = json as? [Any], array.count == items.count else {
        return "\(path): expected \(json), found \(items.count) elements"
      }
      for (index, item) in items.enumerated() {
        if let problem = mismatch(item, array[index], path: path + "[\(index)]") { return problem }
      }
      return nil
    default:
      guard let object = json as? [String: Any], let type = object["type"] as? String,
        let text = object["value"] as? String
      else { return "\(path): expected \(json), found \(value)" }
      return scalarMatches(value, type: type, text: text)
        ? nil : "\(path): expected \(type) \(text), found \(value)"
    }
  }

  static func scalarMatches(_ value: TOMLValue, type: String, text: String) -> Bool {
    switch (value, type) {
    case (.string(let string), "string"):
      return string == text
    case (.integer(let number), "integer"):
      return Int64(text) == number
    case (.float(let number), "float"):
      if text == "nan" || text == "+nan" || text == "-nan" { return number.isNaN }
      switch text {
      case "inf", "+inf": return number == .infinity
      case "-inf": return number == -.infinity
      default: return Double(text) == number
      }
    case (.boolean(let flag), "bool"):
      return (flag ? "true" : "false") == text
    case (.dateTime(let dateTime), "datetime"):
      return dateTime.offsetMinutes != nil && normalized(dateTime.description) == normalized(text)
    case (.dateTime(let dateTime), "datetime-local"):
      return dateTime.offsetMinutes == nil && normalized(dateTime.description) == normalized(text)
    case (.date(let date), "date-local"):
      return date.description == text
    case (.time(let time), "time-local"):
      return normalized(time.description) == normalized(text)
    default:
      return false
    }
  }

  /// RFC 3339 text in one spelling: `T` and `Z` upper case, `+00:00` as `Z`, no trailing zeros in
  /// the fraction of a second.
  static func normalized(_ text: String) -> String {
    var out = text.uppercased().replacingOccurrences(of: " ", with: "T")
    if out.hasSuffix("+00:00") || out.hasSuffix("-00:00") { out = String(out.dropLast(6)) + "Z" }
    guard let dot = out.firstIndex(of: ".") else { return out }
    let digits = out[out.index(after: dot)...].prefix { $0.isNumber }
    var fraction = String(digits)
    while fraction.hasSuffix("0") { fraction.removeLast() }
    let rest = out[digits.endIndex...]
    return String(out[..<dot]) + (fraction.isEmpty ? "" : "." + fraction) + rest
  }
}
