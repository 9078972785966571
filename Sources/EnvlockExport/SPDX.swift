// SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/) of a snapshot: one package per component,
// the environment as the described package, CONTAINS and DEPENDS_ON relationships. The namespace
// is derived from the snapshot digest and the creation time is the capture time, so the same
// snapshot always gives the same bytes.

import EnvlockModel

/// Writes a snapshot as an SPDX 2.3 JSON document.
enum SPDXWriter {
  static func document(_ snapshot: Snapshot, digest: Digest, toolVersion: String) -> JSONValue {
    let inventory = Inventory(snapshot)
    let created = snapshot.capture.time.rfc3339
    let tool = "Tool: envlock-\(toolVersion)"
    var ids = SPDXIdentifiers()
    let rootID = "SPDXRef-Environment"
    ids.reserve(rootID)
    var packages: [JSONValue] = [
      .object([
        "SPDXID": .string(rootID), "name": .string(inventory.rootName),
        "downloadLocation": .string("NOASSERTION"), "filesAnalyzed": .bool(false),
        "primaryPackagePurpose": .string("APPLICATION"),
        "comment": .string(
          "The Python environment envlock captured on \(snapshot.capture.hostName) at \(created) (snapshot sha256:\(digest.hex))"
        ),
      ])
    ]
    var relationships: [JSONValue] = [relationship("SPDXRef-DOCUMENT", "DESCRIBES", rootID)]
    var refToID: [String: String] = [:]
    var extracted: [String: LicenseReference] = [:]
    for c in inventory.components {
      let id = ids.make(c)
      refToID[c.ref] = id
      packages.append(package(c, id: id, created: created, tool: tool, extracted: &extracted))
      relationships.append(relationship(rootID, "CONTAINS", id))
    }
    for root in inventory.rootDependencies {
      relationships.append(relationship(rootID, "DEPENDS_ON", refToID[root]!))
    }
    for c in inventory.components {
      for target in inventory.dependencies[c.ref] ?? [] {
        relationships.append(relationship(refToID[c.ref]!, "DEPENDS_ON", refToID[target]!))
      }
    }
    var doc: [String: JSONValue] = [
      "spdxVersion": .string("SPDX-2.3"),
      "dataLicense": .string("CC0-1.0"),
      "SPDXID": .string("SPDXRef-DOCUMENT"),
      "name": .string("envlock snapshot of \(inventory.rootName)"),
      "documentNamespace": .string("https://spdx.org/spdxdocs/envlock-\(digest.hex)"),
      "creationInfo": .object([
        "created": .string(created), "creators": .array([.string(tool)]),
        "comment": .string("Exported from envlock snapshot sha256:\(digest.hex)"),
      ]),
      "packages": .array(packages),
      "relationships": .array(relationships),
    ]
    if !extracted.isEmpty {
      doc["hasExtractedLicensingInfos"] = .array(
        extracted.keys.sorted(by: bytewise).map { key in
          let r = extracted[key]!
          return .object([
            "licenseId": .string(r.id), "name": .string(r.name),
            "extractedText": .string(r.text.isEmpty ? r.name : r.text),
            "comment": .string("declared in the package metadata; not on the SPDX licence list"),
          ])
        })
    }
    return .object(doc)
  }

  static func package(
    _ c: InventoryComponent, id: String, created: String, tool: String,
    extracted: inout [String: LicenseReference]
  ) -> JSONValue {
    var o: [String: JSONValue] = [
      "SPDXID": .string(id),
      "name": .string(c.name),
      "downloadLocation": .string("NOASSERTION"),
      "filesAnalyzed": .bool(false),
      "licenseConcluded": .string("NOASSERTION"),
      "copyrightText": .string("NOASSERTION"),
    ]
    if let v = c.version { o["versionInfo"] = .string(v) }
    if let s = c.summary { o["summary"] = .string(s) }
    switch c.kind {
    case .operatingSystem: o["primaryPackagePurpose"] = .string("OPERATING-SYSTEM")
    case .interpreter: o["primaryPackagePurpose"] = .string("APPLICATION")
    case .python, .conda, .system: o["primaryPackagePurpose"] = .string("LIBRARY")
    }
    if let p = c.purl {
      o["externalRefs"] = .array([
        .object([
          "referenceCategory": .string("PACKAGE-MANAGER"), "referenceType": .string("purl"),
          "referenceLocator": .string(p.description),
        ])
      ])
    }
    var checksums = c.hashes
    if let origin = c.origin {
      o["sourceInfo"] = .string(sourceInfo(origin))
      if origin.kind == .archive { checksums += origin.hashes }
      if let location = downloadLocation(origin) { o["downloadLocation"] = .string(location) }
    }
    if !checksums.isEmpty {
      o["checksums"] = .array(
        checksums.map {
          .object(["algorithm": .string($0.algorithm.spdx), "checksumValue": .string($0.hex)])
        })
    }
    let (declared, comment) = declaredLicense(c.license, extracted: &extracted)
    o["licenseDeclared"] = .string(declared)
    if let comment { o["licenseComments"] = .string(comment) }
    // envlock's own fingerprints are no file checksums: they are annotations that say what they are.
    let annotations: [JSONValue] = c.properties.map { p in
      .object([
        "annotationDate": .string(created), "annotationType": .string("OTHER"), "annotator": .string(tool),
        "comment": .string("\(p.name)=\(p.value)\(explanation(p.name))"),
      ])
    }
    if !annotations.isEmpty { o["annotations"] = .array(annotations) }
    return .object(o)
  }

