// The `envlock.diff/1` JSON report (Docs/diff.md), written as canonical JSON so that the same
// report is always the same bytes.

import EnvlockModel

/// Renders a report as `envlock.diff/1` canonical JSON.
public enum DiffJSONRenderer {
  /// The report as canonical JSON text, ending with a newline.
  public static func render(_ report: DiffReport) -> String {
    String(decoding: CanonicalJSON.render(value(report)), as: UTF8.self)
  }

  /// The report as a JSON value tree.
  public static func value(_ report: DiffReport) -> JSONValue {
    var bySeverity: [String: JSONValue] = [:]
    func count(_ f: Finding) {
      bySeverity[f.impact.severity.rawValue, default: .integer(0)] = .integer(
        (bySeverity[f.impact.severity.rawValue].flatMap { if case .integer(let i) = $0 { i } else { nil } }
          ?? 0) + 1)
      f.children.forEach(count)
    }
    report.findings.forEach(count)
    return .object([
      "schema": .string(DiffReport.schema),
      "a": .string(report.labelA),
      "b": .string(report.labelB),
      "identical": .bool(report.isEmpty),
      "categories": .array(report.categories.map { .string($0.rawValue) }),
      "summary": .array(report.summary.map(JSONValue.string)),
      "counts": .object([
        "findings": .integer(Int64(report.totalCount)),
        "top_level": .integer(Int64(report.findings.count)),
        "by_severity": .object(bySeverity),
      ]),
      "findings": .array(report.findings.map(value)),
      "normalized": .array(
        report.normalized.map { .object(["rule": .string($0.rule), "count": .integer(Int64($0.count))]) }),
    ])
  }

  /// One finding and its children.
  static func value(_ f: Finding) -> JSONValue {
    var impact: [String: JSONValue] = ["severity": .string(f.impact.severity.rawValue)]
    if let v = f.impact.versionChange { impact["version_change"] = .string(v.rawValue) }
    if let note = f.impact.note { impact["note"] = .string(note) }
    var o: [String: JSONValue] = [
      "id": .string(f.id),
      "category": .string(f.category.rawValue),
      "kind": .string(f.kind.rawValue),
      "subject": .string(f.subject),
      "impact": .object(impact),
      "details": .array(f.details.map(JSONValue.string)),
      "children": .array(f.children.map(value)),
    ]
    if let b = f.before { o["before"] = .string(b) }
    if let a = f.after { o["after"] = .string(a) }
    if let c = f.cause { o["cause"] = .string(c) }
    return .object(o)
  }
}
