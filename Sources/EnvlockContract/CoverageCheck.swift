// `[tests]`: the test coverage report (coverage.py JSON, `coverage json`; or Cobertura XML,
// `coverage xml` / pytest-cov) meets a minimum line rate, overall and per path.

import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Line counts of one source file in a coverage report.
struct CoveredFile: Sendable {
  /// Paths the file may be named by (as the report writes it, and joined with each source root).
  let names: [String]
  /// Lines with code.
  let statements: Int
  /// Lines executed.
  let covered: Int
}

/// A parsed coverage report.
struct CoverageReport: Sendable {
  let format: String
  let files: [CoveredFile]
  /// The overall rate the report states, when it states one.
  let statedRate: Double?

  var statements: Int { files.reduce(0) { $0 + $1.statements } }
  var covered: Int { files.reduce(0) { $0 + $1.covered } }
  var rate: Double { statedRate ?? (statements == 0 ? 1 : Double(covered) / Double(statements)) }
}

/// Checks the coverage rules.
enum CoverageCheck {
  static func run(_ rules: CoverageRules, _ input: CheckInput) -> [RuleResult] {
    let id = "tests.coverage"
    guard let bytes = input.diskBytes(rules.report) else {
      return [
        .fail(
          id, "no coverage report", ["`\(rules.report)` does not exist in the project"],
          fix:
            "run the tests with coverage (`pytest --cov --cov-report=json` or `coverage json`) so `\(rules.report)` exists"
        )
      ]
    }
    let report: CoverageReport
    do {
      report = try parse(bytes, projectRoots: [input.projectRoot, input.snapshot.capture.projectRoot])
    } catch {
      return [
        .fail(
          id, "`\(rules.report)` is not a coverage report", ["\(error)"],
          fix: "write the report with `coverage json` (coverage.py JSON) or `coverage xml` (Cobertura)")
      ]
    }
    var gaps: [String] = []
    var evidence: [String] = []
    if let minimum = rules.minLineRate {
      let line =
        "line rate \(percent(report.rate)) (\(report.covered) of \(report.statements) lines), required \(percent(minimum))"
      if report.rate + 1e-9 < minimum {
        gaps.append("overall " + line)
      } else {
        evidence.append("overall " + line)
      }
    }
    for (path, minimum) in rules.paths {
      let prefix = path.hasSuffix("/") ? String(path.dropLast()) : path
      let files = report.files.filter { file in
        file.names.contains { $0 == prefix || $0.hasPrefix(prefix + "/") }
      }
      guard !files.isEmpty else {
        gaps.append("`\(path)`: no files under it in the report")
        continue
      }
      let statements = files.reduce(0) { $0 + $1.statements }
      let covered = files.reduce(0) { $0 + $1.covered }
      let rate = statements == 0 ? 1 : Double(covered) / Double(statements)
      let line =
        "`\(path)`: line rate \(percent(rate)) (\(covered) of \(statements) lines), required \(percent(minimum))"
      if rate + 1e-9 < minimum { gaps.append(line) } else { evidence.append(line) }
    }
    return [
      .judge(
        id, gaps: gaps, passed: "coverage meets the minimum line rates (\(report.format) report)",
        failed: "coverage is below the contract's minimum", evidence: evidence,
        fix:
          "add tests for the uncovered code (`coverage report -m` lists the missed lines), then rerun the tests"
      )
    ]
  }

  static func percent(_ rate: Double) -> String { String(format: "%.1f%%", rate * 100) }

  /// Parses coverage.py JSON or Cobertura XML, told apart by the first character.
  /// `projectRoots` turn absolute Cobertura `<source>` paths into project-relative ones.
  static func parse(_ bytes: [UInt8], projectRoots: [String]) throws -> CoverageReport {
    let first = bytes.first { ![9, 10, 13, 32, 0xEF, 0xBB, 0xBF].contains($0) }
    if first == UInt8(ascii: "{") { return try parseCoveragePy(bytes) }
    if first == UInt8(ascii: "<") { return try parseCobertura(bytes, projectRoots: projectRoots) }
    throw CoverageParseError(description: "neither JSON nor XML")
  }

