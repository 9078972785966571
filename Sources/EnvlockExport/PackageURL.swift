// Package URLs (purl-spec, github.com/package-url/purl-spec): `pkg:TYPE/NAMESPACE/NAME@VERSION?QUALIFIERS`.
// Every component is percent-encoded as the reference implementation (packageurl-python) does:
// everything but ASCII letters, digits, `.`, `-`, `_`, `~` and `:` becomes `%XX` of its UTF-8 bytes,
// so quotes, spaces, newlines and non-ASCII names still give a valid PURL. Names are normalized
// per type (pypi: lowercase, `_` → `-`; deb, apk: lowercase).

/// A package URL, built from its parts and rendered canonically.
public struct PackageURL: Sendable, Hashable, CustomStringConvertible {
  /// The package type, for example `pypi`, `deb`, `rpm`, `apk`, `conda`, `generic`.
  public var type: String
  /// The namespace (a distribution vendor such as `debian`), or nil.
  public var namespace: String?
  /// The name, normalized for the type.
  public var name: String
  /// The version, or nil.
  public var version: String?
  /// Qualifiers (`arch`, `distro`, ...); empty values are left out.
  public var qualifiers: [String: String]

  /// Creates a PURL; the name and namespace are normalized as the type's rules say.
  public init(
    type: String, namespace: String? = nil, name: String, version: String? = nil,
    qualifiers: [String: String] = [:]
  ) {
    let type = type.lowercased()
    self.type = type
    switch type {
    case "pypi":
      self.name = name.lowercased().replacing("_", with: "-")
      self.namespace = namespace
    case "deb", "apk", "alpm":
      self.name = name.lowercased()
      self.namespace = namespace?.lowercased()
    case "rpm":
      self.name = name
      self.namespace = namespace?.lowercased()
    default:
      self.name = name
      self.namespace = namespace
    }
    self.version = version
    self.qualifiers = qualifiers.filter { !$0.value.isEmpty }
  }

  /// The canonical string: components percent-encoded, qualifiers sorted by key.
  public var description: String {
    var out = "pkg:\(type)/"
    if let namespace, !namespace.isEmpty {
      out +=
        namespace.split(separator: "/").map { PackageURL.encode(String($0)) }.joined(separator: "/") + "/"
    }
    out += PackageURL.encode(name)
    if let version, !version.isEmpty { out += "@" + PackageURL.encode(version) }
    if !qualifiers.isEmpty {
      out += "?"
      out += qualifiers.keys.sorted().map { "\($0.lowercased())=\(PackageURL.encode(qualifiers[$0]!))" }
        .joined(separator: "&")
    }
    return out
  }

  /// Percent-encodes a PURL component: ASCII letters, digits, `.-_~:` stay; every other UTF-8 byte
  /// becomes `%XX` (uppercase hex).
  public static func encode(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
        UInt8(ascii: "~"), UInt8(ascii: ":"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        out += "%"
        out.unicodeScalars.append(hex[Int(byte >> 4)])
        out.unicodeScalars.append(hex[Int(byte & 0xF)])
      }
    }
    return out
  }
}
