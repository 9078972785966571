// A reference to an artifact in an OCI registry, as the command line takes it:
// `oci://HOST[:PORT]/REPOSITORY[:TAG][@sha256:DIGEST]`. The repository and tag grammars are the
// OCI distribution spec's (`[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*` per path component, tags
// `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`); only sha256 digests are accepted.

import EnvlockModel

/// A parsed `oci://` reference: the registry host, the repository and a tag or a digest.
public struct RegistryReference: Sendable, Hashable, CustomStringConvertible {
  /// The scheme that marks a registry reference on the command line.
  public static let scheme = "oci://"

  /// The registry host, with its port when one was given (`localhost:5000`, `[::1]:5000`).
  public let host: String
  /// The repository path (`team/envs`).
  public let repository: String
  /// The tag, when the reference names one.
  public let tag: String?
  /// The manifest digest, when the reference names one (it wins over the tag when pulling).
  public let digest: EnvlockModel.Digest?

  /// True when `text` starts with `oci://`: the caller should parse it instead of opening a file.
  public static func isReference(_ text: String) -> Bool { text.hasPrefix(scheme) }

  /// Parses `oci://HOST[:PORT]/REPOSITORY[:TAG][@sha256:HEX]`; a reference must name a tag or a
  /// digest, and may not carry credentials.
  public init(parsing text: String) throws(RegistryError) {
    guard text.hasPrefix(Self.scheme) else {
      throw .invalidReference(reference: text, reason: "it does not start with `oci://`")
    }
    var rest = Substring(text.dropFirst(Self.scheme.count))
    guard let slash = rest.firstIndex(of: "/") else {
      throw .invalidReference(reference: text, reason: "no repository after the host")
    }
    let host = String(rest[..<slash])
    if host.contains("@") {
      throw .credentialsInReference(reference: Self.masked(text))
    }
    try Self.checkHost(host, reference: text)
    rest = rest[rest.index(after: slash)...]
    var digest: EnvlockModel.Digest?
    if let at = rest.firstIndex(of: "@") {
      let digestText = rest[rest.index(after: at)...]
      guard OCIDigest.isValid(String(digestText)),
        let parsed = EnvlockModel.Digest(hex: String(digestText.dropFirst(7)))
      else {
        throw .invalidReference(
          reference: text, reason: "the digest is not `sha256:` and 64 lowercase hex digits: \(digestText)")
      }
      digest = parsed
      rest = rest[..<at]
    }
    var tag: String?
    if let colon = rest.lastIndex(of: ":"), !rest[colon...].contains("/") {
      tag = String(rest[rest.index(after: colon)...])
      rest = rest[..<colon]
    }
    let repository = String(rest)
    try Self.checkRepository(repository, reference: text)
    if let tag, !Self.isValidTag(tag) {
      throw .invalidReference(
        reference: text,
        reason:
          "the tag is not 1 to 128 letters, digits, `_`, `.` or `-` (not starting with `.` or `-`): \(tag)")
    }
    if tag == nil && digest == nil {
      throw .invalidReference(
        reference: text, reason: "it names no tag (`:TAG`) and no digest (`@sha256:...`)")
    }
    self.host = host
    self.repository = repository
    self.tag = tag
    self.digest = digest
  }

  /// Creates a reference from parts that are already valid (the same repository with another tag
  /// or digest).
  public init(host: String, repository: String, tag: String?, digest: EnvlockModel.Digest?) {
    self.host = host
    self.repository = repository
    self.tag = tag
    self.digest = digest
  }

  /// The reference as the command line writes it.
  public var description: String {
    var text = "\(Self.scheme)\(host)/\(repository)"
    if let tag { text += ":\(tag)" }
    if let digest { text += "@sha256:\(digest.hex)" }
    return text
  }

  /// The tag or digest the manifest is addressed by (`/v2/<name>/manifests/<reference>`); the
  /// digest wins when both are given.
  public var manifestReference: String {
    if let digest { return "sha256:\(digest.hex)" }
    return tag ?? "latest"
  }

  /// The same repository pinned to a manifest digest.
  public func pinned(to digest: EnvlockModel.Digest) -> RegistryReference {
    RegistryReference(host: host, repository: repository, tag: nil, digest: digest)
  }

