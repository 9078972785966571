// PEP 508 environment markers (with PEP 685 extra normalization and the PEP 751 lock-file
// variables `extras` and `dependency_groups`): parsing, normalized printing and evaluation
// against a captured marker environment, as `packaging.markers.Marker` (26.4) does.

/// A source of marker variable values, such as a snapshot's marker environment.
///
/// `[String: String]` conforms; keys are PEP 508 names (`python_version`, `sys_platform`, ...).
public protocol MarkerVariables {
  /// The value of a marker variable by its PEP 508 name, or nil when unknown.
  subscript(_ name: String) -> String? { get }
}

extension Dictionary: MarkerVariables where Key == String, Value == String {}

/// Where a marker is evaluated, which decides the implicit variables (as in `packaging`).
public enum MarkerContext: Sendable, Hashable {
  /// Core metadata: `extra` defaults to the empty string.
  case metadata
  /// A lock file (PEP 751): `extras` and `dependency_groups` are sets.
  case lockFile(extras: Set<String> = [], dependencyGroups: Set<String> = [])
  /// Any other requirement: no implicit variables.
  case requirement
}

/// The requested extras for evaluating `extra` markers.
public enum MarkerExtra: Sendable, Hashable {
  /// One extra name (`extra == "x"` compares strings).
  case name(String)
  /// The whole set of selected extras (`extra == "x"` tests membership).
  case set(Set<String>)
}

/// A parsed PEP 508 environment marker, such as `python_version < "3.11" and extra == "toml"`.
public struct Marker: Sendable, Hashable, CustomStringConvertible {
  /// A marker variable or a quoted string.
  public enum Operand: Sendable, Hashable {
    /// A variable, by its normalized name (`os.name` becomes `os_name`).
    case variable(String)
    /// A string literal, escapes already processed.
    case value(String)
  }

  /// A comparison operator between two operands.
  public enum Operator: String, Sendable, Hashable {
    /// `===`.
    case arbitraryEqual = "==="
    /// `==`.
    case equal = "=="
    /// `~=`.
    case compatible = "~="
    /// `!=`.
    case notEqual = "!="
    /// `<=`.
    case lessThanOrEqual = "<="
    /// `>=`.
    case greaterThanOrEqual = ">="
    /// `<`.
    case lessThan = "<"
    /// `>`.
    case greaterThan = ">"
    /// `in`.
    case `in` = "in"
    /// `not in`.
    case notIn = "not in"
  }

  /// A node of the expression tree, kept in `packaging`'s flat list shape.
  public indirect enum Node: Sendable, Hashable {
    /// `lhs op rhs`.
    case comparison(Operand, Operator, Operand)
    /// A (possibly parenthesized) list of nodes joined by `and`/`or`, evaluated with `and` binding tighter.
    case group([Node], [Bool])  // joiners: true = `or`, false = `and`; count is nodes.count - 1
  }

  /// The expression, as the top-level list of the marker.
  public let root: Node

  /// Parses a marker expression.
  public init(_ text: String) throws(PackagingError) {
    var tokenizer = PEP508Tokenizer(text)
    do {
      let node = try tokenizer.parseMarker(depth: 0)
      try tokenizer.expectEnd("end of marker expression")
      self.root = Marker.normalizeExtras(node)
    } catch {
      throw .invalidMarker(text, reason: error.message, position: error.position)
    }
  }

  init(root: Node) { self.root = Marker.normalizeExtras(root) }

  /// Canonicalizes the literal compared with `extra` (and tested against `extras` / `dependency_groups`).
  static func normalizeExtras(_ node: Node) -> Node {
    switch node {
    case .group(let nodes, let joiners):
      return .group(nodes.map(normalizeExtras), joiners)
    case .comparison(let lhs, let op, let rhs):
      switch (lhs, rhs) {
      case (.variable("extra"), .value(let v)):
        return .comparison(lhs, op, .value(PackageName.normalize(v)))
      case (.value(let v), .variable("extra")):
        return .comparison(.value(PackageName.normalize(v)), op, rhs)
      case (.value(let v), .variable(let name)) where name == "extras" || name == "dependency_groups":
        return .comparison(.value(PackageName.normalize(v)), op, rhs)
      default:
        return node
      }
    }
  }

  // MARK: Printing

  /// The normalized text; fails only for a value holding both quote characters.
  public func serialized() throws(PackagingError) -> String {
    try Marker.format(root, first: true)
  }

