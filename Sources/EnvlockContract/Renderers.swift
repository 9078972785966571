// The three renderings of a check report: human text, JSON (`envlock.check/1`, canonical JSON)
// and JUnit XML (one test case per rule; the structure CI systems read, see Docs/contract.md).

import EnvlockModel

/// Renders a report for people: one line per rule, evidence and fix under failures, the verdict last.
public enum CheckTextRenderer {
  /// The text; `verbose` also lists the evidence of passing rules.
  public static func render(_ report: CheckReport, verbose: Bool = false) -> String {
    var out = "envlock check: \(report.snapshot) against \(report.contract)"
    if let target = report.target { out += " (target \(target))" }
    out += "\n\n"
    let width = report.rules.map(\.id.count).max() ?? 0
    for rule in report.rules {
      let mark: String
      switch rule.status {
      case .pass: mark = "PASS"
      case .fail: mark = "FAIL"
      case .skip: mark = "SKIP"
      }
      out += "\(mark)  \(rule.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(rule.summary)\n"
      if rule.status == .fail || verbose {
        for line in rule.evidence { out += "        - \(line)\n" }
      }
      if let fix = rule.fix { out += "        fix: \(fix)\n" }
    }
    let passed = report.count(.pass)
    let failed = report.count(.fail)
    let skipped = report.count(.skip)
    out +=
      "\nverdict: \(report.passed ? "PASS" : "FAIL") (\(passed) passed, \(failed) failed, \(skipped) skipped)\n"
    return out
  }
}

/// Renders a report as canonical JSON, schema `envlock.check/1`.
public enum CheckJSONRenderer {
  private struct Document: Encodable {
    let schema: String
    let contract: String
    let snapshot: String
    let target: String?
    let verdict: String
    let passed: Int
    let failed: Int
    let skipped: Int
    let rules: [RuleResult]
  }

  /// The JSON text, ending with a newline.
  public static func render(_ report: CheckReport) -> String {
    let document = Document(
      schema: report.schema, contract: report.contract, snapshot: report.snapshot, target: report.target,
      verdict: report.passed ? "pass" : "fail", passed: report.count(.pass), failed: report.count(.fail),
      skipped: report.count(.skip), rules: report.rules)
    let bytes = (try? CanonicalJSON.encode(document)) ?? Array("{}\n".utf8)
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// Renders a report as JUnit XML: `<testsuites>` with one `<testsuite>` per rule family and one
/// `<testcase>` per rule; failures carry the evidence and the fix, skipped rules `<skipped>`.
public enum CheckJUnitRenderer {
  /// The XML document, ending with a newline.
  public static func render(_ report: CheckReport) -> String {
    var families: [String] = []
    for rule in report.rules where !families.contains(rule.family) { families.append(rule.family) }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<testsuites name=\"\(escape("envlock check " + report.snapshot))\" tests=\"\(report.rules.count)\" failures=\"\(report.count(.fail))\" errors=\"0\" skipped=\"\(report.count(.skip))\" time=\"0\">\n"
    for family in families {
      let rules = report.rules.filter { $0.family == family }
      let failures = rules.filter { $0.status == .fail }.count
      let skipped = rules.filter { $0.status == .skip }.count
      out +=
        "  <testsuite name=\"\(escape("contract." + family))\" tests=\"\(rules.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\" time=\"0\">\n"
      for rule in rules {
        out +=
          "    <testcase name=\"\(escape(rule.id))\" classname=\"\(escape("envlock.contract." + family))\" time=\"0\""
        let details = (rule.evidence.map { "- " + $0 } + (rule.fix.map { ["fix: " + $0] } ?? [])).joined(
          separator: "\n")
        switch rule.status {
        case .pass:
          if rule.evidence.isEmpty {
            out += "/>\n"
          } else {
            out +=
              ">\n      <system-out>\(escape(rule.summary + "\n" + details, attribute: false))</system-out>\n    </testcase>\n"
          }
        case .skip:
          out += ">\n      <skipped message=\"\(escape(rule.summary))\"/>\n    </testcase>\n"
        case .fail:
          out +=
            ">\n      <failure message=\"\(escape(rule.summary))\" type=\"\(escape(rule.id))\">\(escape(details, attribute: false))</failure>\n    </testcase>\n"
        }
      }
      out += "  </testsuite>\n"
    }
    out += "</testsuites>\n"
    return out
  }

  /// Escapes text for XML content and attributes; drops characters XML 1.0 cannot hold.
  static func escape(_ text: String, attribute: Bool = true) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\n": out += attribute ? "&#10;" : "\n"
      case "\t": out += attribute ? "&#9;" : "\t"
      default:
        let v = scalar.value
        if v < 0x20 || (0xFFFE...0xFFFF).contains(v) { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
