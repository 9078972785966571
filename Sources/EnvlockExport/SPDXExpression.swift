// Licences as SPDX licence expressions (SPDX 2.3 Annex D): the declared `License-Expression` parsed
// and re-rendered with canonical identifiers, a `License` value or a licence classifier mapped to
// an identifier where the mapping is unambiguous. Identifiers not on the SPDX licence list become
// `LicenseRef-` references whose text the SBOM carries.

import EnvlockModel

/// A licence expression checked against the SPDX licence list.
struct SPDXExpression: Hashable, Sendable {
  /// The expression with canonical identifiers and uppercase operators, for example
  /// `MIT OR Apache-2.0`; unlisted identifiers as `LicenseRef-...`.
  let text: String
  /// The `LicenseRef-` references it uses, with the text each stands for.
  let references: [LicenseReference]

  /// Canonical licence identifiers by their lowercased spelling.
  static let licenses: [String: String] = Dictionary(
    uniqueKeysWithValues: SPDXLicenseList.licenses.map { ($0.lowercased(), $0) })
  /// Canonical exception identifiers by their lowercased spelling.
  static let exceptions: [String: String] = Dictionary(
    uniqueKeysWithValues: SPDXLicenseList.exceptions.map { ($0.lowercased(), $0) })

  /// The canonical spelling of a listed licence identifier, or nil.
  static func listed(_ id: String) -> String? { licenses[id.lowercased()] }

  /// Parses an expression: nil when it is not valid SPDX syntax (or uses an unlisted exception).
  static func parse(_ text: String) -> SPDXExpression? {
    var tokens = tokenize(text)[...]
    guard !tokens.isEmpty else { return nil }
    var references: [LicenseReference] = []
    guard let rendered = expression(&tokens, &references, depth: 0), tokens.isEmpty else { return nil }
    return SPDXExpression(text: rendered, references: references)
  }

  /// One identifier (listed, or kept as a `LicenseRef-`), for a value that names one licence.
  static func single(_ name: String, text: String) -> SPDXExpression {
    if let id = listed(name) { return SPDXExpression(text: id, references: []) }
    let ref = LicenseReference(name: name, text: text)
    return SPDXExpression(text: ref.id, references: [ref])
  }

  private static func tokenize(_ text: String) -> [String] {
    var out: [String] = []
    var word = ""
    for ch in text {
      if ch == "(" || ch == ")" || ch.isWhitespace {
        if !word.isEmpty { out.append(word) }
        word = ""
        if !ch.isWhitespace { out.append(String(ch)) }
      } else {
        word.append(ch)
      }
    }
    if !word.isEmpty { out.append(word) }
    return out
  }

  /// expression := term ((AND | OR) term)*
  private static func expression(
    _ tokens: inout ArraySlice<String>, _ refs: inout [LicenseReference], depth: Int
  ) -> String? {
    guard depth < 32, var out = term(&tokens, &refs, depth: depth) else { return nil }
    while let op = tokens.first?.uppercased(), op == "AND" || op == "OR" {
      tokens.removeFirst()
      guard let next = term(&tokens, &refs, depth: depth) else { return nil }
      out += " \(op) \(next)"
    }
    return out
  }

  /// term := "(" expression ")" | licence ["+"] [WITH exception]
  private static func term(
    _ tokens: inout ArraySlice<String>, _ refs: inout [LicenseReference], depth: Int
  ) -> String? {
    guard let first = tokens.popFirst() else { return nil }
    if first == "(" {
      guard let inner = expression(&tokens, &refs, depth: depth + 1), tokens.popFirst() == ")" else {
        return nil
      }
      return "(\(inner))"
    }
    guard isIdentifier(first), !["AND", "OR", "WITH"].contains(first.uppercased()) else { return nil }
    var id = first
    var plus = ""
    if id.hasSuffix("+") {
      id.removeLast()
      plus = "+"
    }
    let license: String
    if let known = listed(id) {
      license = known + plus
    } else if id.hasPrefix("LicenseRef-"), !id.dropFirst("LicenseRef-".count).isEmpty, plus.isEmpty {
      let ref = LicenseReference(id: id, name: id, text: id)
      refs.append(ref)
      license = id
    } else {
      let ref = LicenseReference(name: id + plus, text: id + plus)
      refs.append(ref)
      license = ref.id
    }
    if tokens.first?.uppercased() == "WITH" {
      tokens.removeFirst()
      guard let e = tokens.popFirst(), let exception = exceptions[e.lowercased()] else { return nil }
      return "\(license) WITH \(exception)"
    }
    return license
  }

  /// `idstring` of the SPDX grammar: letters, digits, `.` and `-`, with an optional trailing `+`.
  private static func isIdentifier(_ s: String) -> Bool {
    let body = s.hasSuffix("+") ? s.dropLast() : Substring(s)
    return !body.isEmpty
      && body.unicodeScalars.allSatisfy {
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-")
      }
  }
}

/// A licence that is not on the SPDX list, named in an expression as `LicenseRef-<id>`.
struct LicenseReference: Hashable, Sendable {
  /// `LicenseRef-` followed by letters, digits, `.` and `-` only.
  let id: String
  /// A short name for it.
  let name: String
  /// What the metadata said.
  let text: String

  /// A reference for `name`, its identifier made of the name's letters and digits.
  init(name: String, text: String) {
    var body = ""
    for scalar in name.unicodeScalars {
      let ok =
        scalar.isASCII
        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-")
      if ok {
        body.unicodeScalars.append(scalar)
      } else if !body.hasSuffix("-") {
        body += "-"
      }
    }
    while body.hasSuffix("-") { body.removeLast() }
    while body.hasPrefix("-") { body.removeFirst() }
    self.init(id: "LicenseRef-" + (body.isEmpty ? "unnamed" : body), name: name, text: text)
  }

  /// A reference with an explicit identifier.
  init(id: String, name: String, text: String) {
    self.id = id
    self.name = name
    self.text = text
  }
}

/// Trove licence classifiers with one SPDX identifier each; the others (`BSD License`, `Apache
/// Software License`, ...) do not say which version or variant, and are kept by name.
enum LicenseClassifiers {
  /// The last part of the classifier (after the final `::`) → SPDX identifier.
  static let table: [String: String] = [
    "MIT License": "MIT",
    "MIT No Attribution License (MIT-0)": "MIT-0",
    "GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
    "GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
    "GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
    "GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
    "GNU Lesser General Public License v2 (LGPLv2)": "LGPL-2.0-only",
    "GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
    "GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
    "GNU Affero General Public License v3": "AGPL-3.0-only",
    "GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "ISC License (ISCL)": "ISC",
    "Python Software Foundation License": "PSF-2.0",
    "The Unlicense (Unlicense)": "Unlicense",
    "Boost Software License 1.0 (BSL-1.0)": "BSL-1.0",
    "Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
    "European Union Public Licence 1.2 (EUPL 1.2)": "EUPL-1.2",
    "zlib/libpng License": "Zlib",
    "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "CC0-1.0",
    "Universal Permissive License (UPL)": "UPL-1.0",
    "Historical Permission Notice and Disclaimer (HPND)": "HPND",
  ]

  /// The SPDX identifier of a classifier, or nil when it names no single licence.
  static func identifier(_ classifier: String) -> String? {
    guard let last = classifier.split(separator: "::").last else { return nil }
    return table[last.trimmingSpaces()]
  }
}

extension Substring {
  /// Without leading and trailing spaces.
  func trimmingSpaces() -> String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