  /// The normalized text (`packaging`'s `str(marker)`).
  public var description: String {
    (try? serialized()) ?? "<marker with unquotable value>"
  }

  /// Equality as described on the type.
  public static func == (lhs: Marker, rhs: Marker) -> Bool { lhs.description == rhs.description }
  /// Hashes consistently with `==`.
  public func hash(into hasher: inout Hasher) { hasher.combine(description) }

  static func format(_ node: Node, first: Bool) throws(PackagingError) -> String {
    switch node {
    case .comparison(let lhs, let op, let rhs):
      return "\(try quote(lhs)) \(op.rawValue) \(try quote(rhs))"
    case .group(let nodes, let joiners):
      if nodes.count == 1 { return try format(nodes[0], first: first) }
      var out = first ? "" : "("
      for (i, child) in nodes.enumerated() {
        if i > 0 { out += joiners[i - 1] ? " or " : " and " }
        out += try format(child, first: false)
      }
      return first ? out : out + ")"
    }
  }

  static func quote(_ operand: Operand) throws(PackagingError) -> String {
    switch operand {
    case .variable(let name): return name
    case .value(let v):
      if !v.unicodeScalars.contains("\"") { return "\"\(v)\"" }
      if !v.unicodeScalars.contains("'") { return "'\(v)'" }
      throw .unserializableMarkerValue(v)
    }
  }

  // MARK: Evaluation

  static let versionVariables: Set<String> = [
    "implementation_version", "platform_release", "python_full_version", "python_version",
  ]

  /// A resolved variable value: a string, or a set for `extras` / `dependency_groups` / a set of extras.
  enum Value {
    case string(String)
    case set(Set<String>)
  }

  /// Evaluates against an environment (`packaging`'s `Marker.evaluate`), with an optional
  /// `extra` and the evaluation context. Every comparison is evaluated, so an undefined
  /// comparison anywhere is reported even when the result is already decided.
  public func evaluate(
    _ environment: some MarkerVariables, extra: MarkerExtra? = nil, context: MarkerContext = .metadata
  ) throws(PackagingError) -> Bool {
    let resolver = Resolver(environment: environment, extra: extra, context: context)
    return try Marker.evaluate(root, resolver)
  }

  /// Evaluates with one requested extra (or none).
  public func evaluate(_ environment: some MarkerVariables, extra: String?) throws(PackagingError) -> Bool {
    try evaluate(environment, extra: extra.map { .name($0) }, context: .metadata)
  }

  struct Resolver<Environment: MarkerVariables> {
    let environment: Environment
    let extra: MarkerExtra?
    let context: MarkerContext

    func lookup(_ name: String) throws(PackagingError) -> Value {
      switch name {
      case "extra":
        if let extra { return Resolver.prepare(extra) }
        if let value = environment["extra"] { return Resolver.prepare(.name(value)) }
        if case .metadata = context { return .string("") }
        throw .undefinedEnvironmentName(name)
      case "extras", "dependency_groups":
        if let value = environment[name] { return .string(value) }
        if case .lockFile(let extras, let groups) = context {
          return .set(name == "extras" ? extras : groups)
        }
        throw .undefinedEnvironmentName(name)
      case "python_full_version":
        guard let value = environment[name] else { throw .undefinedEnvironmentName(name) }
        return .string(value.hasSuffix("+") ? value + "local" : value)
      default:
        guard let value = environment[name] else { throw .undefinedEnvironmentName(name) }
        return .string(value)
      }
    }

    /// `_prepare_extra`: empty means `""`; names are canonicalized.
    static func prepare(_ extra: MarkerExtra) -> Value {
      switch extra {
      case .name(let name): return .string(name.isEmpty ? "" : PackageName.normalize(name))
      case .set(let names):
        return names.isEmpty ? .string("") : .set(Set(names.map(PackageName.normalize)))
      }
    }
  }

  static func evaluate<E>(_ node: Node, _ resolver: Resolver<E>) throws(PackagingError) -> Bool {
    switch node {
    case .comparison(let lhs, let op, let rhs):
      return try evaluateComparison(lhs, op, rhs, resolver)
    case .group(let nodes, let joiners):
      // any(all(group) for group in groups split at `or`); every item is evaluated.
      var result = false
      var current = true
      for (i, child) in nodes.enumerated() {
        if i > 0 && joiners[i - 1] {
          result = result || current
          current = true
        }
        let value = try evaluate(child, resolver)
        current = current && value
      }
      return result || current
    }
  }

