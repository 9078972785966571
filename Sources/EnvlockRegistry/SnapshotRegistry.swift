// Pushing and pulling `.envlock` archives: the artifact layout of `SnapshotArtifact` over the
// requests of `RegistryClient`. A pull checks everything before it returns: the manifest's digest,
// the blob's size (before downloading) and digest, the archive's structure and member digests, and
// the manifest annotations against the archive. The signature is the caller's to check, with the
// key it trusts.

import EnvlockArchive
import EnvlockFileIO
import EnvlockModel

/// Publishes and fetches snapshot archives in an OCI registry.
public enum SnapshotRegistry {
  /// What a push did.
  public struct PushResult: Sendable {
    /// The reference pushed to.
    public var reference: RegistryReference
    /// `sha256:` digest of the manifest.
    public var manifestDigest: String
    /// The reference pinned to the manifest digest: it names exactly this artifact, whatever the tag
    /// later points to.
    public var pinned: RegistryReference
    /// The archive layer's descriptor.
    public var layer: OCIDescriptor
    /// How many blobs were uploaded (the others were already in the repository).
    public var uploadedBlobs: Int
  }

  /// What a pull fetched and checked.
  public struct PullResult: Sendable {
    /// The archive's bytes, exactly as pushed.
    public var bytes: [UInt8]
    /// The snapshot read from them; `file.archive` is always set.
    public var file: SnapshotFile
    /// `sha256:` digest of the manifest.
    public var manifestDigest: String
    /// The reference pinned to the manifest digest.
    public var pinned: RegistryReference
    /// The archive layer's descriptor (its title annotation is the file name it was pushed as).
    public var layer: OCIDescriptor

    /// The checked archive.
    public var archive: SnapshotArchive { file.archive! }
  }

  /// Pushes an archive under the reference's tag: uploads the blobs the repository lacks (HEAD
  /// first), then the manifest. `archive` is `archiveBytes` as read (integrity checked) by the caller.
  public static func push(
    archiveBytes: [UInt8], archive: SnapshotArchive, fileName: String, to reference: RegistryReference,
    options: RegistryOptions
  ) async throws(RegistryError) -> PushResult {
    guard let tag = reference.tag, reference.digest == nil else {
      throw .invalidReference(
        reference: reference.description, reason: "a push needs a tag (`:TAG`) and no digest")
    }
    let manifest = SnapshotArtifact.manifest(for: archive, archiveBytes: archiveBytes, fileName: fileName)
    let manifestBytes = manifest.encoded()
    return try await RegistryClient.with(reference, options: options) {
      (client: RegistryClient) async throws(RegistryError) -> PushResult in
      var uploaded = 0
      for (descriptor, bytes) in [
        (manifest.config, SnapshotArtifact.emptyConfig), (manifest.layers[0], archiveBytes),
      ] {
        if try await client.blobExists(descriptor.digest) { continue }
        try await client.uploadBlob(bytes, digest: descriptor.digest)
        uploaded += 1
      }
      let digest = try await client.putManifest(manifestBytes, tagOrDigest: tag)
      let hex = EnvlockModel.Digest.sha256(manifestBytes)
      return PushResult(
        reference: reference, manifestDigest: digest, pinned: reference.pinned(to: hex),
        layer: manifest.layers[0],
        uploadedBlobs: uploaded)
    }
  }

  /// Pulls the archive the reference names and checks it (not its signature). Nothing is written.
  public static func pull(
    _ reference: RegistryReference, options: RegistryOptions, limits: ReadLimits = .standard
  ) async throws(RegistryError) -> PullResult {
    var options = options
    options.maximumBlobBytes = min(options.maximumBlobBytes, limits.maxArchiveBytes)
    let label = reference.description
    return try await RegistryClient.with(reference, options: options) {
      (client: RegistryClient) async throws(RegistryError) -> PullResult in
      let (manifest, digest, manifestDigest) = try await client.fetchManifest()
      let layer = try SnapshotArtifact.archiveLayer(of: manifest, reference: label)
      let bytes = try await client.fetchBlob(layer, what: "archive")
      let file: SnapshotFile
      do throws(ArchiveError) {
        file = try SnapshotFile.parse(bytes, file: label, limits: limits)
      } catch {
        throw .invalidArchive(reference: label, underlying: error)
      }
      guard let archive = file.archive else {
        throw .notASnapshotArtifact(reference: label, reason: "its layer is JSON, not an .envlock archive")
      }
      try SnapshotArtifact.checkAnnotations(manifest, archive: archive, reference: label)
      return PullResult(
        bytes: bytes, file: file, manifestDigest: digest, pinned: reference.pinned(to: manifestDigest),
        layer: layer)
    }
  }
}
