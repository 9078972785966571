// Libraries return values; only the executables (Sources/envlock, Sources/envlock-bench) write to
// standard output or standard error. This scans every library module's sources for calls that do.

import EnvlockTestSupport
import Foundation
import Testing

/// Finds writes to standard output or standard error in Swift source text, outside comments and
/// string literals (code inside string interpolations is not scanned).
enum OutputCallScanner {
  /// One write found: its 1-based line and what was written through.
  struct Finding: Hashable, CustomStringConvertible {
    /// The 1-based line.
    var line: Int
    /// The call or name found, for example `print(`.
    var call: String
    var description: String { "line \(line): \(call)" }
  }

  /// Functions that write to standard output or error when called.
  static let functions = ["print", "debugPrint", "dump", "fputs", "puts", "putchar", "fwrite"]
  /// Names that stand for standard output or error (C's `stdout` and `stderr` only reach code
  /// through the functions above, and are common field names).
  static let names = [
    "FileHandle.standardOutput", "FileHandle.standardError", "STDOUT_FILENO", "STDERR_FILENO",
  ]

  /// Every write in `source`, in order.
  static func findings(in source: String) -> [Finding] {
    let code = codeOnly(Array(source.utf8))
    var result: [Finding] = []
    var lineNumber = 0
    for line in code.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      lineNumber += 1
      let text = Array(line)
      for i in text.indices where i == 0 || !isIdentifier(text[i - 1]) {
        if let call = match(text, at: i) { result.append(Finding(line: lineNumber, call: call)) }
      }
    }
    return result
  }

  /// The write starting at `i` (a word boundary), if any.
  private static func match(_ text: [UInt8], at i: Int) -> String? {
    guard isIdentifier(text[i]) else { return nil }
    func word(_ w: String) -> Int? {
      let end = i + w.utf8.count
      guard end <= text.count, text[i..<end].elementsEqual(w.utf8) else { return nil }
      return end < text.count && isIdentifier(text[end]) ? nil : end
    }
    func skipSpaces(_ j: Int) -> Int {
      var j = j
      while j < text.count, text[j] == UInt8(ascii: " ") || text[j] == UInt8(ascii: "\t") { j += 1 }
      return j
    }
    func isCall(_ end: Int) -> Bool {
      skipSpaces(end) < text.count && text[skipSpaces(end)] == UInt8(ascii: "(")
    }
    for f in functions {
      if let end = word(f), isCall(end) { return f + "(" }
    }
    for n in names where word(n) != nil { return n }
    // `write(1, ...)` and `write(2, ...)`: the raw file descriptors of stdout and stderr.
    if let end = word("write"), isCall(end) {
      let fd = skipSpaces(skipSpaces(end) + 1)
      if fd < text.count, text[fd] == UInt8(ascii: "1") || text[fd] == UInt8(ascii: "2") {
        let after = skipSpaces(fd + 1)
        if after < text.count, text[after] == UInt8(ascii: ",") {
          return "write(\(Character(UnicodeScalar(text[fd]))),"
        }
      }
    }
    return nil
  }

  private static func isIdentifier(_ c: UInt8) -> Bool {
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 0x5F
  }

  /// `source` with comments and string literals blanked out (newlines kept, so lines still count).
  static func codeOnly(_ source: [UInt8]) -> [UInt8] {
    var out = source
    var i = 0
    func blank(_ range: Range<Int>) {
      for k in range where out[k] != UInt8(ascii: "\n") { out[k] = UInt8(ascii: " ") }
    }
    func starts(_ s: String, at j: Int) -> Bool {
      j + s.utf8.count <= source.count && source[j..<(j + s.utf8.count)].elementsEqual(s.utf8)
    }
    while i < source.count {
      if starts("//", at: i) {
        let end = source[i...].firstIndex(of: UInt8(ascii: "\n")) ?? source.count
        blank(i..<end)
        i = end
      } else if starts("/*", at: i) {
        // Block comments nest in Swift.
        var depth = 0
        var j = i
        repeat {
          if starts("/*", at: j) {
            depth += 1
            j += 2
          } else if starts("*/", at: j) {
            depth -= 1
            j += 2
          } else {
            j += 1
          }
        } while depth > 0 && j < source.count
        blank(i..<j)
        i = j
      } else if source[i] == UInt8(ascii: "\"") || source[i] == UInt8(ascii: "#") {
        // A string literal, raw (`#"..."#`) or not, single-line or multi-line (`"""`).
        var hashes = 0
        var j = i
        while j < source.count, source[j] == UInt8(ascii: "#") {
          hashes += 1
          j += 1
        }
        guard j < source.count, source[j] == UInt8(ascii: "\"") else {
          i = j  // `#if`, `#available` and the like
          continue
        }
        let multiline = starts("\"\"\"", at: j)
        let quote = multiline ? "\"\"\"" : "\""
        let closing = quote + String(repeating: "#", count: hashes)
        j += quote.utf8.count
        while j < source.count, !starts(closing, at: j) {
          // Only a non-raw string has escapes: `\"` does not end it.
          j += hashes == 0 && source[j] == UInt8(ascii: "\\") ? 2 : 1
        }
        let end = min(source.count, j + closing.utf8.count)
        blank(i..<end)
        i = end
      } else {
        i += 1
      }
    }
    return out
  }
}

@Suite struct LibraryOutputTests {
  @Test(
    arguments: [
      ("print(\"x\")", ["line 1: print("]),
      ("Swift.print(x)\n  debugPrint (y)", ["line 1: print(", "line 2: debugPrint("]),
      ("FileHandle.standardError.write(data)", ["line 1: FileHandle.standardError"]),
      ("_ = Glibc.write(2, p, n)\nwrite(fd, p, n)", ["line 1: write(2,"]),
      ("fputs(text, stderr)\nlet stdout: [UInt8] = []", ["line 1: fputs("]),
      ("let fd = STDOUT_FILENO", ["line 1: STDOUT_FILENO"]),
      ("x.fingerprint(v); reprint(v); printer(v)", []),
      ("// print(x)\n/* print( /* nested */ print( */ let a = 1", []),
      ("let s = \"print(x) \\\" print(y)\"", []),
      ("let s = \"\"\"\n  print(1)\n  \"\"\"\nprint(2)", ["line 4: print("]),
      ("let s = #\"print(\"a\")\"#; print(b)", ["line 1: print("]),
      ("#if DEBUG\nprint(1)\n#endif", ["line 2: print("]),
    ] as [(String, [String])])
  func scannerFindsWritesOutsideCommentsAndStrings(_ source: String, _ expected: [String]) {
    #expect(OutputCallScanner.findings(in: source).map(\.description) == expected)
  }

  @Test func libraryModulesNeverWriteToStandardOutputOrError() throws {
    let sources = TestSupport.repoRoot.appendingPathComponent("Sources")
    let executables: Set<String> = ["envlock", "envlock-bench"]
    var scanned = 0
    var findings: [String] = []
    for module in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted()
    where !executables.contains(module) {
      let folder = sources.appendingPathComponent(module)
      guard let walker = FileManager.default.enumerator(atPath: folder.path) else { continue }
      for case let relative as String in walker where relative.hasSuffix(".swift") {
        let text = try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
        scanned += 1
        for finding in OutputCallScanner.findings(in: text) {
          findings.append("Sources/\(module)/\(relative):\(finding.line): \(finding.call)")
        }
      }
    }
    #expect(scanned > 100, "the scan found only \(scanned) library source files")
    #expect(findings.isEmpty, "libraries must return values, not print:\n\(findings.joined(separator: "\n"))")
  }
}