  static func operandText(_ operand: Operand) -> String {
    switch operand {
    case .variable(let name): return name
    case .value(let v): return v
    }
  }

  static func evaluateComparison<E>(
    _ lhs: Operand, _ op: Operator, _ rhs: Operand, _ resolver: Resolver<E>
  ) throws(PackagingError) -> Bool {
    let key: String
    let lhsValue: Value
    let rhsValue: Value
    if case .variable(let name) = lhs {
      key = name
      lhsValue = try resolver.lookup(name)
      rhsValue = .string(operandText(rhs))
    } else {
      key = operandText(rhs)
      lhsValue = .string(operandText(lhs))
      rhsValue = try resolver.lookup(key)
      if key == "extra", case .set(let extras) = rhsValue {
        return try evaluateExtraSet(extras, op, operandText(lhs))
      }
    }
    guard case .string(let left) = lhsValue else {
      if key == "extra", case .set(let extras) = lhsValue {
        return try evaluateExtraSet(extras, op, operandText(rhs))
      }
      throw .undefinedComparison("set-valued marker `\(key)` can only be used as `\"<name>\" in \(key)`")
    }
    // _normalize
    if key == "extra" {
      guard case .string = rhsValue else { throw .undefinedComparison("marker `extra` must be a string") }
    } else if key == "extras" || key == "dependency_groups" {
      guard case .set(let names) = rhsValue else {
        throw .undefinedComparison("marker `\(key)` must be a set")
      }
      return try evaluateOperator(
        .string(PackageName.normalize(left)), op, .set(Set(names.map(PackageName.normalize))), key: key)
    }
    return try evaluateOperator(.string(left), op, rhsValue, key: key)
  }

  static func evaluateExtraSet(_ extras: Set<String>, _ op: Operator, _ literal: String)
    throws(PackagingError) -> Bool
  {
    let selected = extras.isEmpty ? [""] : extras
    switch op {
    case .equal: return selected.contains(literal)
    case .notEqual: return !selected.contains(literal)
    default: throw .undefinedComparison("`\(op.rawValue)` on a set of extras and `\(literal)`")
    }
  }

  static func evaluateOperator(_ lhs: Value, _ op: Operator, _ rhs: Value, key: String) throws(PackagingError)
    -> Bool
  {
    guard case .string(let left) = lhs else { throw .undefinedComparison("`\(op.rawValue)` on a set") }
    if versionVariables.contains(key), case .string(let right) = rhs,
      let specifier = try? Specifier(op.rawValue + right)
    {
      return specifier.contains(left, prereleases: true)
    }
    switch (op, rhs) {
    case (.in, .string(let right)): return pythonContains(right, left)
    case (.in, .set(let right)): return right.contains(left)
    case (.notIn, .string(let right)): return !pythonContains(right, left)
    case (.notIn, .set(let right)): return !right.contains(left)
    case (.lessThan, _), (.greaterThan, _): return false
    case (.equal, .string(let right)), (.lessThanOrEqual, .string(let right)),
      (.greaterThanOrEqual, .string(let right)):
      return left.unicodeScalars.elementsEqual(right.unicodeScalars)
    case (.notEqual, .string(let right)): return !left.unicodeScalars.elementsEqual(right.unicodeScalars)
    case (.equal, .set), (.lessThanOrEqual, .set), (.greaterThanOrEqual, .set): return false
    case (.notEqual, .set): return true
    case (.compatible, _), (.arbitraryEqual, _):
      throw .undefinedComparison("`\(op.rawValue)` on `\(left)` and a non-version value")
    }
  }

  /// Python's `needle in haystack` for strings (substring test on code points).
  static func pythonContains(_ haystack: String, _ needle: String) -> Bool {
    let h = Array(haystack.unicodeScalars)
    let n = Array(needle.unicodeScalars)
    if n.isEmpty { return true }
    if n.count > h.count { return false }
    for start in 0...(h.count - n.count) where h[start] == n[0] {
      if h[start..<(start + n.count)].elementsEqual(n) { return true }
    }
    return false
  }
}

// MARK: - Tokenizer and parser shared by markers and requirements

/// A context-sensitive tokenizer over Unicode scalars, mirroring `packaging._tokenizer`.
struct PEP508Tokenizer {
  struct SyntaxError: Error {
    let message: String
    let position: Int
  }

