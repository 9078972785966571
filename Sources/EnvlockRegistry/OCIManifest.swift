// OCI image manifests and descriptors (OCI image spec 1.1, `manifest.md` and `descriptor.md`):
// read strictly from a registry's JSON, written in envlock's canonical JSON layout so the same
// artifact always has the same manifest digest.

import EnvlockFileIO
import EnvlockModel

/// A content descriptor: what a manifest says about one blob.
public struct OCIDescriptor: Sendable, Hashable {
  /// The media type of the content.
  public var mediaType: String
  /// `sha256:` and 64 lowercase hex digits.
  public var digest: String
  /// The size of the content in bytes.
  public var size: Int
  /// The descriptor's annotations (`org.opencontainers.image.title`, ...).
  public var annotations: [String: String]
  /// The content itself, base64-encoded, for small blobs such as the empty config.
  public var data: String?

  /// Creates a descriptor.
  public init(
    mediaType: String, digest: String, size: Int, annotations: [String: String] = [:], data: String? = nil
  ) {
    self.mediaType = mediaType
    self.digest = digest
    self.size = size
    self.annotations = annotations
    self.data = data
  }

  /// The descriptor of `bytes`: their SHA-256 and size.
  public init(mediaType: String, content bytes: [UInt8], annotations: [String: String] = [:]) {
    self.init(
      mediaType: mediaType, digest: OCIDigest.of(bytes), size: bytes.count, annotations: annotations)
  }

  var json: JSONValue {
    var object: [String: JSONValue] = [
      "mediaType": .string(mediaType), "digest": .string(digest), "size": .integer(Int64(size)),
    ]
    if !annotations.isEmpty { object["annotations"] = .object(annotations.mapValues { .string($0) }) }
    if let data { object["data"] = .string(data) }
    return .object(object)
  }
}

/// An OCI image manifest (`application/vnd.oci.image.manifest.v1+json`, schema version 2).
public struct OCIImageManifest: Sendable, Hashable {
  /// The manifest's media type.
  public static let mediaType = "application/vnd.oci.image.manifest.v1+json"
  /// The media type of an image index, which a tag may name instead of a manifest.
  public static let indexMediaType = "application/vnd.oci.image.index.v1+json"
  /// The largest manifest envlock reads (the distribution reference registry's own limit).
  public static let maximumBytes = 4 << 20

  /// The artifact's type, when it declares one (OCI 1.1).
  public var artifactType: String?
  /// The config blob's descriptor.
  public var config: OCIDescriptor
  /// The layers, in order.
  public var layers: [OCIDescriptor]
  /// The manifest's annotations.
  public var annotations: [String: String]

  /// Creates a manifest.
  public init(
    artifactType: String?, config: OCIDescriptor, layers: [OCIDescriptor], annotations: [String: String]
  ) {
    self.artifactType = artifactType
    self.config = config
    self.layers = layers
    self.annotations = annotations
  }

  /// The manifest as JSON bytes: sorted keys, a fixed layout, so equal manifests have equal digests.
  public func encoded() -> [UInt8] {
    var object: [String: JSONValue] = [
      "schemaVersion": .integer(2), "mediaType": .string(Self.mediaType), "config": config.json,
      "layers": .array(layers.map(\.json)),
    ]
    if let artifactType { object["artifactType"] = .string(artifactType) }
    if !annotations.isEmpty { object["annotations"] = .object(annotations.mapValues { .string($0) }) }
    return CanonicalJSON.render(.object(object))
  }

  /// Parses a manifest a registry served; `reference` names it in errors.
  public static func parse(_ bytes: [UInt8], reference: String) throws(RegistryError) -> OCIImageManifest {
    let tree: JSONValue
    do {
      tree = try CanonicalJSON.parse(bytes)
    } catch {
      throw .malformedManifest(reference: reference, reason: "it is not JSON", underlying: error)
    }
    let reader = TreeReader(reference: reference)
    guard case .object(let top) = tree else { throw reader.fail("the top level is not a JSON object") }
    guard case .integer(2)? = top["schemaVersion"] else {
      throw reader.fail("`schemaVersion` is not 2")
    }
    if let mediaType = try reader.optionalString(top, "mediaType", at: ""), mediaType != Self.mediaType {
      throw .notASnapshotArtifact(
        reference: reference,
        reason: mediaType == indexMediaType
          ? "it is an image index, not an image manifest" : "its media type is `\(mediaType)`")
    }
    guard let configValue = top["config"] else { throw reader.fail("`config` is missing") }
    let config = try reader.descriptor(configValue, at: "config")
    guard case .array(let layerValues)? = top["layers"] else {
      throw reader.fail("`layers` is missing or not an array")
    }
    var layers: [OCIDescriptor] = []
    for (index, value) in layerValues.enumerated() {
      layers.append(try reader.descriptor(value, at: "layers[\(index)]"))
    }
    return OCIImageManifest(
      artifactType: try reader.optionalString(top, "artifactType", at: ""), config: config, layers: layers,
      annotations: try reader.annotations(top, at: ""))
  }
}

/// `sha256:<hex>` digests as OCI writes them.
public enum OCIDigest {
  /// `sha256:` and the SHA-256 of `bytes` in lowercase hex.
  public static func of<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    "sha256:" + EnvlockModel.Digest.sha256(bytes).hex
  }

  /// True for `sha256:` followed by 64 lowercase hex digits (the only algorithm envlock accepts).
  public static func isValid(_ text: String) -> Bool {
    guard text.hasPrefix("sha256:") else { return false }
    let hex = text.utf8.dropFirst(7)
    return hex.count == 64 && hex.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
  }
}

/// Reads descriptors out of a parsed manifest, naming the JSON path in errors.
private struct TreeReader {
  let reference: String

  func fail(_ reason: String) -> RegistryError {
    .malformedManifest(reference: reference, reason: reason)
  }

  func path(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }

  func optionalString(_ object: [String: JSONValue], _ key: String, at parent: String) throws(RegistryError)
    -> String?
  {
    switch object[key] {
    case nil: return nil
    case .string(let text)?: return text
    default: throw fail("`\(path(parent, key))` is not a string")
    }
  }

  func annotations(_ object: [String: JSONValue], at parent: String) throws(RegistryError) -> [String: String]
  {
    switch object["annotations"] {
    case nil: return [:]
    case .object(let members)?:
      var out: [String: String] = [:]
      for (key, value) in members {
        guard case .string(let text) = value else {
          throw fail("`\(path(parent, "annotations")).\(key)` is not a string")
        }
        out[key] = text
      }
      return out
    default: throw fail("`\(path(parent, "annotations"))` is not an object")
    }
  }

  func descriptor(_ value: JSONValue, at location: String) throws(RegistryError) -> OCIDescriptor {
    guard case .object(let object) = value else { throw fail("`\(location)` is not an object") }
    guard let mediaType = try optionalString(object, "mediaType", at: location) else {
      throw fail("`\(location).mediaType` is missing")
    }
    guard let digest = try optionalString(object, "digest", at: location) else {
      throw fail("`\(location).digest` is missing")
    }
    guard OCIDigest.isValid(digest) else {
      throw fail("`\(location).digest` is not `sha256:` and 64 lowercase hex digits: \(digest.prefix(80))")
    }
    guard case .integer(let size)? = object["size"], size >= 0, size <= Int64(Int.max) else {
      throw fail("`\(location).size` is missing or not a non-negative integer")
    }
    return OCIDescriptor(
      mediaType: mediaType, digest: digest, size: Int(size),
      annotations: try annotations(object, at: location),
      data: try optionalString(object, "data", at: location))
  }
}