  /// True for `localhost` and loopback addresses (127.0.0.0/8, `[::1]`), with or without a port.
  public var isLoopback: Bool {
    let name = hostName
    return name == "localhost" || name == "::1" || name.hasPrefix("127.")
  }

  /// The host without its port and without IPv6 brackets.
  public var hostName: String {
    if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
      return String(host[host.index(after: host.startIndex)..<close])
    }
    return String(host.prefix { $0 != ":" })
  }

  /// `text` with anything between `oci://` and an `@` before the first `/` replaced, so a
  /// password typed into a reference is never echoed.
  static func masked(_ text: String) -> String {
    guard text.hasPrefix(scheme) else { return text }
    let rest = text.dropFirst(scheme.count)
    let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
    guard let at = rest[..<hostEnd].lastIndex(of: "@") else { return text }
    return scheme + "***" + rest[at...]
  }

  private static func checkHost(_ host: String, reference: String) throws(RegistryError) {
    var name = Substring(host)
    var port: Substring?
    if name.hasPrefix("[") {
      guard let close = name.firstIndex(of: "]") else {
        throw .invalidReference(reference: reference, reason: "the IPv6 host has no closing `]`")
      }
      let after = name[name.index(after: close)...]
      if !after.isEmpty {
        guard after.hasPrefix(":") else {
          throw .invalidReference(
            reference: reference, reason: "unexpected text after the IPv6 host: \(after)")
        }
        port = after.dropFirst()
      }
      name = name[name.index(after: name.startIndex)..<close]
      guard !name.isEmpty, name.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
        throw .invalidReference(reference: reference, reason: "the host is not an IPv6 address: \(host)")
      }
    } else {
      if let colon = name.firstIndex(of: ":") {
        port = name[name.index(after: colon)...]
        name = name[..<colon]
      }
      guard !name.isEmpty,
        name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }),
        !name.hasPrefix("."), !name.hasPrefix("-")
      else {
        throw .invalidReference(
          reference: reference,
          reason: "the host is not a host name or address: \(host.isEmpty ? "(empty)" : host)")
      }
    }
    if let port {
      guard let number = Int(port), (1...65535).contains(number), port.allSatisfy(\.isASCII) else {
        throw .invalidReference(
          reference: reference, reason: "the port is not a number from 1 to 65535: \(port)")
      }
    }
  }

  private static func checkRepository(_ repository: String, reference: String) throws(RegistryError) {
    guard !repository.isEmpty else {
      throw .invalidReference(reference: reference, reason: "the repository is empty")
    }
    guard repository.utf8.count <= 255 else {
      throw .invalidReference(reference: reference, reason: "the repository is longer than 255 characters")
    }
    for component in repository.split(separator: "/", omittingEmptySubsequences: false)
    where !isValidComponent(component) {
      throw .invalidReference(
        reference: reference,
        reason:
          "repository path components are lowercase letters and digits, joined by `.`, `_`, `__` or dashes: \(component.isEmpty ? "(empty)" : String(component))"
      )
    }
  }

  /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
  static func isValidComponent(_ component: Substring) -> Bool {
    let bytes = Array(component.utf8)
    func isAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
    var i = 0
    guard let first = bytes.first, isAlnum(first) else { return false }
    while i < bytes.count {
      while i < bytes.count, isAlnum(bytes[i]) { i += 1 }
      if i == bytes.count { return true }
      // A separator: `.`, `_`, `__` or one or more `-`, then more letters or digits.
      switch bytes[i] {
      case UInt8(ascii: "."): i += 1
      case UInt8(ascii: "_"): i += (i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "_")) ? 2 : 1
      case UInt8(ascii: "-"): while i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
      default: return false
      }
      guard i < bytes.count, isAlnum(bytes[i]) else { return false }
    }
    return true
  }

  /// `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`
  static func isValidTag(_ tag: String) -> Bool {
    let bytes = Array(tag.utf8)
    guard (1...128).contains(bytes.count) else { return false }
    func isWord(_ b: UInt8) -> Bool {
      (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
        || b == UInt8(ascii: "_")
    }
    guard isWord(bytes[0]) else { return false }
    return bytes.dropFirst().allSatisfy { isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
  }
}