  let source: [Unicode.Scalar]
  var position = 0

  init(_ text: String) { self.source = Array(text.unicodeScalars) }

  var atEnd: Bool { position >= source.count }

  func scalar(_ i: Int) -> Unicode.Scalar? { i < source.count && i >= 0 ? source[i] : nil }

  func fail(_ message: String, at position: Int? = nil) -> SyntaxError {
    SyntaxError(message: message, position: position ?? self.position)
  }

  func isWord(_ i: Int) -> Bool { scalar(i).map(isPythonWordScalar) ?? false }

  /// Regex `\b` at index `i`.
  func isBoundary(_ i: Int) -> Bool { isWord(i - 1) != isWord(i) }

  /// `[ \t]+`
  @discardableResult
  mutating func consumeWhitespace() -> Bool {
    let start = position
    while let c = scalar(position), c == " " || c == "\t" { position += 1 }
    return position > start
  }

  func startsWith(_ literal: String, at i: Int) -> Bool {
    var k = i
    for c in literal.unicodeScalars {
      guard scalar(k) == c else { return false }
      k += 1
    }
    return true
  }

  mutating func take(_ literal: String) -> Bool {
    guard startsWith(literal, at: position) else { return false }
    position += literal.unicodeScalars.count
    return true
  }

  mutating func expectEnd(_ expected: String) throws(SyntaxError) {
    guard atEnd else { throw fail("Expected \(expected)") }
  }

  static func isIdentifierScalar(_ c: Unicode.Scalar) -> Bool {
    c.value < 0x80 && (isASCIIAlphanumeric(UInt8(c.value)) || c == "." || c == "_" || c == "-")
  }

  /// `\b[a-zA-Z0-9][a-zA-Z0-9._-]*\b`, with the regex's backtracking.
  mutating func matchIdentifier() -> String? {
    guard isBoundary(position), let first = scalar(position), first.value < 0x80,
      isASCIIAlphanumeric(UInt8(first.value))
    else { return nil }
    var end = position + 1
    while let c = scalar(end), PEP508Tokenizer.isIdentifierScalar(c) { end += 1 }
    while end > position {
      if isBoundary(end) {
        let text = String(String.UnicodeScalarView(source[position..<end]))
        position = end
        return text
      }
      end -= 1
    }
    return nil
  }

  static let variables = [
    "python_version", "python_full_version", "os_name", "os.name", "sys_platform", "sys.platform",
    "platform_release", "platform_system", "platform_version", "platform.version", "platform_machine",
    "platform.machine", "platform_python_implementation", "platform.python_implementation",
    "python_implementation", "implementation_name", "implementation_version", "extras", "extra",
    "dependency_groups",
  ]

  /// The marker `VARIABLE` token, normalized (`.` to `_`, `python_implementation` aliased).
  mutating func matchVariable() -> String? {
    guard isBoundary(position) else { return nil }
    for name in PEP508Tokenizer.variables where startsWith(name, at: position) {
      let end = position + name.unicodeScalars.count
      guard isBoundary(end) else { continue }
      position = end
      let normalized = name.replacingOccurrences(".", "_")
      return normalized == "python_implementation" ? "platform_python_implementation" : normalized
    }
    return nil
  }

  /// `\bword\b`
  mutating func matchKeyword(_ word: String) -> Bool {
    guard isBoundary(position), startsWith(word, at: position) else { return false }
    let end = position + word.unicodeScalars.count
    guard isBoundary(end) else { return false }
    position = end
    return true
  }

  // MARK: Markers

  static let maxNesting = 200

  /// marker = marker_atom (BOOLOP marker_atom)*
  mutating func parseMarker(depth: Int) throws(SyntaxError) -> Marker.Node {
    var nodes = [try parseMarkerAtom(depth: depth)]
    var joiners: [Bool] = []
    while true {
      if matchKeyword("or") {
        joiners.append(true)
      } else if matchKeyword("and") {
        joiners.append(false)
      } else {
        break
      }
      nodes.append(try parseMarkerAtom(depth: depth))
    }
    return .group(nodes, joiners)
  }

