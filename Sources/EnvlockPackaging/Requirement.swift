// PEP 508 dependency specifiers: `name[extras] specifier ; marker` or `name[extras] @ url ; marker`,
// parsed with the grammar and error behaviour of `packaging.requirements.Requirement` (26.4).

/// A parsed dependency specifier, such as `requests[socks]>=2.8.1 ; python_version < "3.11"`.
public struct Requirement: Sendable, Hashable, CustomStringConvertible {
  /// The project name as written.
  public let nameAsWritten: String
  /// The normalized project name.
  public var name: PackageName { PackageName(normalizing: nameAsWritten) }
  /// The extras as written, sorted by code point and de-duplicated.
  public let extras: [String]
  /// The version specifiers (empty when a URL is given or none are written).
  public let specifier: SpecifierSet
  /// The direct reference after `@`, if any.
  public let url: String?
  /// The environment marker after `;`, if any.
  public let marker: Marker?

  /// Parses a PEP 508 dependency specifier.
  public init(_ text: String) throws(PackagingError) {
    var t = PEP508Tokenizer(text)
    do throws(PEP508Tokenizer.SyntaxError) {
      t.consumeWhitespace()
      guard let name = t.matchIdentifier() else {
        throw t.fail("Expected package name at the start of dependency specifier")
      }
      t.consumeWhitespace()
      let extras = try Requirement.parseExtras(&t)
      var url: String?
      var specifierText = ""
      var parsedSet: SpecifierSet?
      var marker: Marker.Node?
      if t.take("@") {
        t.consumeWhitespace()
        let urlStart = t.position
        while let c = t.scalar(t.position), !isPythonWhitespace(c) { t.position += 1 }
        guard t.position > urlStart else { throw t.fail("Expected URL after @") }
        url = String(String.UnicodeScalarView(t.source[urlStart..<t.position]))
        if !t.atEnd {
          guard t.consumeWhitespace() else { throw t.fail("Expected whitespace after URL") }
          if !t.atEnd {
            marker = try Requirement.parseRequirementMarker(
              &t, spanStart: urlStart, expected: "semicolon (after URL and whitespace)")
          }
        }
      } else {
        let specifierStart = t.position
        let parsed = try Requirement.parseSpecifier(&t)
        specifierText = parsed.text
        parsedSet = parsed.set
        if !t.atEnd {
          let empty = parsed.set.map(\.isEmpty) ?? parsed.text.isEmpty
          marker = try Requirement.parseRequirementMarker(
            &t, spanStart: specifierStart,
            expected: empty
              ? "semicolon (after name with no version specifier)"
              : "comma (within version specifier), semicolon (after version specifier)")
        }
      }
      try t.expectEnd("end of dependency specifier")
      self.nameAsWritten = name
      var seen = Set<[Unicode.Scalar]>()
      self.extras = extras.filter { seen.insert(Array($0.unicodeScalars)).inserted }.sorted(by: codePointLess)
      self.url = url?.isEmpty == true ? nil : url
      if let parsedSet {
        self.specifier = parsedSet
      } else {
        do {
          self.specifier = try SpecifierSet(specifierText)
        } catch {
          throw PEP508Tokenizer.SyntaxError(message: "invalid specifier `\(specifierText)`", position: 0)
        }
      }
      self.marker = marker.map { Marker(root: $0) }
    } catch {
      throw .invalidRequirement(text, reason: error.message, position: error.position)
    }
  }

  /// extras = ('[' WS? extras_list? WS? ']')?
  static func parseExtras(_ t: inout PEP508Tokenizer) throws(PEP508Tokenizer.SyntaxError) -> [String] {
    guard t.scalar(t.position) == "[" else { return [] }
    let open = t.position
    t.position += 1
    t.consumeWhitespace()
    var extras: [String] = []
    if let first = t.matchIdentifier() {
      extras.append(first)
      while true {
        t.consumeWhitespace()
        var probe = t
        if probe.matchIdentifier() != nil { throw t.fail("Expected comma between extra names") }
        guard t.take(",") else { break }
        t.consumeWhitespace()
        guard let extra = t.matchIdentifier() else { throw t.fail("Expected extra name after comma") }
        extras.append(extra)
      }
    }
    t.consumeWhitespace()
    guard t.take("]") else {
      throw t.fail("Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras", at: open)
    }
    t.consumeWhitespace()
    return extras
  }

  /// specifier = '(' WS? version_many WS? ')' WS? | version_many
  static func parseSpecifier(
    _ t: inout PEP508Tokenizer
  ) throws(PEP508Tokenizer.SyntaxError) -> (text: String, set: SpecifierSet?) {
    guard t.scalar(t.position) == "(" else { return try parseVersionMany(&t) }
    let open = t.position
    t.position += 1
    t.consumeWhitespace()
    let result = try parseVersionMany(&t)
    guard t.take(")") else {
      throw t.fail(
        "Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier", at: open)
    }
    t.consumeWhitespace()
    return result
  }

