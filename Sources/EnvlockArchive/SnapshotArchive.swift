// The `.envlock` archive (Docs/format.md): tar (pax) + zstd holding `envlock.json` (the manifest),
// `envlock.json.minisig` (a minisign signature over the manifest bytes), `SHA256SUMS` and `config/...`.

import EnvlockFileIO
import EnvlockModel
import EnvlockSigning
import Foundation

/// A read and integrity-checked `.envlock` archive.
public struct SnapshotArchive: Sendable {
  /// The manifest member's name.
  public static let manifestMember = "envlock.json"
  /// The signature member's name.
  public static let signatureMember = "envlock.json.minisig"
  /// The data-file checksum member's name.
  public static let checksumsMember = "SHA256SUMS"
  /// The folder config file contents are stored under.
  public static let configPrefix = "config/"

  /// The decoded manifest.
  public let manifest: Manifest
  /// The exact bytes of `envlock.json` (what the signature covers).
  public let manifestBytes: [UInt8]
  /// The signature, when the archive is signed.
  public let signature: Signature?
  /// Every member except the manifest and signature, by path.
  public let members: [String: [UInt8]]

  /// The snapshot inside.
  public var snapshot: Snapshot { manifest.snapshot }

  /// What `write` put into an archive's manifest: the value and its exact bytes.
  public struct Written: Sendable {
    /// The manifest.
    public var manifest: Manifest
    /// Its canonical JSON, the `envlock.json` member.
    public var manifestBytes: [UInt8]
  }

  static func assembleManifest(
    snapshot: Snapshot, configContents: [String: [UInt8]]
  ) throws(ArchiveError) -> (written: Written, members: [String: [UInt8]]) {
    var members: [String: [UInt8]] = [:]
    members[checksumsMember] = SHA256Sums.contents(snapshot.dataFiles)
    for file in snapshot.configFiles {
      let member = configPrefix + file.path
      guard TarZstd.isSafe(file.path), let bytes = configContents[file.path] else {
        throw .invalidConfigPath(path: file.path)
      }
      members[member] = bytes
    }
    let digests = members.map {
      MemberDigest(path: $0.key, size: Int64($0.value.count), sha256: .sha256($0.value))
    }
    let manifest = Manifest(snapshot: snapshot, members: digests)
    do {
      return (Written(manifest: manifest, manifestBytes: try CanonicalJSON.encode(manifest)), members)
    } catch {
      throw .invalidManifest(file: manifestMember, underlying: error)
    }
  }

  /// Builds the archive bytes: deterministic, so the same snapshot, contents and key give the same bytes.
  public static func archiveBytes(
    snapshot: Snapshot, configContents: [String: [UInt8]], signingKey: SecretKey?
  ) throws(ArchiveError) -> [UInt8] {
    try archive(snapshot: snapshot, configContents: configContents, signingKey: signingKey).bytes
  }