  /// marker_atom = WS? '(' marker ')' WS? | WS? marker_item WS?
  mutating func parseMarkerAtom(depth: Int) throws(SyntaxError) -> Marker.Node {
    consumeWhitespace()
    let node: Marker.Node
    if scalar(position) == "(" {
      if depth >= PEP508Tokenizer.maxNesting {
        throw fail("Marker expression is nested more than \(PEP508Tokenizer.maxNesting) levels deep")
      }
      let open = position
      position += 1
      node = try parseMarker(depth: depth + 1)
      guard take(")") else {
        throw fail(
          "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression", at: open)
      }
    } else {
      node = try parseMarkerItem()
    }
    consumeWhitespace()
    return node
  }

  /// marker_item = marker_var WS? marker_op WS? marker_var
  mutating func parseMarkerItem() throws(SyntaxError) -> Marker.Node {
    let lhs = try parseMarkerVar()
    consumeWhitespace()
    let op = try parseMarkerOp()
    consumeWhitespace()
    let rhs = try parseMarkerVar()
    return .comparison(lhs, op, rhs)
  }

  mutating func parseMarkerVar() throws(SyntaxError) -> Marker.Operand {
    if let name = matchVariable() { return .variable(name) }
    let start = position
    if let quote = scalar(position), quote == "'" || quote == "\"" {
      var end = position + 1
      while let c = scalar(end), c != quote { end += 1 }
      if end < source.count {
        position = end + 1
        let content = Array(source[(start + 1)..<end])
        guard let value = PEP508Tokenizer.pythonStringValue(content) else {
          throw fail("Invalid quoted string", at: start)
        }
        return .value(value)
      }
    }
    throw fail("Expected a marker variable or quoted string")
  }

  mutating func parseMarkerOp() throws(SyntaxError) -> Marker.Operator {
    if matchKeyword("in") { return .in }
    if matchKeyword("not") {
      guard consumeWhitespace() else { throw fail("Expected whitespace after 'not'") }
      guard matchKeyword("in") else { throw fail("Expected 'in' after 'not'") }
      return .notIn
    }
    for op in ["===", "==", "~=", "!=", "<=", ">=", "<", ">"] where take(op) {
      return Marker.Operator(rawValue: op)!
    }
    throw fail("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in")
  }

  /// The value of a Python string literal body (`ast.literal_eval`), or nil if Python rejects it.
  static func pythonStringValue(_ content: [Unicode.Scalar]) -> String? {
    func printable(_ c: Unicode.Scalar) -> Bool {
      if c == " " { return true }
      switch c.properties.generalCategory {
      case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
        .spaceSeparator:
        return false
      default: return true
      }
    }
    if !content.contains("\\") && content.allSatisfy(printable) {
      return String(String.UnicodeScalarView(content))
    }
    var out = String.UnicodeScalarView()
    var i = 0
    func hex(_ count: Int) -> UInt32? {
      guard i + count <= content.count else { return nil }
      var value: UInt32 = 0
      for k in 0..<count {
        guard let d = Int(String(content[i + k]), radix: 16) else { return nil }
        value = value * 16 + UInt32(d)
      }
      i += count
      return value
    }
    while i < content.count {
      let c = content[i]
      if c == "\n" || c == "\r" || c == "\0" { return nil }
      guard c == "\\" else {
        out.append(c)
        i += 1
        continue
      }
      i += 1
      guard i < content.count else { return nil }  // the backslash escapes the closing quote
      let e = content[i]
      i += 1
      switch e {
      case "\n": break
      case "\\", "'", "\"": out.append(e)
      case "a": out.append("\u{07}")
      case "b": out.append("\u{08}")
      case "f": out.append("\u{0C}")
      case "n": out.append("\n")
      case "r": out.append("\r")
      case "t": out.append("\t")
      case "v": out.append("\u{0B}")
      case "0"..."7":
        var value = e.value - 48
        var digits = 1
        while digits < 3, i < content.count, ("0"..."7").contains(content[i]) {
          value = value * 8 + content[i].value - 48
          i += 1
          digits += 1
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        out.append(scalar)
      case "x", "u", "U":
        guard let value = hex(e == "x" ? 2 : e == "u" ? 4 : 8), let scalar = Unicode.Scalar(value) else {
          return nil
        }
        out.append(scalar)
      case "N":
        return nil  // named escapes need the Unicode name database; treated as invalid here
      case "\r":
        return nil
      default:
        out.append("\\")
        out.append(e)
      }
    }
    return String(out)
  }
}

extension String {
  /// Replaces every occurrence of a literal (no Foundation).
  func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
    String(map { $0 == target ? replacement : $0 })
  }
}
