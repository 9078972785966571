// A Markdown report for a pull-request comment: summary, then a nested list of findings.

/// Renders a report as GitHub-flavoured Markdown.
public struct DiffMarkdownRenderer: Sendable {
  /// Whether to list what was normalized as noise.
  public var verbose: Bool

  /// Creates a renderer.
  public init(verbose: Bool = false) { self.verbose = verbose }

  /// The report as Markdown, ending with a newline.
  public func render(_ report: DiffReport) -> String {
    var out = "## envlock diff: `\(code(report.labelA))` → `\(code(report.labelB))`\n\n"
    if report.isEmpty {
      out += "No differences.\n"
    } else {
      out += "**\(report.totalCount) difference\(report.totalCount == 1 ? "" : "s")**"
      out +=
        report.totalCount > report.findings.count
        ? ", \(report.findings.count) after grouping by cause.\n" : ".\n"
      out += "\n### Most likely causes\n\n"
      for (i, line) in report.summary.enumerated() { out += "\(i + 1). \(escape(line))\n" }
      out += "\n### Findings\n\n"
      for f in report.findings { write(f, depth: 0, into: &out) }
    }
    let normalized = report.normalized.reduce(0) { $0 + $1.count }
    if normalized > 0 {
      out +=
        "\n<details><summary>\(normalized) value\(normalized == 1 ? "" : "s") normalized as noise</summary>\n\n"
      for c in report.normalized { out += "- \(c.rule): \(c.count)\n" }
      out += "\n</details>\n"
    }
    return out
  }

  private func write(_ f: Finding, depth: Int, into out: inout String) {
    let pad = String(repeating: "  ", count: depth)
    out += pad + "- **\(f.impact.severity.rawValue)** · \(f.category.rawValue) · \(escape(f.headline))\n"
    let inner = pad + "  "
    if let cause = f.cause { out += inner + "<br>why: \(escape(cause))\n" }
    var impact: [String] = []
    if let v = f.impact.versionChange { impact.append("\(v.rawValue) version change") }
    if let note = f.impact.note { impact.append(escape(note)) }
    if !impact.isEmpty { out += inner + "<br>impact: \(impact.joined(separator: "; "))\n" }
    if !f.details.isEmpty {
      out += "\n" + inner + "```diff\n"
      for d in f.details { out += inner + d + "\n" }
      out += inner + "```\n\n"
    }
    for c in f.children { write(c, depth: depth + 1, into: &out) }
  }

  private func code(_ s: String) -> String { s.replacing("`", with: "'") }

  private func escape(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "*", "_", "`", "|", "[", "]", "\\": out += "\\" + String(ch)
      default: out.append(ch)
      }
    }
    return out
  }
}
