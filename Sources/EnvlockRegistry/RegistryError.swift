import EnvlockArchive
import EnvlockDiagnostics

/// Why an `.envlock` archive could not be pushed to or pulled from an OCI registry. Every message
/// names the reference; none ever holds a credential.
public enum RegistryError: DiagnosticError, Sendable {
  /// The text is not an `oci://HOST/REPOSITORY:TAG` reference.
  case invalidReference(reference: String, reason: String)
  /// The reference carries `user:password@`; credentials come from the docker config only.
  case credentialsInReference(reference: String)
  /// The docker config file exists but cannot be read or parsed (the file is named, never its content).
  case invalidCredentialsFile(path: String, reason: String)
  /// The CA file given for TLS cannot be used: `reason` says why, or `underlying` is the TLS error.
  case invalidCAFile(path: String, reason: String? = nil, underlying: (any Error)? = nil)
  /// The registry could not be reached, or the connection failed (TLS included).
  case unreachable(reference: String, url: String, underlying: any Error)
  /// The registry asked for credentials and the docker config has none for the host.
  case credentialsRequired(reference: String, host: String, scheme: String)
  /// The registry, or its token service, refused the credentials or kept answering 401.
  case authenticationFailed(reference: String, host: String, attempts: Int, detail: String)
  /// The registry's `WWW-Authenticate` challenge is missing or not one envlock can answer.
  case unsupportedChallenge(reference: String, challenge: String)
  /// The token service answered with something other than a token.
  case invalidTokenResponse(reference: String, realm: String, reason: String)
  /// A redirect that would leave the registry (or downgrade to http) was not followed.
  case redirectRefused(reference: String, from: String, to: String, reason: String)
  /// More redirects than envlock follows.
  case tooManyRedirects(reference: String, url: String, limit: Int)
  /// The registry answered a request with an unexpected status.
  case unexpectedStatus(reference: String, operation: String, status: Int, detail: String?)
  /// The tag or digest does not exist in the repository.
  case manifestNotFound(reference: String, detail: String?)
  /// A blob the manifest names is not in the registry.
  case blobNotFound(reference: String, digest: String)
  /// A manifest or blob is larger than envlock accepts: refused before it was read.
  case tooLarge(reference: String, what: String, size: Int, limit: Int)
  /// A blob's body is longer or shorter than its descriptor says (`found` nil: longer, and it was
  /// not read to the end).
  case sizeMismatch(reference: String, what: String, expected: Int, found: Int?)
  /// The content's SHA-256 is not the digest it was fetched by.
  case digestMismatch(reference: String, what: String, expected: String, found: String)
  /// The manifest is not a JSON OCI image manifest of the shape the spec requires.
  case malformedManifest(reference: String, reason: String, underlying: (any Error)? = nil)
  /// The manifest is valid but not an envlock snapshot artifact (another artifact type or layout).
  case notASnapshotArtifact(reference: String, reason: String)
  /// The pulled archive failed envlock's own checks (structure, member digests, signature).
  case invalidArchive(reference: String, underlying: ArchiveError)
  /// The archive does not match what the artifact's annotations say about it.
  case annotationMismatch(reference: String, annotation: String, expected: String, found: String)

  /// One line naming the reference and the problem.
  public var message: String {
    switch self {
    case .invalidReference(let reference, let reason):
      return "Not a registry reference `oci://HOST[:PORT]/REPOSITORY:TAG`: `\(reference)`: \(reason)"
    case .credentialsInReference(let reference):
      return
        "Registry reference `\(reference)` carries credentials, which envlock never takes from a command line"
    case .invalidCredentialsFile(let path, let reason):
      return "Cannot read registry credentials from `\(path)`: \(reason)"
    case .invalidCAFile(let path, let reason, _):
      return "Cannot use `\(path)` as the certificate authority for TLS" + (reason.map { ": \($0)" } ?? "")
    case .unreachable(let reference, let url, _):
      return "Cannot reach the registry of `\(reference)` at \(url)"
    case .credentialsRequired(let reference, let host, let scheme):
      return
        "`\(reference)`: the registry asks for \(scheme) authentication and no credentials for `\(host)` were found"
    case .authenticationFailed(let reference, let host, let attempts, let detail):
      return
        "`\(reference)`: authentication with `\(host)` failed after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(detail)"
    case .unsupportedChallenge(let reference, let challenge):
      return "`\(reference)`: the registry's authentication challenge is not Basic or Bearer: \(challenge)"
    case .invalidTokenResponse(let reference, let realm, let reason):
      return "`\(reference)`: the token service \(realm) gave no usable token: \(reason)"
    case .redirectRefused(let reference, let from, let to, let reason):
      return "`\(reference)`: refused the redirect from \(from) to \(to): \(reason)"
    case .tooManyRedirects(let reference, let url, let limit):
      return "`\(reference)`: more than \(limit) redirects, the last to \(url)"
    case .unexpectedStatus(let reference, let operation, let status, let detail):
      return "`\(reference)`: \(operation) failed with HTTP \(status)" + (detail.map { ": \($0)" } ?? "")
    case .manifestNotFound(let reference, let detail):
      return "`\(reference)` does not exist in the registry" + (detail.map { ": \($0)" } ?? "")
    case .blobNotFound(let reference, let digest):
      return "`\(reference)`: the registry lacks the blob its manifest names: \(digest)"
    case .tooLarge(let reference, let what, let size, let limit):
      return "`\(reference)`: the \(what) is \(size) bytes, more than the \(limit)-byte limit"
    case .sizeMismatch(let reference, let what, let expected, let found):
      return "`\(reference)`: the \(what) should be \(expected) bytes, the registry sent "
        + (found.map { "\($0)" } ?? "more (reading stopped there)")
    case .digestMismatch(let reference, let what, let expected, let found):
      return
        "`\(reference)`: the \(what) does not match its digest: expected \(expected), content has \(found)"
    case .malformedManifest(let reference, let reason, _):
      return "`\(reference)`: the registry's manifest is not a valid OCI image manifest: \(reason)"
    case .notASnapshotArtifact(let reference, let reason):
      return "`\(reference)` is not an envlock snapshot artifact: \(reason)"
    case .invalidArchive(let reference, _):
      return "`\(reference)`: the pulled archive failed its checks"
    case .annotationMismatch(let reference, let annotation, let expected, let found):
      return
        "`\(reference)`: the archive does not match the manifest annotation `\(annotation)`: annotation says \(expected), archive has \(found)"
    }
  }

  /// What to do, where there is something general to say.
  public var hint: String? {
    switch self {
    case .credentialsInReference, .credentialsRequired:
      return
        "log in with `docker login` or `oras login`, or write `auths.<host>.auth` (base64 of user:password) to the docker config"
    case .authenticationFailed:
      return
        "check the credentials for the host in the docker config, and that they may access the repository"
    case .digestMismatch, .sizeMismatch, .annotationMismatch:
      return "do not use this artifact; the registry or something between it and you altered it"
    case .notASnapshotArtifact:
      return "an envlock snapshot artifact has one layer of media type `\(SnapshotArtifact.archiveMediaType)`"
    default:
      return nil
    }
  }

  /// The error under this one, when there is one.
  public var underlying: (any Error)? {
    switch self {
    case .invalidCAFile(_, _, let error): return error
    case .unreachable(_, _, let error): return error
    case .malformedManifest(_, _, let error): return error
    case .invalidArchive(_, let error): return error
    default: return nil
    }
  }
}
