// CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/) of a snapshot. The serial number is a
// name-based UUID (version 5) of the snapshot digest and the timestamp is the capture time, so the
// same snapshot always gives the same bytes.

import EnvlockModel

/// Writes a snapshot as a CycloneDX 1.6 JSON BOM.
enum CycloneDXWriter {
  static func document(_ snapshot: Snapshot, digest: Digest, toolVersion: String) -> JSONValue {
    let inventory = Inventory(snapshot)
    let rootRef = "envlock:environment"
    var metadataProperties: [JSONValue] = [
      property("envlock:snapshot:digest", "sha256:\(digest.hex)"),
      property("envlock:capture:host-name", snapshot.capture.hostName),
      property("envlock:capture:tool-version", snapshot.capture.toolVersion),
    ]
    if let arch = snapshot.host?.architecture {
      metadataProperties.append(property("envlock:host:architecture", arch))
    }
    let metadata: JSONValue = .object([
      "timestamp": .string(snapshot.capture.time.rfc3339),
      "tools": .object([
        "components": .array([
          .object([
            "type": .string("application"), "name": .string("envlock"), "version": .string(toolVersion),
          ])
        ])
      ]),
      "component": .object([
        "type": .string("application"), "bom-ref": .string(rootRef), "name": .string(inventory.rootName),
        "description": .string("Python environment captured by envlock"),
      ]),
      "properties": .array(metadataProperties),
    ])
    var dependencies: [JSONValue] = [
      .object([
        "ref": .string(rootRef), "dependsOn": .array(inventory.rootDependencies.map(JSONValue.string)),
      ])
    ]
    for c in inventory.components {
      dependencies.append(
        .object([
          "ref": .string(c.ref),
          "dependsOn": .array((inventory.dependencies[c.ref] ?? []).map(JSONValue.string)),
        ]))
    }
    return .object([
      "$schema": .string("http://cyclonedx.org/schema/bom-1.6.schema.json"),
      "bomFormat": .string("CycloneDX"),
      "specVersion": .string("1.6"),
      "serialNumber": .string("urn:uuid:\(NameUUID.v5(name: "envlock:snapshot:sha256:\(digest.hex)"))"),
      "version": .integer(1),
      "metadata": metadata,
      "components": .array(inventory.components.map(component)),
      "dependencies": .array(dependencies),
    ])
  }

  static func component(_ c: InventoryComponent) -> JSONValue {
    var o: [String: JSONValue] = [
      "bom-ref": .string(c.ref),
      "name": .string(c.name),
    ]
    switch c.kind {
    case .operatingSystem: o["type"] = .string("operating-system")
    case .interpreter: o["type"] = .string("platform")
    case .python, .conda, .system: o["type"] = .string("library")
    }
    if let v = c.version { o["version"] = .string(v) }
    if let p = c.purl { o["purl"] = .string(p.description) }
    if let s = c.summary { o["description"] = .string(s) }
    if !c.hashes.isEmpty { o["hashes"] = .array(c.hashes.map(hash)) }
    if let origin = c.origin {
      var ref: [String: JSONValue] = ["url": .string(uriSafe(origin.url))]
      switch origin.kind {
      case .vcs:
        ref["type"] = .string("vcs")
        ref["comment"] = .string("installed from \(origin.vcs ?? "vcs") commit \(origin.commit ?? "")")
      case .archive:
        ref["type"] = .string("distribution")
        ref["comment"] = .string("the archive it was installed from (PEP 610 direct_url.json)")
        if !origin.hashes.isEmpty { ref["hashes"] = .array(origin.hashes.map(hash)) }
      case .directory, .editable:
        ref["type"] = .string("other")
        ref["comment"] = .string(
          origin.kind == .editable
            ? "installed in editable mode from this directory" : "installed from this directory")
      }
      o["externalReferences"] = .array([.object(ref)])
    }
    if let l = c.license, let licenses = licenses(l) { o["licenses"] = licenses }
    if !c.properties.isEmpty { o["properties"] = .array(c.properties.map { property($0.name, $0.value) }) }
    return .object(o)
  }

  /// `licenses`: one SPDX expression when `License-Expression` is declared (and valid), else one
  /// entry per declared licence: an SPDX `id` where one is known, else the declared `name`.
  static func licenses(_ l: DeclaredLicense) -> JSONValue? {
    let declared: JSONValue = .string("declared")
    if let e = l.expression {
      if let parsed = SPDXExpression.parse(e) {
        return .array([.object(["expression": .string(parsed.text), "acknowledgement": declared])])
      }
      return .array([.object(["license": .object(["name": .string(e), "acknowledgement": declared])])])
    }
    var entries: [JSONValue] = []
    var seen = Set<String>()
    func add(id: String?, name: String) {
      let key = id ?? "name:\(name)"
      guard seen.insert(key).inserted else { return }
      let body: [String: JSONValue] =
        id.map { ["id": .string($0), "acknowledgement": declared] } ?? [
          "name": .string(name), "acknowledgement": declared,
        ]
      entries.append(.object(["license": .object(body)]))
    }
    if let t = l.text { add(id: SPDXExpression.listed(t), name: t) }
    for c in l.classifiers { add(id: LicenseClassifiers.identifier(c), name: c) }
    return entries.isEmpty ? nil : .array(entries)
  }

  static func hash(_ h: ArtifactHash) -> JSONValue {
    .object(["alg": .string(h.algorithm.cyclonedx), "content": .string(h.hex)])
  }

  static func property(_ name: String, _ value: String) -> JSONValue {
    .object(["name": .string(name), "value": .string(value)])
  }
}