  static func archive(
    snapshot: Snapshot, configContents: [String: [UInt8]], signingKey: SecretKey?
  ) throws(ArchiveError) -> (bytes: [UInt8], written: Written) {
    let (written, members) = try assembleManifest(snapshot: snapshot, configContents: configContents)
    let manifestBytes = written.manifestBytes
    var ordered = [TarMember(path: manifestMember, bytes: manifestBytes)]
    if let signingKey {
      let signature: Signature
      do {
        signature = try Signature.sign(
          manifestBytes, with: signingKey, trustedComment: trustedComment(for: snapshot),
          untrustedComment: "envlock signature of envlock.json, key \(signingKey.keyID)")
      } catch {
        throw .writeFailed(path: signatureMember, underlying: error)
      }
      ordered.append(TarMember(path: signatureMember, bytes: Array(signature.minisigText.utf8)))
    }
    for path in members.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
      ordered.append(TarMember(path: path, bytes: members[path]!))
    }
    do {
      return (try TarZstd.write(ordered, mtime: snapshot.capture.time.secondsSinceEpoch), written)
    } catch {
      throw .writeFailed(path: "(archive)", underlying: error)
    }
  }

  /// The trusted comment signed along with the manifest.
  public static func trustedComment(for snapshot: Snapshot) -> String {
    let host = snapshot.capture.hostName.filter { !$0.isNewline }
    return "envlock snapshot; time:\(snapshot.capture.time.rfc3339); host:\(host); file:envlock.json"
  }

  /// Writes a snapshot as an `.envlock` archive at `path`, atomically (temporary file + rename).
  /// Refuses to replace an existing file unless `force` is true. Returns the manifest written.
  @discardableResult
  public static func write(
    snapshot: Snapshot, configContents: [String: [UInt8]] = [:], signingKey: SecretKey?, to path: String,
    force: Bool
  ) throws(ArchiveError) -> Written {
    let (bytes, written) = try archive(
      snapshot: snapshot, configContents: configContents, signingKey: signingKey)
    do {
      try AtomicFile.write(bytes, to: path, force: force)
    } catch {
      switch error {
      case .destinationExists(let path): throw .destinationExists(path: path)
      case .writeFailed(let path, let reason): throw .writeFailed(path: path, reason: reason)
      }
    }
    return written
  }

  /// Reads an archive file and checks its structure and every member digest (not the signature).
  /// With `expecting` (what `write` returned), a manifest member byte-identical to it is taken as
  /// that manifest instead of being decoded again; any other content is decoded as usual.
  public static func read(
    path: String, limits: ReadLimits = .standard, expecting: Written? = nil
  ) throws(ArchiveError) -> SnapshotArchive {
    let bytes = try SnapshotFile.readBytes(path, limit: limits.maxArchiveBytes)
    return try parse(bytes, file: path, limits: limits, expecting: expecting)
  }

  /// Parses archive bytes; `file` names the source in error messages.
  public static func parse(
    _ bytes: [UInt8], file: String, limits: ReadLimits = .standard, expecting: Written? = nil
  ) throws(ArchiveError) -> SnapshotArchive {
    if bytes.count > limits.maxArchiveBytes {
      throw .archiveTooLarge(file: file, size: bytes.count, limit: limits.maxArchiveBytes)
    }
    let tarMembers: [TarMember]
    do {
      tarMembers = try TarZstd.read(bytes, limits: limits)
    } catch {
      switch error {
      case .library(let reason): throw .notAnArchive(file: file, reason: reason)
      case .unsafePath(let member): throw .unsafeMemberPath(file: file, member: member)
      case .unsupportedType(let member, let type):
        throw .unsupportedMemberType(file: file, member: member, type: type)
      case .tooLarge(let member, let size, let limit):
        throw .memberTooLarge(file: file, member: member, size: size, limit: limit)
      case .totalTooLarge(let limit): throw .archiveContentTooLarge(file: file, limit: limit)
      case .tooManyMembers(let limit): throw .tooManyMembers(file: file, limit: limit)
      case .duplicate(let member): throw .duplicateMember(file: file, member: member)
      case .invalidName(let member): throw .invalidMemberName(file: file, member: member)
      case .hiddenData(let reason): throw .hiddenData(file: file, reason: reason)
      }
    }
    // Members by the exact bytes of their names: Swift compares strings by canonical equivalence,
    // and an NFD name must not stand in for the NFC one the manifest lists (or the reverse).
    var byName: [[UInt8]: [UInt8]] = [:]
    for member in tarMembers { byName[Array(member.path.utf8)] = member.bytes }
    guard let manifestBytes = byName.removeValue(forKey: Array(manifestMember.utf8)) else {
      throw .missingManifest(file: file)
    }
    let manifest =
      if let expecting, expecting.manifestBytes == manifestBytes {
        expecting.manifest
      } else {
        try decodeManifest(manifestBytes, file: file)
      }
    var signature: Signature?
    if let signatureBytes = byName.removeValue(forKey: Array(signatureMember.utf8)) {
      guard let text = String(validating: signatureBytes, as: UTF8.self) else {
        throw .invalidSignatureFile(file: file, reason: "not UTF-8 text")
      }
      do {
        signature = try Signature(minisigText: text, source: "\(file):\(signatureMember)")
      } catch {
        throw .invalidSignatureFile(file: file, underlying: error)
      }
    }
    var listed = Set<[UInt8]>()
    var members: [String: [UInt8]] = [:]
    for digest in manifest.members {
      let name = Array(digest.path.utf8)
      listed.insert(name)
      guard let content = byName[name] else { throw .missingMember(file: file, member: digest.path) }
      let found = EnvlockModel.Digest.sha256(content)
      if found != digest.sha256 || Int64(content.count) != digest.size {
        throw .digestMismatch(file: file, member: digest.path, expected: digest.sha256.hex, found: found.hex)
      }
      members[digest.path] = content
    }
    for name in byName.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) where !listed.contains(name) {
      throw .unexpectedMember(file: file, member: String(decoding: name, as: UTF8.self))
    }
    return SnapshotArchive(
      manifest: manifest, manifestBytes: manifestBytes, signature: signature, members: members)
  }

  /// Checks the signature over the manifest with `key`; the member digests were checked when reading.
  public func verifySignature(with key: PublicKey, file: String) throws(ArchiveError) {
    guard let signature else { throw .unsigned(file: file) }
    do {
      try signature.verify(manifestBytes, with: key)
    } catch {
      throw .signatureRejected(file: file, underlying: error)
    }
  }

  /// The content of a config file recorded in the snapshot.
  public func configContent(_ file: ConfigFile) -> [UInt8]? {
    members[SnapshotArchive.configPrefix + file.path]
  }

  static func decodeManifest(_ bytes: [UInt8], file: String) throws(ArchiveError) -> Manifest {
    let tree: JSONValue
    do {
      tree = try CanonicalJSON.parse(bytes)
    } catch {
      throw .invalidManifest(file: file, underlying: error)
    }
    guard case .object(let top) = tree else {
      throw .invalidManifest(file: file, reason: "the top level is not a JSON object")
    }
    guard case .string(let schema)? = top["schema"] else {
      throw .invalidManifest(file: file, reason: "missing string field `schema`")
    }
    guard schema == Manifest.currentSchema else {
      throw .unknownSchema(file: file, found: schema, expected: Manifest.currentSchema)
    }
    if case .object(let snap)? = top["snapshot"], case .string(let snapSchema)? = snap["schema"],
      snapSchema != Snapshot.currentSchema
    {
      throw .unknownSchema(file: file, found: snapSchema, expected: Snapshot.currentSchema)
    }
    do {
      return try CanonicalJSON.decode(Manifest.self, fromTree: tree)
    } catch let error as DecodingError {
      throw .invalidManifest(file: file, reason: DecodingErrorText.describe(error))
    } catch {
      throw .invalidManifest(file: file, underlying: error)
    }
  }
}
