// The fleet report as text (a terminal or a log), Markdown (a pull-request comment or a wiki page)
// and JSON (`envlock.fleet/1`, canonical, documented in Docs/fleet-and-sbom.md).

import EnvlockModel

/// Renders a fleet report as `envlock.fleet/1` canonical JSON.
public enum FleetJSONRenderer {
  /// The report as canonical JSON text, ending with a newline.
  public static func render(_ report: FleetReport) -> String {
    String(decoding: CanonicalJSON.render(value(report)), as: UTF8.self)
  }

  /// The report as a JSON value tree.
  public static func value(_ report: FleetReport) -> JSONValue {
    func indices(_ list: [Int]) -> JSONValue { .array(list.map { .integer(Int64($0)) }) }
    let outliers = report.outliers
    return .object([
      "schema": .string(FleetReport.schema),
      "baseline": .string(report.baseline),
      "categories": .array(report.categories.map { .string($0.rawValue) }),
      "all_match": .bool(report.allMatch),
      "counts": .object([
        "members": .integer(Int64(report.members.count)),
        "matching": .integer(Int64(report.members(.matches).count)),
        "deviating": .integer(Int64(report.members(.deviates).count)),
        "unreadable": .integer(Int64(report.members(.unreadable).count)),
        "differences": .integer(Int64(report.differences.count)),
        "shared_differences": .integer(Int64(report.shared.count)),
        "outliers": .integer(Int64(outliers.count)),
        "distinct_deviations": .integer(Int64(report.distinctDeviations)),
      ]),
      "differences": .array(
        report.differences.map { d in
          .object([
            "headline": .string(d.finding.headline),
            "finding": DiffJSONRenderer.value(d.finding),
            "explains": .integer(Int64(d.explains)),
            "top_level": .bool(d.topLevel),
            "member_count": .integer(Int64(d.members.count)),
            "members": indices(d.members),
          ])
        }),
      "by_category": .array(
        report.byCategory.map { c in
          .object([
            "category": .string(c.category.rawValue),
            "deviating_members": .integer(Int64(c.deviatingMembers)),
            "top_differences": indices(c.topDifferences),
          ])
        }),
      "outliers": .array(
        outliers.map { o in
          .object(["member": .integer(Int64(o.member)), "differences": indices(o.differences)])
        }
      ),
      "members": .array(
        report.members.map { m in
          var o: [String: JSONValue] = [
            "label": .string(m.label),
            "status": .string(m.status.rawValue),
            "findings": .integer(Int64(m.findingCount)),
            "differences": indices(m.differences),
            "summary": .array(m.summary.map(JSONValue.string)),
            "by_category": .object(
              Dictionary(
                uniqueKeysWithValues: m.categoryCounts.map { ($0.key.rawValue, .integer(Int64($0.value))) })
            ),
          ]
          if let s = m.highestSeverity { o["highest_severity"] = .string(s.rawValue) }
          if let g = m.deviationGroup { o["deviation_group"] = .integer(Int64(g)) }
          if let e = m.error { o["error"] = .string(e) }
          return .object(o)
        }),
    ])
  }
}

/// Renders a fleet report as text.
public struct FleetTextRenderer: Sendable {
  /// Whether to use ANSI colours.
  public var colour: Bool
  /// How many shared differences to list (JSON always lists all).
  public var limit: Int

  /// Creates a renderer.
  public init(colour: Bool = false, limit: Int = 20) {
    self.colour = colour
    self.limit = limit
  }

  /// The report as text, ending with a newline.
  public func render(_ report: FleetReport) -> String {
    let total = report.members.count
    var out =
      "envlock fleet\n  baseline: \(FleetWording.oneLine(report.baseline))\n  members:  \(total) (\(FleetWording.tally(report)))\n"
    if report.allMatch {
      return out + "\n" + paint("Every member matches the baseline.", "32") + "\n"
    }
    let shared = report.shared
    if !shared.isEmpty {
      out += "\nShared differences (2 or more members):\n"
      for d in shared.prefix(limit) {
        let diff = report.differences[d]
        out +=
          "  \(FleetWording.share(diff, of: total))  " + line(diff.finding) + FleetWording.explains(diff)
          + "\n"
        if let why = diff.finding.cause ?? diff.finding.impact.note { out += "      why: \(why)\n" }
      }
      if shared.count > limit { out += "  ... \(shared.count - limit) more (--format json lists all)\n" }
    }
    if !report.byCategory.isEmpty {
      out += "\nBy category:\n"
      for c in report.byCategory {
        out += "  \(c.category.rawValue): \(FleetWording.deviating(c.deviatingMembers, of: total))\n"
        for d in c.topDifferences {
          let diff = report.differences[d]
          out += "    \(FleetWording.share(diff, of: total))  \(diff.finding.headline)\n"
        }
      }
    }
    let outliers = report.outliers
    if !outliers.isEmpty {
      out += "\nOutliers (differences no other member has):\n"
      for o in outliers.prefix(limit) {
        out += "  \(FleetWording.oneLine(report.members[o.member].label))\n"
        for d in o.differences { out += "    " + line(report.differences[d].finding) + "\n" }
      }
      if outliers.count > limit { out += "  ... \(outliers.count - limit) more (--format json lists all)\n" }
    }
    let listed = report.members.filter { $0.status != .matches }
    out += "\nMembers that deviate or could not be read:\n"
    for m in listed {
      switch m.status {
      case .unreadable:
        out += "  " + paint("unreadable", "1;31")
        out += "  \(FleetWording.oneLine(m.label)): \(FleetWording.oneLine(m.error ?? ""))\n"
      default:
        out += "  " + paint("deviates", DiffTextRenderer.code(m.highestSeverity ?? .info))
        out += "    \(FleetWording.oneLine(m.label)): \(FleetWording.oneLine(FleetWording.memberLine(m)))\n"
      }
    }
    return out
  }

