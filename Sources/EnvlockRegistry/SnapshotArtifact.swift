// An `.envlock` archive as an OCI artifact, following the OCI image spec 1.1 artifact guidance and
// the ORAS conventions, so `oras pull` fetches it under its file name:
//
//     image manifest (application/vnd.oci.image.manifest.v1+json, schemaVersion 2)
//       artifactType  application/vnd.envlock.snapshot.v1
//       config        the empty descriptor (application/vnd.oci.empty.v1+json, `{}`)
//       layers[0]     the archive, application/vnd.envlock.archive.v1+zstd,
//                     annotation org.opencontainers.image.title = file name
//       annotations   org.opencontainers.image.created = capture time,
//                     dev.envlock.manifest.digest = sha256 of envlock.json,
//                     dev.envlock.signature.key-id = the signer's minisign key id (signed archives)
//
// Reading accepts what oras writes too: no `artifactType` (older clients) as long as the one layer
// has envlock's media type.

import EnvlockArchive
import EnvlockModel

/// envlock's media types and annotations, and the manifest of an archive.
public enum SnapshotArtifact {
  /// The artifact type of an envlock snapshot.
  public static let artifactType = "application/vnd.envlock.snapshot.v1"
  /// The media type of the archive layer (tar + zstd).
  public static let archiveMediaType = "application/vnd.envlock.archive.v1+zstd"
  /// The OCI empty descriptor's media type, used for the config.
  public static let emptyMediaType = "application/vnd.oci.empty.v1+json"
  /// The content of the empty config blob.
  public static let emptyConfig: [UInt8] = Array("{}".utf8)

  /// The layer annotation holding the file name (`oras pull` writes the file under it).
  public static let titleAnnotation = "org.opencontainers.image.title"
  /// The manifest annotation holding the capture time (RFC 3339).
  public static let createdAnnotation = "org.opencontainers.image.created"
  /// The manifest annotation holding `sha256:` and the digest of the archive's `envlock.json`.
  public static let manifestDigestAnnotation = "dev.envlock.manifest.digest"
  /// The manifest annotation holding the minisign key id that signed the archive.
  public static let keyIDAnnotation = "dev.envlock.signature.key-id"

  /// The empty config descriptor (`{}`, with its content inline as the spec suggests).
  public static var emptyConfigDescriptor: OCIDescriptor {
    OCIDescriptor(
      mediaType: emptyMediaType, digest: OCIDigest.of(emptyConfig), size: emptyConfig.count, data: "e30=")
  }

  /// The manifest that publishes `archiveBytes` (already read as `archive`) under `fileName`.
  public static func manifest(
    for archive: SnapshotArchive, archiveBytes: [UInt8], fileName: String
  ) -> OCIImageManifest {
    var annotations = [
      createdAnnotation: archive.snapshot.capture.time.rfc3339,
      manifestDigestAnnotation: "sha256:" + EnvlockModel.Digest.sha256(archive.manifestBytes).hex,
    ]
    if let signature = archive.signature { annotations[keyIDAnnotation] = "\(signature.keyID)" }
    let layer = OCIDescriptor(
      mediaType: archiveMediaType, content: archiveBytes, annotations: [titleAnnotation: fileName])
    return OCIImageManifest(
      artifactType: artifactType, config: emptyConfigDescriptor, layers: [layer], annotations: annotations)
  }

  /// The archive layer of a manifest: refuses another artifact type, and anything but exactly one
  /// layer of envlock's archive media type.
  public static func archiveLayer(of manifest: OCIImageManifest, reference: String) throws(RegistryError)
    -> OCIDescriptor
  {
    if let type = manifest.artifactType, type != artifactType {
      throw .notASnapshotArtifact(reference: reference, reason: "its artifact type is `\(type)`")
    }
    if manifest.artifactType == nil, manifest.config.mediaType != emptyMediaType,
      manifest.config.mediaType != artifactType,
      manifest.config.mediaType.hasPrefix("application/vnd.oci.image.config")
    {
      throw .notASnapshotArtifact(reference: reference, reason: "it is a container image")
    }
    let archives = manifest.layers.filter { $0.mediaType == archiveMediaType }
    guard archives.count == 1 else {
      let types = Set(manifest.layers.map(\.mediaType)).sorted().map { "`\($0)`" }.joined(separator: ", ")
      throw .notASnapshotArtifact(
        reference: reference,
        reason: archives.isEmpty
          ? "no layer has the media type `\(archiveMediaType)` (layers: \(types.isEmpty ? "none" : types))"
          : "it has \(archives.count) archive layers, not one")
    }
    return archives[0]
  }

  /// Checks a pulled archive against the manifest's annotations (the `envlock.json` digest and the
  /// signer's key id, where the manifest states them).
  public static func checkAnnotations(
    _ manifest: OCIImageManifest, archive: SnapshotArchive, reference: String
  ) throws(RegistryError) {
    if let stated = manifest.annotations[manifestDigestAnnotation] {
      let found = "sha256:" + EnvlockModel.Digest.sha256(archive.manifestBytes).hex
      guard stated == found else {
        throw .annotationMismatch(
          reference: reference, annotation: manifestDigestAnnotation, expected: stated, found: found)
      }
    }
    if let stated = manifest.annotations[keyIDAnnotation] {
      let found = archive.signature.map { "\($0.keyID)" } ?? "no signature"
      guard stated == found else {
        throw .annotationMismatch(
          reference: reference, annotation: keyIDAnnotation, expected: stated, found: found)
      }
    }
  }
}
