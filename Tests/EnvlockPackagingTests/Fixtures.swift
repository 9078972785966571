// Loads the differential-test corpora that scripts/gen-packaging-fixtures.py wrote with the
// reference implementation (`packaging` 26.4) into Tests/Fixtures/packaging/.

import EnvlockTestSupport
import Foundation
import Testing

enum Fixtures {
  /// The parsed JSON of one fixture file.
  static func load(_ name: String) throws -> [String: Any] {
    let url = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/packaging/\(name)")
    let data = try Data(contentsOf: url)
    return try #require(
      try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(name) is not a JSON object")
  }

  /// A JSON value that may be null.
  static func string(_ value: Any?) -> String? { value as? String }

  /// A JSON boolean or null.
  static func bool(_ value: Any?) -> Bool? {
    if let b = value as? Bool { return b }
    return (value as? NSNumber)?.boolValue
  }
}

/// Collects disagreements with the reference implementation and reports a readable sample.
struct Mismatches {
  private(set) var items: [String] = []
  private(set) var checked = 0

  mutating func check(_ ok: Bool, _ message: @autoclosure () -> String) {
    checked += 1
    if !ok { items.append(message()) }
  }

  var report: String {
    "\(items.count) of \(checked) checks disagree with packaging:\n"
      + items.prefix(25).joined(separator: "\n")
  }
}
