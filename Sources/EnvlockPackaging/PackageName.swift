// Project names, normalized as PEP 503 says (`re.sub(r"[-_.]+", "-", name).lower()`) and
// validated against the core metadata `Name` rule. Matches `packaging.utils.canonicalize_name`.

/// A normalized project (or extra) name: compare these, never raw strings.
public struct PackageName: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The PEP 503 normalized form, for example `scikit-learn` for `Scikit_Learn`.
  public let normalized: String

  /// Validates a name (ASCII letters, digits, `.`, `_`, `-`, alphanumeric at both ends) and normalizes it.
  public init(_ name: String) throws(PackagingError) {
    guard PackageName.isValid(name) else { throw .invalidName(name) }
    self.normalized = PackageName.normalize(name)
  }

  /// Normalizes without validating, for names a grammar has already admitted (PEP 508, wheel filenames).
  public init(normalizing name: String) {
    self.normalized = PackageName.normalize(name)
  }

  /// The normalized text.
  public var description: String { normalized }

  /// The order described on the type.
  public static func < (lhs: PackageName, rhs: PackageName) -> Bool {
    codePointLess(lhs.normalized, rhs.normalized)
  }

  /// Lowercases and replaces every run of `-`, `_` and `.` with one `-` (PEP 503).
  public static func normalize(_ name: String) -> String {
    // Python lowercases with full Unicode case mapping; so does Swift's `lowercased()`.
    let source = name.utf8.contains { $0 >= 0x80 } ? name.lowercased() : name
    var out = String.UnicodeScalarView()
    var lastWasSeparator = false
    for scalar in source.unicodeScalars {
      switch scalar {
      case "-", "_", ".":
        if !lastWasSeparator { out.append("-") }
        lastWasSeparator = true
      case "A"..."Z":
        out.append(Unicode.Scalar(scalar.value + 32)!)
        lastWasSeparator = false
      default:
        out.append(scalar)
        lastWasSeparator = false
      }
    }
    return String(out)
  }

  /// Whether a name satisfies the core metadata rule `[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9]` (any case).
  public static func isValid(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard let first = bytes.first, let last = bytes.last else { return false }
    guard isASCIIAlphanumeric(first), isASCIIAlphanumeric(last) else { return false }
    return bytes.allSatisfy {
      isASCIIAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
    }
  }
}

@inline(__always)
func isASCIIAlphanumeric(_ c: UInt8) -> Bool {
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
}

/// Orders strings by Unicode code points, as Python's `<` on `str` does.
func codePointLess(_ a: String, _ b: String) -> Bool {
  var ia = a.unicodeScalars.makeIterator()
  var ib = b.unicodeScalars.makeIterator()
  while true {
    switch (ia.next(), ib.next()) {
    case (nil, nil): return false
    case (nil, _): return true
    case (_, nil): return false
    case (let x?, let y?): if x != y { return x.value < y.value }
    }
  }
}

/// Python's `str.isspace()` set, which is also what `\s` matches in a `str` pattern.
func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.value {
  case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
    return true
  default:
    return false
  }
}

/// Python's `str.strip()` with no arguments.
func pythonStrip(_ text: String) -> String {
  let scalars = text.unicodeScalars
  guard let start = scalars.firstIndex(where: { !isPythonWhitespace($0) }) else { return "" }
  let end = scalars.lastIndex(where: { !isPythonWhitespace($0) })!
  return String(scalars[start...end])
}

/// Python's `\w` for `str` patterns: Unicode letters and numbers, and `_`.
func isPythonWordScalar(_ scalar: Unicode.Scalar) -> Bool {
  if scalar.value < 0x80 {
    let c = UInt8(scalar.value)
    return isASCIIAlphanumeric(c) || c == UInt8(ascii: "_")
  }
  switch scalar.properties.generalCategory {
  case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
    .decimalNumber, .letterNumber, .otherNumber:
    return true
  default:
    return false
  }
}
