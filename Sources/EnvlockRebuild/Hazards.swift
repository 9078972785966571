import EnvlockModel
import Foundation

/// Something the rebuild cannot reproduce exactly; it goes to REBUILD.md, stderr and `--json`, never dropped.
public struct Hazard: Codable, Hashable, Sendable {
  /// A stable identifier, for example `editable`, `no-record`, `unverified`.
  public var code: String
  /// The package, variable, file or value concerned.
  public var subject: String
  /// What is wrong, in one line.
  public var message: String
  /// What to do about it.
  public var action: String

  /// Creates a hazard.
  public init(code: String, subject: String, message: String, action: String) {
    self.code = code
    self.subject = subject
    self.message = message
    self.action = action
  }

  /// The one-line form used on stderr: `hazard[code] subject: message; do: action`.
  public var line: String {
    "hazard[\(code)]" + (subject.isEmpty ? "" : " \(subject)") + ": \(message); do: \(action)"
  }
}

/// Small helpers for URLs and paths found in snapshots.
enum URLText {
  /// The URL with any `user:password@` removed, and whether there was one.
  static func withoutCredentials(_ url: String) -> (String, Bool) {
    guard let scheme = url.range(of: "://") else { return (url, false) }
    let rest = url[scheme.upperBound...]
    let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
    let authority = rest[..<authorityEnd]
    guard let at = authority.lastIndex(of: "@") else { return (url, false) }
    return (String(url[..<scheme.upperBound]) + String(rest[rest.index(after: at)...]), true)
  }

  /// The local path of a `file://` URL (or the text unchanged).
  static func path(_ url: String) -> String {
    if url.hasPrefix("file://") { return String(url.dropFirst("file://".count)).removingPercentEncodingSafe }
    return url
  }

  /// The last path component.
  static func lastComponent(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }

  /// A conda channel's short name: `https://conda.anaconda.org/conda-forge` becomes `conda-forge`.
  static func channelName(_ channel: String) -> String {
    if channel.hasPrefix("https://conda.anaconda.org/")
      || channel.hasPrefix("https://repo.anaconda.com/pkgs/")
    {
      return lastComponent(channel)
    }
    return channel
  }
}

extension String {
  /// Percent-decoding without Foundation (only valid `%XX` sequences are decoded).
  var removingPercentEncodingSafe: String {
    var bytes: [UInt8] = []
    var utf8 = Array(self.utf8)[...]
    while let b = utf8.popFirst() {
      if b == UInt8(ascii: "%"), utf8.count >= 2,
        let v = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(v)
        utf8 = utf8.dropFirst(2)
      } else {
        bytes.append(b)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// The index packages are pinned against, and where that choice came from.
public struct IndexChoice: Hashable, Sendable {
  /// PyPI's simple API.
  public static let pypi = "https://pypi.org/simple"
  /// The index URL, credentials removed.
  public var url: String
  /// Where it came from, for REBUILD.md.
  public var origin: String
  /// Whether the URL is public enough to write as a build-argument default.
  public var isWritable: Bool
  /// Hazards found on the way (a redacted index URL).
  public var hazards: [Hazard]

  /// Chooses the index: `--index-url`, then PIP_INDEX_URL, then a recorded pip.conf, then PyPI.
  public static func choose(source: SnapshotSource, override: String?) -> IndexChoice {
    let snapshot = source.snapshot
    var hazards: [Hazard] = []
    func cleaned(_ url: String, _ origin: String) -> IndexChoice {
      let (clean, hadCredentials) = URLText.withoutCredentials(url)
      if hadCredentials {
        hazards.append(
          Hazard(
            code: "credentials-in-url", subject: "index URL",
            message: "the index URL (\(origin)) held credentials; they were removed from every output",
            action: "pass the credentials at build time with a secret mount or netrc, never a build argument")
        )
      }
      return IndexChoice(
        url: clean.hasSuffix("/") ? String(clean.dropLast()) : clean, origin: origin, isWritable: true,
        hazards: hazards)
    }
    if let override { return cleaned(override, "given with `--index-url`") }
    if let variable = snapshot.environment.first(where: { $0.name == "PIP_INDEX_URL" }) {
      if let value = variable.value { return cleaned(value, "PIP_INDEX_URL of the snapshot") }
      hazards.append(
        Hazard(
          code: "index-url-redacted", subject: "PIP_INDEX_URL",
          message:
            "the snapshot's index URL is a redacted secret, so the packages are pinned against PyPI's names",
          action: "pass `--index-url` (without credentials) and supply credentials at build time"))
      return IndexChoice(
        url: pypi, origin: "PIP_INDEX_URL is redacted; PyPI assumed", isWritable: true, hazards: hazards)
    }
    for file in snapshot.configFiles where URLText.lastComponent(file.path) == "pip.conf" {
      guard let content = source.configContents[file.path] else { continue }
      for line in String(decoding: content, as: UTF8.self).split(whereSeparator: \.isNewline) {
        let parts = line.split(separator: "=", maxSplits: 1)
        if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "index-url" {
          return cleaned(parts[1].trimmingCharacters(in: .whitespaces), "`index-url` of \(file.path)")
        }
      }
    }
    return IndexChoice(
      url: pypi, origin: "the snapshot names no other index", isWritable: true, hazards: hazards)
  }
}
