import EnvlockArchive
import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@testable import EnvlockRegistry

@Suite struct ArtifactTests {
  static func archive() throws -> (bytes: [UInt8], archive: SnapshotArchive) {
    let bytes = try SnapshotArchive.archiveBytes(
      snapshot: SampleSnapshots.minimal(), configContents: [:], signingKey: nil)
    return (bytes, try SnapshotArchive.parse(bytes, file: "test.envlock"))
  }

  @Test func theManifestFollowsTheOCIArtifactLayout() throws {
    let (bytes, archive) = try Self.archive()
    let manifest = SnapshotArtifact.manifest(for: archive, archiveBytes: bytes, fileName: "prod.envlock")
    let encoded = manifest.encoded()
    let json = try #require(try JSONSerialization.jsonObject(with: Data(encoded)) as? [String: Any])
    #expect(json["schemaVersion"] as? Int == 2)
    #expect(json["mediaType"] as? String == "application/vnd.oci.image.manifest.v1+json")
    #expect(json["artifactType"] as? String == "application/vnd.envlock.snapshot.v1")
    let config = try #require(json["config"] as? [String: Any])
    #expect(config["mediaType"] as? String == "application/vnd.oci.empty.v1+json")
    #expect(
      config["digest"] as? String == "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    )
    #expect(config["size"] as? Int == 2)
    let layers = try #require(json["layers"] as? [[String: Any]])
    #expect(layers.count == 1)
    #expect(layers[0]["mediaType"] as? String == "application/vnd.envlock.archive.v1+zstd")
    #expect(layers[0]["digest"] as? String == "sha256:" + EnvlockModel.Digest.sha256(bytes).hex)
    #expect(layers[0]["size"] as? Int == bytes.count)
    #expect(
      (layers[0]["annotations"] as? [String: String])?["org.opencontainers.image.title"] == "prod.envlock")
    let annotations = try #require(json["annotations"] as? [String: String])
    #expect(annotations["org.opencontainers.image.created"] == archive.snapshot.capture.time.rfc3339)
    #expect(
      annotations["dev.envlock.manifest.digest"] == "sha256:"
        + EnvlockModel.Digest.sha256(archive.manifestBytes).hex)
    #expect(annotations["dev.envlock.signature.key-id"] == nil)
    // The same archive always gives the same manifest bytes, and they parse back.
    #expect(
      SnapshotArtifact.manifest(for: archive, archiveBytes: bytes, fileName: "prod.envlock").encoded()
        == encoded)
    let parsed = try OCIImageManifest.parse(encoded, reference: "r")
    #expect(parsed == manifest)
    #expect(try SnapshotArtifact.archiveLayer(of: parsed, reference: "r") == manifest.layers[0])
    try SnapshotArtifact.checkAnnotations(parsed, archive: archive, reference: "r")
  }

  static let malformed: [(String, String)] = [
    ("[]", "the top level is not a JSON object"),
    ("{\"schemaVersion\": 1}", "`schemaVersion` is not 2"),
    ("{\"schemaVersion\": 2, \"layers\": []}", "`config` is missing"),
    (
      "{\"schemaVersion\": 2, \"config\": {\"mediaType\": \"a\", \"digest\": \"sha256:00\", \"size\": 2}, \"layers\": []}",
      "`config.digest` is not `sha256:`"
    ),
    (
      "{\"schemaVersion\": 2, \"config\": {\"mediaType\": \"a\", \"digest\": \"sha256:\(String(repeating: "0", count: 64))\", \"size\": -1}, \"layers\": []}",
      "`config.size` is missing or not a non-negative integer"
    ),
    (
      "{\"schemaVersion\": 2, \"config\": {\"mediaType\": \"a\", \"digest\": \"sha256:\(String(repeating: "0", count: 64))\", \"size\": 2}}",
      "`layers` is missing or not an array"
    ),
    (
      "{\"schemaVersion\": 2, \"config\": {\"mediaType\": \"a\", \"digest\": \"sha256:\(String(repeating: "0", count: 64))\", \"size\": 2}, \"layers\": [7]}",
      "`layers[0]` is not an object"
    ),
    (
      "{\"schemaVersion\": 2, \"config\": {\"mediaType\": \"a\", \"digest\": \"sha256:\(String(repeating: "0", count: 64))\", \"size\": 2, \"annotations\": {\"k\": 1}}, \"layers\": []}",
      "`config.annotations.k` is not a string"
    ),
    ("{\"schemaVersion\": 2, \"schemaVersion\": 2}", "it is not JSON"),
  ]

  @Test(arguments: malformed) func aMalformedManifestIsRefused(_ text: String, _ reason: String) {
    #expect {
      _ = try OCIImageManifest.parse(Array(text.utf8), reference: "oci://h/r:t")
    } throws: { error in
      guard case .malformedManifest(let reference, let found, _) = error as? RegistryError else {
        return false
      }
      return reference == "oci://h/r:t" && found.contains(reason)
    }
  }

  @Test func otherArtifactsAreNotSnapshots() throws {
    let (bytes, archive) = try Self.archive()
    var manifest = SnapshotArtifact.manifest(for: archive, archiveBytes: bytes, fileName: "x.envlock")
    var other = manifest
    other.artifactType = "application/vnd.cncf.helm.chart"
    var twoLayers = manifest
    twoLayers.layers.append(manifest.layers[0])
    var noLayer = manifest
    noLayer.layers[0].mediaType = "application/vnd.oci.image.layer.v1.tar"
    var image = manifest
    image.artifactType = nil
    image.config.mediaType = "application/vnd.oci.image.config.v1+json"
    for (candidate, reason) in [
      (other, "its artifact type is `application/vnd.cncf.helm.chart`"), (twoLayers, "2 archive layers"),
      (noLayer, "no layer has the media type"), (image, "it is a container image"),
    ] {
      #expect {
        _ = try SnapshotArtifact.archiveLayer(of: candidate, reference: "r")
      } throws: { error in
        guard case .notASnapshotArtifact(_, let found) = error as? RegistryError else { return false }
        return found.contains(reason)
      }
    }
    // What oras writes without --artifact-type: no artifactType, its own config; still a snapshot.
    manifest.artifactType = nil
    manifest.config.mediaType = "application/vnd.unknown.config.v1+json"
    #expect(
      try SnapshotArtifact.archiveLayer(of: manifest, reference: "r").mediaType
        == SnapshotArtifact.archiveMediaType)
    // An index is refused by media type.
    #expect {
      _ = try OCIImageManifest.parse(
        Array("{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\"}".utf8),
        reference: "r")
    } throws: { error in
      guard case .notASnapshotArtifact(_, let reason) = error as? RegistryError else { return false }
      return reason.contains("image index")
    }
  }

  @Test func annotationsThatDoNotMatchTheArchiveAreRefused() throws {
    let (bytes, archive) = try Self.archive()
    var manifest = SnapshotArtifact.manifest(for: archive, archiveBytes: bytes, fileName: "x.envlock")
    manifest.annotations[SnapshotArtifact.manifestDigestAnnotation] =
      "sha256:" + String(repeating: "0", count: 64)
    #expect(throws: RegistryError.self) {
      try SnapshotArtifact.checkAnnotations(manifest, archive: archive, reference: "r")
    }
    manifest = SnapshotArtifact.manifest(for: archive, archiveBytes: bytes, fileName: "x.envlock")
    manifest.annotations[SnapshotArtifact.keyIDAnnotation] = "0123456789ABCDEF"
    #expect {
      try SnapshotArtifact.checkAnnotations(manifest, archive: archive, reference: "r")
    } throws: { error in
      (error as? RegistryError)?.message.contains(
        "annotation says 0123456789ABCDEF, archive has no signature") == true
    }
  }

  @Test func pushThenPullThroughARealRegistrySkipsBlobsItHas() async throws {
    let registry = try LocalRegistry()
    defer { registry.stop() }
    let (bytes, archive) = try Self.archive()
    let reference = try RegistryReference(parsing: registry.reference("lib/env:one"))
    let options = RegistryOptions(plainHTTP: true)
    let first = try await SnapshotRegistry.push(
      archiveBytes: bytes, archive: archive, fileName: "one.envlock", to: reference, options: options)
    #expect(first.uploadedBlobs == 2)
    let second = try await SnapshotRegistry.push(
      archiveBytes: bytes, archive: archive, fileName: "one.envlock", to: reference, options: options)
    #expect(second.uploadedBlobs == 0)
    #expect(second.manifestDigest == first.manifestDigest)
    let pulled = try await SnapshotRegistry.pull(first.pinned, options: options)
    #expect(pulled.bytes == bytes)
    #expect(pulled.manifestDigest == first.manifestDigest)
    #expect(pulled.layer.annotations[SnapshotArtifact.titleAnnotation] == "one.envlock")
    #expect(pulled.file.snapshot == archive.snapshot)
    // A pull with a blob limit below the archive's size refuses it before downloading.
    await #expect {
      _ = try await SnapshotRegistry.pull(
        reference, options: RegistryOptions(plainHTTP: true, maximumBlobBytes: 10))
    } throws: { error in
      guard case .tooLarge(_, "archive", bytes.count, 10) = error as? RegistryError else { return false }
      return true
    }
    // Pushing needs a tag.
    await #expect(throws: RegistryError.self) {
      _ = try await SnapshotRegistry.push(
        archiveBytes: bytes, archive: archive, fileName: "x", to: first.pinned, options: options)
    }
  }
}
