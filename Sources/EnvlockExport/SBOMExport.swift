// EnvlockExport: a snapshot as a software bill of materials, CycloneDX 1.6 JSON or SPDX 2.3 JSON
// (Docs/fleet-and-sbom.md). Pure: the same snapshot and digest always give the same bytes.

import EnvlockModel

/// An SBOM format envlock writes.
public enum SBOMFormat: String, CaseIterable, Sendable {
  /// CycloneDX 1.6, JSON.
  case cyclonedx
  /// SPDX 2.3, JSON.
  case spdx
}

/// Writes snapshots as SBOMs.
public enum SBOMExport {
  /// The SBOM of `snapshot` as canonical JSON text, ending with a newline. `digest` identifies the
  /// snapshot (it names the document); `toolVersion` is the envlock version that writes it.
  public static func render(
    _ snapshot: Snapshot, digest: Digest, format: SBOMFormat, toolVersion: String = envlockVersion
  ) -> String {
    let document: JSONValue
    switch format {
    case .cyclonedx: document = CycloneDXWriter.document(snapshot, digest: digest, toolVersion: toolVersion)
    case .spdx: document = SPDXWriter.document(snapshot, digest: digest, toolVersion: toolVersion)
    }
    return String(decoding: CanonicalJSON.render(document), as: UTF8.self)
  }
}