  private func line(_ f: Finding) -> String {
    paint("[\(f.impact.severity.rawValue)]", DiffTextRenderer.code(f.impact.severity))
      + " \(f.category.rawValue): \(f.headline)"
  }

  private func paint(_ s: String, _ code: String) -> String {
    colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
  }
}

/// Renders a fleet report as GitHub-flavoured Markdown.
public struct FleetMarkdownRenderer: Sendable {
  /// How many shared differences to list.
  public var limit: Int

  /// Creates a renderer.
  public init(limit: Int = 20) { self.limit = limit }

  /// The report as Markdown, ending with a newline.
  public func render(_ report: FleetReport) -> String {
    let total = report.members.count
    var out =
      "## envlock fleet: \(total) member\(total == 1 ? "" : "s") against `\(code(report.baseline))`\n\n"
    out += "\(FleetWording.tally(report)).\n"
    if report.allMatch { return out + "\nEvery member matches the baseline.\n" }
    let shared = report.shared
    if !shared.isEmpty {
      out +=
        "\n### Shared differences\n\n| members | severity | category | difference | why |\n|---:|---|---|---|---|\n"
      for d in shared.prefix(limit) {
        let diff = report.differences[d]
        let f = diff.finding
        out +=
          "| \(FleetWording.share(diff, of: total)) | \(f.impact.severity.rawValue) | \(f.category.rawValue) | "
        out +=
          "\(cell(f.headline + FleetWording.explains(diff))) | \(cell(f.cause ?? f.impact.note ?? "")) |\n"
      }
      if shared.count > limit { out += "\n\(shared.count - limit) more in the JSON report.\n" }
    }
    if !report.byCategory.isEmpty {
      out += "\n### By category\n\n"
      for c in report.byCategory {
        out += "- **\(c.category.rawValue)**: \(FleetWording.deviating(c.deviatingMembers, of: total))\n"
        for d in c.topDifferences {
          let diff = report.differences[d]
          out += "  - \(FleetWording.share(diff, of: total)): \(cell(diff.finding.headline))\n"
        }
      }
    }
    let outliers = report.outliers
    if !outliers.isEmpty {
      out += "\n### Outliers\n\n"
      for o in outliers.prefix(limit) {
        let list = o.differences.map { cell(report.differences[$0].finding.headline) }.joined(separator: "; ")
        out += "- `\(code(report.members[o.member].label))`: \(list)\n"
      }
      if outliers.count > limit { out += "\n\(outliers.count - limit) more in the JSON report.\n" }
    }
    let listed = report.members.filter { $0.status != .matches }
    out +=
      "\n<details><summary>\(listed.count) member\(listed.count == 1 ? "" : "s") deviate or could not be read</summary>\n\n"
    for m in listed {
      let what = m.status == .unreadable ? "unreadable: \(m.error ?? "")" : FleetWording.memberLine(m)
      out += "- `\(code(m.label))`: \(cell(what))\n"
    }
    out += "\n</details>\n"
    return out
  }

  private func code(_ s: String) -> String {
    s.replacing("`", with: "'").replacing("\n", with: " ").replacing("\r", with: " ")
  }

  /// Text safe in a table cell or list item: Markdown and HTML characters escaped, one line.
  private func cell(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\n", "\r", "\r\n": out += " "
      case "*", "_", "`", "|", "[", "]", "\\": out += "\\" + String(ch)
      default: out.append(ch)
      }
    }
    return out
  }
}

/// Phrases shared by the text and Markdown renderers.
enum FleetWording {
  /// `3 match, 37 deviate, 1 unreadable`.
  static func tally(_ r: FleetReport) -> String {
    var parts = ["\(r.members(.matches).count) match", "\(r.members(.deviates).count) deviate"]
    let unreadable = r.members(.unreadable).count
    if unreadable > 0 { parts.append("\(unreadable) unreadable") }
    return parts.joined(separator: ", ")
  }

  /// Text on one line: line breaks and other control characters written as escapes.
  static func oneLine(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20 || scalar.value == 0x7F:
        out += "\\u{\(String(scalar.value, radix: 16))}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `37 of 40`.
  static func share(_ d: FleetDifference, of total: Int) -> String { "\(d.members.count) of \(total)" }

  /// ` (explains 3 more)` or nothing.
  static func explains(_ d: FleetDifference) -> String {
    d.explains > 0 ? " (explains \(d.explains) more)" : ""
  }

  /// `37 of 40 members deviate`.
  static func deviating(_ n: Int, of total: Int) -> String {
    "\(n) of \(total) member\(total == 1 ? "" : "s") deviate\(n == 1 ? "s" : "")"
  }

  /// `3 findings (python 2, environment 1), highest high: <first summary line>`.
  static func memberLine(_ m: FleetMember) -> String {
    let categories = DiffCategory.allCases.compactMap { c in m.categoryCounts[c].map { "\(c.rawValue) \($0)" }
    }
    var text =
      "\(m.findingCount) finding\(m.findingCount == 1 ? "" : "s") (\(categories.joined(separator: ", ")))"
    if let s = m.highestSeverity { text += ", highest \(s.rawValue)" }
    if let first = m.summary.first { text += ": \(first)" }
    return text
  }
}
