// Human-readable report: summary first, then the findings tree; ANSI colour only when asked.

/// Renders a report as text for a terminal or a log.
public struct DiffTextRenderer: Sendable {
  /// Whether to use ANSI colours (the CLI turns this on for a TTY without NO_COLOR).
  public var colour: Bool
  /// Whether to list what was normalized as noise.
  public var verbose: Bool

  /// Creates a renderer.
  public init(colour: Bool = false, verbose: Bool = false) {
    self.colour = colour
    self.verbose = verbose
  }

  /// The report as text, ending with a newline.
  public func render(_ report: DiffReport) -> String {
    var out = "envlock diff\n  A: \(report.labelA)\n  B: \(report.labelB)\n\n"
    if report.isEmpty {
      out += paint("No differences.", "32") + "\n"
    } else {
      let total = report.totalCount
      let top = report.findings.count
      out += paint("\(total) difference\(total == 1 ? "" : "s")", "1")
      out += total > top ? ", \(top) after grouping by cause\n" : "\n"
      out += "\nMost likely causes:\n"
      for (i, line) in report.summary.enumerated() { out += "  \(i + 1). \(line)\n" }
      out += "\nFindings:\n"
      for f in report.findings { write(f, depth: 0, into: &out) }
    }
    let normalized = report.normalized.reduce(0) { $0 + $1.count }
    if normalized > 0 {
      out += "\n"
      if verbose {
        out += "Normalized as noise (not differences):\n"
        for c in report.normalized { out += "  \(c.rule): \(c.count)\n" }
      } else {
        out += paint(
          "\(normalized) value\(normalized == 1 ? "" : "s") normalized as noise (--verbose lists them)", "2")
        out += "\n"
      }
    }
    return out
  }

  private func write(_ f: Finding, depth: Int, into out: inout String) {
    let pad = String(repeating: "  ", count: depth + 1)
    let tag = "[\(f.impact.severity.rawValue)]"
    out += pad + paint(tag, DiffTextRenderer.code(f.impact.severity)) + " \(f.category.rawValue): "
    out += paint(f.headline, "1") + "\n"
    let inner = pad + "    "
    if let cause = f.cause { out += inner + "why: \(cause)\n" }
    var impact: [String] = []
    if let v = f.impact.versionChange { impact.append("\(v.rawValue) version change") }
    if let note = f.impact.note { impact.append(note) }
    if !impact.isEmpty { out += inner + "impact: \(impact.joined(separator: "; "))\n" }
    for d in f.details { out += inner + "| " + paint(d, DiffTextRenderer.detailCode(d)) + "\n" }
    for c in f.children { write(c, depth: depth + 1, into: &out) }
  }

  private func paint(_ s: String, _ code: String?) -> String {
    guard colour, let code else { return s }
    return "\u{1B}[\(code)m\(s)\u{1B}[0m"
  }

  static func code(_ s: Severity) -> String {
    switch s {
    case .high: return "1;31"
    case .medium: return "33"
    case .low: return "36"
    case .info: return "2"
    }
  }

  static func detailCode(_ d: String) -> String? {
    if d.hasPrefix("+++") || d.hasPrefix("---") { return "1" }
    if d.hasPrefix("+") { return "32" }
    if d.hasPrefix("-") { return "31" }
    if d.hasPrefix("@@") { return "36" }
    return nil
  }
}
