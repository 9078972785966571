import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

/// The typed vocabularies of a snapshot: the JSON strings stay as they were, closed vocabularies
/// refuse strings they do not know (naming the field), open ones keep them.
@Suite struct VocabularyTests {
  /// The canonical JSON of `snapshot` with `edit` applied to its tree.
  static func edited(_ snapshot: Snapshot, _ edit: (inout [String: JSONValue]) -> Void) throws -> [UInt8] {
    guard case .object(var members) = try CanonicalJSON.tree(snapshot) else {
      Issue.record("a snapshot is not a JSON object")
      return []
    }
    edit(&members)
    return CanonicalJSON.render(.object(members))
  }

  /// Replaces `key` of the first object in the array section `section`.
  static func setFirst(_ section: String, _ key: String, to value: String) -> (inout [String: JSONValue]) ->
    Void
  {
    { members in
      guard case .array(var items)? = members[section], case .object(var first)? = items.first else { return }
      first[key] = .string(value)
      items[0] = .object(first)
      members[section] = .array(items)
    }
  }

  @Test func theJSONSpellingsAreTheStringsWrittenBefore() throws {
    let snapshot = SampleSnapshots.full()
    let text = String(decoding: try CanonicalJSON.encode(snapshot), as: UTF8.self)
    for spelling in [
      "\"kind\": \"file\"", "\"kind\": \"symlink\"", "\"metadata_format\": \"dist-info\"",
      "\"metadata_format\": \"egg-info\"", "\"manager\": \"dpkg\"", "\"code\": \"metadata-not-utf8\"",
    ] {
      #expect(text.contains(spelling), "\(spelling)")
    }
  }

  struct ClosedCase: Sendable, CustomStringConvertible {
    var section: String
    var key: String
    var value: String
    /// The coding path the error names, and the words of its message.
    var path: String
    var message: String
    var description: String { "\(section).\(key) = \(value)" }
  }

  @Test(arguments: [
    ClosedCase(
      section: "data_files", key: "kind", value: "directory", path: "dataFiles.Index 0.kind",
      message: "Unknown data file kind `directory`; expected one of `file`, `symlink`"),
    ClosedCase(
      section: "python_packages", key: "metadata_format", value: "wheel",
      path: "pythonPackages.Index 0.metadataFormat",
      message: "Unknown metadata format `wheel`; expected one of `dist-info`, `egg-info`"),
  ])
  func closedVocabulariesRefuseUnknownValuesNamingTheField(_ c: ClosedCase) throws {
    let bytes = try Self.edited(SampleSnapshots.full(), Self.setFirst(c.section, c.key, to: c.value))
    do {
      _ = try CanonicalJSON.decode(Snapshot.self, from: bytes)
      Issue.record("decoded an unknown \(c.key)")
    } catch DecodingError.dataCorrupted(let context) {
      #expect(context.codingPath.map(\.stringValue).joined(separator: ".") == c.path)
      #expect(context.debugDescription == c.message)
    }
  }

  struct OpenCase: Sendable, CustomStringConvertible {
    var section: String
    var key: String
    var value: String
    var description: String { "\(section).\(key) = \(value)" }
  }

  @Test(arguments: [
    OpenCase(section: "system_packages", key: "manager", value: "pacman"),
    OpenCase(section: "warnings", key: "code", value: "added-by-a-newer-envlock"),
  ])
  func openVocabulariesKeepUnknownValuesByteForByte(_ c: OpenCase) throws {
    let bytes = try Self.edited(SampleSnapshots.full(), Self.setFirst(c.section, c.key, to: c.value))
    let snapshot = try CanonicalJSON.decode(Snapshot.self, from: bytes)
    switch c.section {
    case "system_packages": #expect(snapshot.systemPackages.first?.manager == .other(c.value))
    default: #expect(snapshot.warnings.first?.code == .other(c.value))
    }
    #expect(try CanonicalJSON.encode(snapshot) == bytes)
  }

  @Test func knownOpenValuesRoundTripToTheirOwnCase() {
    func check<V: OpenVocabulary>(_ type: V.Type) {
      let spellings = V.known.map(\.rawValue)
      #expect(Set(spellings).count == spellings.count, "\(V.self): a spelling is used twice")
      for value in V.known {
        let parsed = V(rawValue: value.rawValue)
        #expect(parsed == value)
        #expect(parsed.rawValue == value.rawValue)
      }
    }
    check(SystemPackage.Manager.self)
    check(CaptureWarning.Code.self)
    #expect(SystemPackage.Manager(rawValue: "dpkg") == .dpkg)
    #expect(CaptureWarning.Code(rawValue: "conda-prefix-foreign-package") == .condaPrefixForeignPackage)
    // Equal spellings are equal values, so a hand-built `.other` cannot drift from its case.
    #expect(SystemPackage.Manager.other("rpm") == .rpm)
    #expect(Set([SystemPackage.Manager.other("rpm"), .rpm]).count == 1)
  }

  @Test func everyWarningCodeIsKnownByItsSpelling() {
    // Each known code parses back to a case other than `.other`, so none is missing from `known`.
    for code in CaptureWarning.Code.known {
      if case .other = CaptureWarning.Code(rawValue: code.rawValue) {
        Issue.record("`\(code.rawValue)` parses as an unknown code")
      }
      #expect(code.rawValue.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(code.rawValue)")
    }
  }

  @Test(arguments: [
    ("pyproject.toml", ConfigFormat.toml), ("config/Settings.TOML", .toml), ("Pipfile", .toml),
    ("uv.lock", .toml), ("poetry.lock", .toml), ("Pipfile.lock", .json), ("app.json", .json),
    (".env", .env), (".env.production", .env), ("prod.env", .env), ("config/.env.local.toml", .env),
    ("environment.yml", .yaml), ("x.yaml", .yaml), ("@home/.condarc", .yaml), ("setup.cfg", .ini),
    ("pip.ini", .ini), ("@venv/pip.conf", .ini), (".pypirc", .ini), ("requirements.txt", .text),
    (".python-version", .text), ("gunicorn.conf.py", .text),
  ])
  func configFormatsAreToldByName(_ path: String, _ format: ConfigFormat) {
    #expect(ConfigFormat(path: path) == format)
  }
}