  /// version_many: the whole list in one pass when possible, else specifier by specifier.
  static func parseVersionMany(
    _ t: inout PEP508Tokenizer
  ) throws(PEP508Tokenizer.SyntaxError) -> (text: String, set: SpecifierSet?) {
    if t.atEnd { return ("", nil) }
    // SPECIFIER_LIST: [\t\x20-\x28\x2a-\x3a\x3c-\x7e]* followed by `;`, `)` or the end.
    var end = t.position
    while let c = t.scalar(end), c == "\t" || (c.value >= 0x20 && c.value <= 0x7E && c != ")" && c != ";") {
      end += 1
    }
    if end > t.position && (end == t.source.count || t.source[end] == ";" || t.source[end] == ")") {
      let text = String(String.UnicodeScalarView(t.source[t.position..<end]))
      if let set = try? SpecifierSet(text) {
        let commas = text.unicodeScalars.filter { $0 == "," }.count
        var trimmed = Substring(text)
        while let last = trimmed.last, last == " " || last == "\t" { trimmed = trimmed.dropLast() }
        if set.specifiers.count == commas + 1
          || (!set.isEmpty && set.specifiers.count == commas && trimmed.hasSuffix(","))
        {
          t.position = end
          return (text, set)
        }
      }
    }
    var parsed = ""
    while true {
      let start = t.position
      guard let specEnd = specifierTokenEnd(t) else { break }
      let spec = String(String.UnicodeScalarView(t.source[start..<specEnd]))
      t.position = specEnd
      parsed += spec
      if t.startsWith(".*", at: t.position) {
        let op = spec.hasPrefix("!=") || (spec.hasPrefix("==") && !spec.hasPrefix("==="))
        throw t.fail(
          op
            ? ".* suffix cannot be used with pre-release, post-release, dev or local versions"
            : ".* suffix can only be used with `==` or `!=` operators", at: start)
      }
      if t.scalar(t.position) == "+", let c = t.scalar(t.position + 1), c.value < 0x80,
        isASCIIAlphanumeric(UInt8(c.value)) && !(c.value >= 0x41 && c.value <= 0x5A)
      {
        throw t.fail("Local version label can only be used with `==` or `!=` operators", at: start)
      }
      t.consumeWhitespace()
      guard t.take(",") else { break }
      parsed += ","
      t.consumeWhitespace()
    }
    return (parsed, nil)
  }

  /// Where the `SPECIFIER` token (the specifier regex, not anchored) starting here ends.
  static func specifierTokenEnd(_ t: PEP508Tokenizer) -> Int? {
    // The specifier grammar is ASCII apart from whitespace; scan the UTF-8 of the rest.
    var rest = String(String.UnicodeScalarView(t.source[t.position...]))
    return rest.withUTF8 { buffer -> Int? in
      var scanner = VersionScanner(buffer)
      guard Specifier.scan(&scanner) != nil else { return nil }
      // Convert the UTF-8 offset back to a scalar offset.
      let consumed = String(
        decoding: UnsafeBufferPointer(rebasing: buffer[0..<scanner.position]), as: UTF8.self)
      return t.position + consumed.unicodeScalars.count
    }
  }

  /// requirement_marker = ';' marker
  static func parseRequirementMarker(
    _ t: inout PEP508Tokenizer, spanStart: Int, expected: String
  ) throws(PEP508Tokenizer.SyntaxError) -> Marker.Node {
    guard t.take(";") else { throw t.fail("Expected \(expected) or end", at: spanStart) }
    return try t.parseMarker(depth: 0)
  }

  /// The normalized text (`packaging`'s `str(requirement)`); fails only for an unquotable marker value.
  public func serialized() throws(PackagingError) -> String {
    var out = nameAsWritten
    if !extras.isEmpty { out += "[" + extras.joined(separator: ",") + "]" }
    out += specifier.description
    if let url {
      out += " @ " + url
      if marker != nil { out += " " }
    }
    if let marker { out += "; " + (try marker.serialized()) }
    return out
  }

  /// The normalized text.
  public var description: String { (try? serialized()) ?? nameAsWritten }

  /// Equality as `packaging` defines it: normalized name and extras, equal specifiers, URL and marker.
  public static func == (lhs: Requirement, rhs: Requirement) -> Bool {
    lhs.name == rhs.name
      && Set(lhs.extras.map(PackageName.normalize)) == Set(rhs.extras.map(PackageName.normalize))
      && lhs.specifier == rhs.specifier && lhs.url == rhs.url && lhs.marker == rhs.marker
  }

  /// Hashes consistently with `==`.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(name)
    hasher.combine(Set(extras.map(PackageName.normalize)))
    hasher.combine(specifier)
    hasher.combine(url)
    hasher.combine(marker)
  }

  /// Whether the requirement applies in an environment (no marker means always), for the given extras.
  public func applies(
    in environment: some MarkerVariables, extras: Set<String> = [], context: MarkerContext = .metadata
  ) throws(PackagingError) -> Bool {
    guard let marker else { return true }
    return try marker.evaluate(environment, extra: extras.isEmpty ? nil : .set(extras), context: context)
  }
}