  /// What an envlock property is, for the properties whose name alone could mislead.
  static func explanation(_ name: String) -> String {
    switch name {
    case "envlock:python:record-content-fingerprint-sha256":
      " (SHA-256 over the sorted payload lines of RECORD: identifies the installed files' content; not the hash of any file)"
    case "envlock:interpreter:libpython-sha256":
      " (SHA-256 of the shared libpython file the interpreter loads)"
    default: ""
    }
  }

  /// `licenseDeclared`: the `License-Expression`; else `License`; else a single licence classifier;
  /// `NOASSERTION` (with the declared values as a comment) when they are several or unparsable.
  static func declaredLicense(_ l: DeclaredLicense?, extracted: inout [String: LicenseReference])
    -> (String, String?)
  {
    guard let l else { return ("NOASSERTION", nil) }
    func use(_ e: SPDXExpression) -> String {
      for r in e.references where extracted[r.id] == nil { extracted[r.id] = r }
      return e.text
    }
    if let e = l.expression {
      guard let parsed = SPDXExpression.parse(e) else {
        return ("NOASSERTION", "License-Expression is not a valid SPDX expression: \(e)")
      }
      return (use(parsed), nil)
    }
    if let t = l.text {
      return (
        use(SPDXExpression.parse(t).flatMap { $0.references.isEmpty ? $0 : nil } ?? .single(t, text: t)), nil
      )
    }
    let ids = Set(l.classifiers.map { c in LicenseClassifiers.identifier(c) ?? c })
    if ids.count == 1, let c = l.classifiers.first {
      return (use(.single(LicenseClassifiers.identifier(c) ?? c, text: c)), nil)
    }
    return ("NOASSERTION", "Declared licence classifiers: " + l.classifiers.joined(separator: "; "))
  }

  static func sourceInfo(_ origin: Origin) -> String {
    switch origin.kind {
    case .vcs: "installed from \(origin.vcs ?? "vcs") \(origin.url) at commit \(origin.commit ?? "")"
    case .archive: "installed from the archive \(origin.url)"
    case .directory: "installed from the directory \(origin.url)"
    case .editable: "installed in editable mode from \(origin.url)"
    }
  }

  /// An `http(s)` URL (prefixed `git+` etc. for VCS installs) SPDX accepts as a download location.
  static func downloadLocation(_ origin: Origin) -> String? {
    let url = origin.url
    guard url.hasPrefix("https://") || url.hasPrefix("http://"), uriSafe(url) == url, !url.contains("#"),
      hasSPDXHost(url)
    else { return nil }
    switch origin.kind {
    case .vcs:
      guard let vcs = origin.vcs, ["git", "hg", "svn", "bzr"].contains(vcs), let commit = origin.commit,
        commit.allSatisfy({ $0.isLetter || $0.isNumber })
      else { return nil }
      return "\(vcs)+\(url)@\(commit)"
    case .archive: return url
    case .directory, .editable: return nil
    }
  }

  /// True when the URL's host has the shape SPDX 2.3's download-location pattern demands: labels
  /// of letters and digits joined by `-` or `.`, ending in a top-level domain of 2 to 5 letters.
  static func hasSPDXHost(_ url: String) -> Bool {
    guard let scheme = url.range(of: "://") else { return false }
    var authority = url[scheme.upperBound...].prefix { $0 != "/" }
    if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
    let host = authority.prefix { $0 != ":" }.lowercased()
    let labels = host.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2, let tld = labels.last, (2...5).contains(tld.count),
      tld.allSatisfy({ ("a"..."z").contains($0) })
    else { return false }
    return labels.allSatisfy { label in
      !label.isEmpty && label.first != "-" && label.last != "-"
        && label.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
  }

  static func relationship(_ a: String, _ type: String, _ b: String) -> JSONValue {
    .object([
      "spdxElementId": .string(a), "relationshipType": .string(type), "relatedSpdxElement": .string(b),
    ])
  }
}

/// `SPDXRef-` identifiers: letters, digits, `.` and `-` only, unique within the document.
struct SPDXIdentifiers {
  private var used = Set<String>()

  mutating func reserve(_ id: String) { used.insert(id) }

  /// An identifier for a component, from its kind, name and version.
  mutating func make(_ c: InventoryComponent) -> String {
    let kind: String
    switch c.kind {
    case .operatingSystem: kind = "OperatingSystem"
    case .interpreter: kind = "Interpreter"
    case .python: kind = "Python"
    case .conda: kind = "Conda"
    case .system: kind = "System"
    }
    var body = ""
    for scalar in "\(c.name)-\(c.version ?? "")".unicodeScalars {
      if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == ".") {
        body.unicodeScalars.append(scalar)
      } else if !body.hasSuffix("-") {
        body += "-"
      }
    }
    while body.hasSuffix("-") { body.removeLast() }
    let base = "SPDXRef-\(kind)-\(body.isEmpty ? "unnamed" : body)"
    var id = base
    var n = 1
    while !used.insert(id).inserted {
      n += 1
      id = "\(base)-\(n)"
    }
    return id
  }
}
