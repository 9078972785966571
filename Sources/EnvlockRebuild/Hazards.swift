import EnvlockArchive
import EnvlockFileIO
import EnvlockModel
import EnvlockRedaction
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

  /// Creates a hazard; each text is kept on one line (`\n` and other control characters escaped),
  /// since snapshot values end up in them.
  public init(code: String, subject: String, message: String, action: String) {
    self.code = OutputText.line(code)
    self.subject = OutputText.line(subject)
    self.message = OutputText.line(message)
    self.action = OutputText.line(action)
  }

  /// The one-line form used on stderr: `hazard[code] subject: message; do: action`.
  public var line: String {
    "hazard[\(code)]" + (subject.isEmpty ? "" : " \(subject)") + ": \(message); do: \(action)"
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
  public static func choose(source: SnapshotFile, override: String?) -> IndexChoice {
    let snapshot = source.snapshot
    var hazards: [Hazard] = []
    func cleaned(_ url: String, _ origin: String) -> IndexChoice {
      let (clean, hadCredentials) = URLMasking.withoutCredentials(url)
      guard ValueGrammar.isURL(clean) else {
        hazards.append(
          .unrepresentable(
            field: "index URL (\(origin))", value: clean,
            rule: "a URL without spaces, quotes or control characters",
            consequence: "the packages are pinned against PyPI's names"))
        return IndexChoice(
          url: pypi, origin: "the index URL (\(origin)) cannot be written; PyPI assumed", isWritable: true,
          hazards: hazards)
      }
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
    for file in snapshot.configFiles where lastComponent(file.path) == "pip.conf" {
      guard let content = source.configContents[file.path] else { continue }
      for line in String(decoding: content, as: UTF8.self).split(whereSeparator: \.isNewline) {
        let parts = line.split(separator: "=", maxSplits: 1)
        if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "index-url" {
          return cleaned(
            parts[1].trimmingCharacters(in: .whitespaces), "`index-url` of \(OutputText.markdown(file.path))")
        }
      }
    }
    return IndexChoice(
      url: pypi, origin: "the snapshot names no other index", isWritable: true, hazards: hazards)
  }
}