  static func parseCoveragePy(_ bytes: [UInt8]) throws -> CoverageReport {
    guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
      let files = object["files"] as? [String: Any]
    else { throw CoverageParseError(description: "a coverage.py JSON report has a `files` object") }
    var out: [CoveredFile] = []
    for (name, value) in files {
      guard let summary = (value as? [String: Any])?["summary"] as? [String: Any],
        let statements = summary["num_statements"] as? Int, let covered = summary["covered_lines"] as? Int
      else {
        throw CoverageParseError(
          description: "`files.\(name).summary` lacks `num_statements` or `covered_lines`")
      }
      out.append(CoveredFile(names: [normalize(name)], statements: statements, covered: covered))
    }
    return CoverageReport(format: "coverage.py JSON", files: out, statedRate: nil)
  }

  static func parseCobertura(_ bytes: [UInt8], projectRoots: [String]) throws -> CoverageReport {
    let delegate = CoberturaReader()
    let parser = XMLParser(data: Data(bytes))
    parser.delegate = delegate
    guard parser.parse(), delegate.sawRoot else {
      throw CoverageParseError(
        description: parser.parserError.map { "invalid XML: \($0.localizedDescription)" }
          ?? "a Cobertura report has a `<coverage>` root element")
    }
    let roots = projectRoots.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    var files: [String: (statements: Int, covered: Int)] = [:]
    for c in delegate.classes {
      files[c.filename, default: (0, 0)].statements += c.statements
      files[c.filename, default: (0, 0)].covered += c.covered
    }
    let out = files.sorted { $0.key < $1.key }.map { name, counts in
      var names = [normalize(name)]
      for source in delegate.sources {
        let joined = normalize((source.hasSuffix("/") ? source : source + "/") + name)
        names.append(joined)
        for root in roots where joined.hasPrefix(root) { names.append(String(joined.dropFirst(root.count))) }
      }
      return CoveredFile(names: names, statements: counts.statements, covered: counts.covered)
    }
    let stated = out.isEmpty ? delegate.rootRate : nil
    return CoverageReport(format: "Cobertura XML", files: out, statedRate: stated)
  }

  private static func normalize(_ path: String) -> String {
    var p = path.replacingOccurrences(of: "\\", with: "/")
    while p.hasPrefix("./") { p.removeFirst(2) }
    return p
  }
}

/// A coverage report that cannot be read.
struct CoverageParseError: Error, CustomStringConvertible {
  let description: String
}

/// Collects `<source>`, `<class filename>` and `<line hits>` of a Cobertura report.
private final class CoberturaReader: NSObject, XMLParserDelegate {
  var sawRoot = false
  var rootRate: Double?
  var sources: [String] = []
  var classes: [(filename: String, statements: Int, covered: Int)] = []
  private var inSource = false
  private var text = ""
  private var inMethods = 0

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch name {
    case "coverage":
      sawRoot = true
      rootRate = attributes["line-rate"].flatMap(Double.init)
    case "source":
      inSource = true
      text = ""
    case "class":
      classes.append((attributes["filename"] ?? "", 0, 0))
    case "methods":
      inMethods += 1
    case "line":
      // Lines under <methods> repeat the class's own <lines>; count each line once.
      guard inMethods == 0, !classes.isEmpty else { return }
      classes[classes.count - 1].statements += 1
      if let hits = attributes["hits"].flatMap(Int.init), hits > 0 { classes[classes.count - 1].covered += 1 }
    default:
      break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inSource { text += string }
  }

  func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?)
  {
    if name == "source" {
      inSource = false
      let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
      if !trimmed.isEmpty { sources.append(trimmed) }
    }
    if name == "methods" { inMethods -= 1 }
  }
}
