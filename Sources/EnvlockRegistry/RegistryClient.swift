// An HTTP client for one repository of an OCI registry (OCI distribution spec 1.1): manifests and
// blobs by digest, monolithic blob upload (POST, then PUT with `?digest=`), and the two
// authentication schemes registries use: Basic, and Bearer tokens from the service named in the
// `WWW-Authenticate: Bearer realm=...,service=...,scope=...` challenge (the docker token flow).
//
// Redirects are never followed blindly: within the registry (same scheme, host and port) they are;
// a blob download may go to another host (registries hand blobs to a CDN) but without credentials
// and never from https to http; every other redirect off the registry is refused. Credentials and
// tokens go only to the registry and its token service, and appear in no error.

import AsyncHTTPClient
import EnvlockFileIO
import EnvlockModel
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// How envlock talks to a registry.
public struct RegistryOptions: Sendable {
  /// Use http instead of https (what `oras --plain-http` does); for local and test registries.
  public var plainHTTP: Bool
  /// PEM file of the certificate authorities to trust instead of the system's.
  public var caFile: String?
  /// The credentials for the registry host, from the docker config.
  public var credentials: RegistryCredentials?
  /// The largest blob accepted; a larger one is refused before it is downloaded.
  public var maximumBlobBytes: Int
  /// Seconds to wait for a connection.
  public var connectTimeout: Int64
  /// Seconds a whole request (a blob upload or download included) may take.
  public var requestTimeout: Int64

  /// Options with https, the system's certificate authorities and no credentials.
  public init(
    plainHTTP: Bool = false, caFile: String? = nil, credentials: RegistryCredentials? = nil,
    maximumBlobBytes: Int = 512 << 20, connectTimeout: Int64 = 15, requestTimeout: Int64 = 600
  ) {
    self.plainHTTP = plainHTTP
    self.caFile = caFile
    self.credentials = credentials
    self.maximumBlobBytes = maximumBlobBytes
    self.connectTimeout = connectTimeout
    self.requestTimeout = requestTimeout
  }
}

/// A session with one repository of a registry: the HTTP client, and the authorization it earned.
public actor RegistryClient {
  /// The repository (and tag or digest) this client works on; named in every error.
  public nonisolated let reference: RegistryReference
  let options: RegistryOptions
  let http: HTTPClient
  let origin: String
  var authorization: String?

  /// The most redirects one request follows.
  static let maximumRedirects = 5
  /// The most times one request is retried with new authorization after a 401.
  static let maximumAuthorizations = 2
  /// The largest response envlock reads besides manifests and blobs (errors, tokens).
  static let maximumSmallBody = 1 << 20

  /// Connects nothing yet: loads the CA file (if any) and sets up the HTTP client.
  public init(reference: RegistryReference, options: RegistryOptions) throws(RegistryError) {
    self.reference = reference
    self.options = options
    self.origin = (options.plainHTTP ? "http://" : "https://") + reference.host
    var tls = TLSConfiguration.makeClientConfiguration()
    if let caFile = options.caFile {
      let certificates: [NIOSSLCertificate]
      do {
        certificates = try NIOSSLCertificate.fromPEMFile(caFile)
      } catch {
        throw .invalidCAFile(path: caFile, underlying: error)
      }
      guard !certificates.isEmpty else {
        throw .invalidCAFile(path: caFile, reason: "it holds no PEM certificate")
      }
      tls.trustRoots = .certificates(certificates)
    }
    var configuration = HTTPClient.Configuration(
      tlsConfiguration: tls, redirectConfiguration: .disallow,
      timeout: .init(connect: .seconds(options.connectTimeout), read: .seconds(options.requestTimeout)))
    configuration.decompression = .disabled
    http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
  }

  /// Shuts the HTTP client down; call once when done.
  public func close() async {
    try? await http.shutdown()
  }

  /// Runs `body` with a client for `reference` and shuts the client down afterwards.
  public static func with<Value: Sendable>(
    _ reference: RegistryReference, options: RegistryOptions,
    _ body: (RegistryClient) async throws(RegistryError) -> Value
  ) async throws(RegistryError) -> Value {
    let client = try RegistryClient(reference: reference, options: options)
    let result: Result<Value, RegistryError>
    do throws(RegistryError) {
      result = .success(try await body(client))
    } catch {
      result = .failure(error)
    }
    await client.close()
    return try result.get()
  }

  // MARK: Blobs

  /// True when the repository already has the blob (`HEAD /v2/<name>/blobs/<digest>`).
  public func blobExists(_ digest: String) async throws(RegistryError) -> Bool {
    let response = try await send(
      .HEAD, url: "\(repositoryURL)/blobs/\(digest)", operation: "checking a blob")
    switch response.status {
    case 200: return true
    case 404: return false
    default: throw unexpected(response, operation: "checking blob \(digest)")
    }
  }

  /// Uploads a blob in one piece: `POST /v2/<name>/blobs/uploads/`, then `PUT <location>?digest=`.
  public func uploadBlob(_ bytes: [UInt8], digest: String) async throws(RegistryError) {
    let start = try await send(
      .POST, url: "\(repositoryURL)/blobs/uploads/", headers: [("Content-Length", "0")],
      operation: "starting a blob upload")
    guard start.status == 202, let location = start.headers.first(name: "Location") else {
      throw unexpected(start, operation: "starting the upload of blob \(digest)")
    }
    let uploadURL = resolve(location, against: "\(repositoryURL)/blobs/uploads/")
    guard Self.origin(of: uploadURL) == origin else {
      throw .redirectRefused(
        reference: reference.description, from: origin, to: Self.origin(of: uploadURL) ?? location,
        reason: "the upload location is on another host, which would receive the credentials")
    }
    let separator = uploadURL.contains("?") ? "&" : "?"
    let put = try await send(
      .PUT, url: "\(uploadURL)\(separator)digest=\(digest)",
      headers: [("Content-Type", "application/octet-stream")], body: bytes,
      operation: "uploading a blob")
    guard put.status == 201 else { throw unexpected(put, operation: "uploading blob \(digest)") }
  }

  /// Downloads the blob `descriptor` names: its size is checked against the limit before the
  /// request, its length while reading (a longer body is cut off) and its digest at the end.
  public func fetchBlob(_ descriptor: OCIDescriptor, what: String) async throws(RegistryError) -> [UInt8] {
    let label = reference.description
    guard descriptor.size <= options.maximumBlobBytes else {
      throw .tooLarge(reference: label, what: what, size: descriptor.size, limit: options.maximumBlobBytes)
    }
    let response = try await send(
      .GET, url: "\(repositoryURL)/blobs/\(descriptor.digest)", operation: "downloading the \(what)",
      maximumBody: descriptor.size, followForeignRedirects: true, what: what)
    switch response.status {
    case 200: break
    case 404: throw .blobNotFound(reference: label, digest: descriptor.digest)
    default: throw unexpected(response, operation: "downloading the \(what)")
    }
    guard response.body.count == descriptor.size else {
      throw .sizeMismatch(reference: label, what: what, expected: descriptor.size, found: response.body.count)
    }
    let found = OCIDigest.of(response.body)
    guard found == descriptor.digest else {
      throw .digestMismatch(reference: label, what: what, expected: descriptor.digest, found: found)
    }
    return response.body
  }

  // MARK: Manifests

  /// Uploads a manifest under `tagOrDigest`; returns its digest, checked against the registry's
  /// `Docker-Content-Digest` when it sends one.
  public func putManifest(_ bytes: [UInt8], tagOrDigest: String) async throws(RegistryError) -> String {
    let digest = OCIDigest.of(bytes)
    let response = try await send(
      .PUT, url: "\(repositoryURL)/manifests/\(tagOrDigest)",
      headers: [("Content-Type", OCIImageManifest.mediaType)], body: bytes,
      operation: "uploading the manifest")
    guard response.status == 201 else { throw unexpected(response, operation: "uploading the manifest") }
    if let stated = response.headers.first(name: "Docker-Content-Digest"), stated != digest {
      throw .digestMismatch(
        reference: reference.description, what: "manifest the registry stored", expected: digest,
        found: stated)
    }
    return digest
  }

  /// Downloads the manifest the reference names (by digest when it has one, else by tag), checks
  /// its digest and parses it.
  public func fetchManifest() async throws(RegistryError) -> (
    manifest: OCIImageManifest, digest: String, value: EnvlockModel.Digest
  ) {
    let label = reference.description
    let response = try await send(
      .GET, url: "\(repositoryURL)/manifests/\(reference.manifestReference)",
      headers: [("Accept", "\(OCIImageManifest.mediaType), \(OCIImageManifest.indexMediaType)")],
      operation: "fetching the manifest", maximumBody: OCIImageManifest.maximumBytes, what: "manifest")
    switch response.status {
    case 200: break
    case 404: throw .manifestNotFound(reference: label, detail: Self.registryErrorText(response.body))
    default: throw unexpected(response, operation: "fetching the manifest")
    }
    let value = EnvlockModel.Digest.sha256(response.body)
    let digest = "sha256:" + value.hex
    if let expected = reference.digest, digest != "sha256:\(expected.hex)" {
      throw .digestMismatch(
        reference: label, what: "manifest", expected: "sha256:\(expected.hex)", found: digest)
    }
    if let stated = response.headers.first(name: "Docker-Content-Digest"), stated != digest {
      throw .digestMismatch(reference: label, what: "manifest", expected: stated, found: digest)
    }
    if let type = response.headers.first(name: "Content-Type"),
      type.hasPrefix(OCIImageManifest.indexMediaType)
    {
      throw .notASnapshotArtifact(reference: label, reason: "it is an image index, not an image manifest")
    }
    return (try OCIImageManifest.parse(response.body, reference: label), digest, value)
  }

  // MARK: Requests

  struct Response {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
  }

  var repositoryURL: String { "\(origin)/v2/\(reference.repository)" }

  /// Sends one request, answering 401 challenges and following redirects as the header says;
  /// reads at most `maximumBody` bytes of the body.
  func send(
    _ method: HTTPMethod, url start: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
    operation: String, maximumBody: Int = maximumSmallBody, followForeignRedirects: Bool = false,
    what: String = "response"
  ) async throws(RegistryError) -> Response {
    let label = reference.description
    var url = start
    var redirects = 0
    var authorizations = 0
    var onRegistry = true
    while true {
      var request = HTTPClientRequest(url: url)
      request.method = method
      for (name, value) in headers { request.headers.add(name: name, value: value) }
      if onRegistry, let authorization {
        request.headers.replaceOrAdd(name: "Authorization", value: authorization)
      }
      if let body { request.body = .bytes(body) }
      let response: HTTPClientResponse
      do {
        response = try await http.execute(request, timeout: .seconds(options.requestTimeout))
      } catch {
        throw .unreachable(reference: label, url: Self.display(url), underlying: error)
      }
      let status = Int(response.status.code)
      if status == 401 && onRegistry {
        let challenges = response.headers["WWW-Authenticate"]
        _ = try? await response.body.collect(upTo: Self.maximumSmallBody)
        authorizations += 1
        guard authorizations <= Self.maximumAuthorizations else {
          throw .authenticationFailed(
            reference: label, host: reference.host, attempts: authorizations - 1,
            detail: "the registry still answers 401 Unauthorized")
        }
        let previous = authorization
        authorization = try await authorize(challenges)
        if previous != nil && authorization == previous {
          throw .authenticationFailed(
            reference: label, host: reference.host, attempts: authorizations - 1,
            detail: "the registry rejected the credentials (401 Unauthorized)")
        }
        continue
      }
      if [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "Location") {
        _ = try? await response.body.collect(upTo: Self.maximumSmallBody)
        redirects += 1
        let target = resolve(location, against: url)
        guard redirects <= Self.maximumRedirects else {
          throw .tooManyRedirects(reference: label, url: Self.display(target), limit: Self.maximumRedirects)
        }
        let from = Self.origin(of: url) ?? url
        guard let to = Self.origin(of: target) else {
          throw .redirectRefused(
            reference: label, from: from, to: location, reason: "not an http or https URL")
        }
        if from.hasPrefix("https://") && to.hasPrefix("http://") {
          throw .redirectRefused(
            reference: label, from: from, to: to, reason: "it would downgrade https to http")
        }
        if to != origin {
          guard followForeignRedirects && method == .GET else {
            throw .redirectRefused(
              reference: label, from: from, to: to, reason: "it leaves the registry for another host")
          }
          onRegistry = false
        } else {
          onRegistry = true
        }
        url = target
        continue
      }
      if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maximumBody,
        status == 200
      {
        throw tooLong(what: what, limit: maximumBody, found: length)
      }
      let bytes: ByteBuffer
      do {
        bytes = try await response.body.collect(upTo: maximumBody)
      } catch is NIOTooManyBytesError {
        throw tooLong(what: what, limit: maximumBody, found: nil)
      } catch {
        throw .unreachable(reference: label, url: Self.display(url), underlying: error)
      }
      return Response(status: status, headers: response.headers, body: Array(buffer: bytes))
    }
  }

  /// The error for a body longer than allowed: for blobs the limit is the size the manifest states.
  private func tooLong(what: String, limit: Int, found: Int?) -> RegistryError {
    if what == "manifest" {
      return .tooLarge(reference: reference.description, what: what, size: found ?? limit + 1, limit: limit)
    }
    if what == "response" {
      return .tooLarge(
        reference: reference.description, what: "registry's response", size: found ?? limit + 1, limit: limit)
    }
    return .sizeMismatch(reference: reference.description, what: what, expected: limit, found: found)
  }

  /// Answers a 401: Basic with the credentials, or a Bearer token from the challenge's realm.
  private func authorize(_ challenges: [String]) async throws(RegistryError) -> String {
    let label = reference.description
    let parsed = challenges.compactMap(AuthenticationChallenge.init(header:))
    if let bearer = parsed.first(where: { $0.scheme == "bearer" }) {
      return try await fetchToken(bearer)
    }
    if parsed.contains(where: { $0.scheme == "basic" }) {
      guard let credentials = options.credentials else {
        throw .credentialsRequired(reference: label, host: reference.host, scheme: "Basic")
      }
      return credentials.basicAuthorization
    }
    throw .unsupportedChallenge(
      reference: label,
      challenge: challenges.isEmpty ? "no WWW-Authenticate header" : challenges.joined(separator: ", "))
  }

  /// The docker token flow: `GET realm?service=...&scope=...`, with Basic credentials when there
  /// are some (anonymous otherwise); the answer's `token` (or `access_token`) becomes the Bearer.
  private func fetchToken(_ challenge: AuthenticationChallenge) async throws(RegistryError) -> String {
    let label = reference.description
    guard let realm = challenge.parameters["realm"], let realmOrigin = Self.origin(of: realm) else {
      throw .unsupportedChallenge(reference: label, challenge: "Bearer without an http(s) realm")
    }
    if origin.hasPrefix("https://") && realmOrigin.hasPrefix("http://") {
      throw .redirectRefused(
        reference: label, from: origin, to: realmOrigin,
        reason: "the token service is plain http while the registry is https")
    }
    var query: [String] = []
    if let service = challenge.parameters["service"] {
      query.append("service=\(Self.percentEncoded(service))")
    }
    for scope in (challenge.parameters["scope"] ?? "").split(separator: " ") {
      query.append("scope=\(Self.percentEncoded(String(scope)))")
    }
    let url = realm + (query.isEmpty ? "" : (realm.contains("?") ? "&" : "?") + query.joined(separator: "&"))
    var request = HTTPClientRequest(url: url)
    if let credentials = options.credentials {
      request.headers.add(name: "Authorization", value: credentials.basicAuthorization)
    }
    let response: HTTPClientResponse
    let body: ByteBuffer
    do {
      response = try await http.execute(request, timeout: .seconds(options.requestTimeout))
      body = try await response.body.collect(upTo: Self.maximumSmallBody)
    } catch {
      throw .unreachable(reference: label, url: Self.display(realm), underlying: error)
    }
    let status = Int(response.status.code)
    if status == 401 || status == 403 {
      if options.credentials == nil {
        throw .credentialsRequired(reference: label, host: reference.host, scheme: "Bearer")
      }
      throw .authenticationFailed(
        reference: label, host: reference.host, attempts: 1,
        detail: "the token service refused the credentials (HTTP \(status))")
    }
    guard status == 200 else {
      throw .invalidTokenResponse(reference: label, realm: Self.display(realm), reason: "HTTP \(status)")
    }
    guard case .object(let object)? = try? CanonicalJSON.parse(Array(buffer: body)) else {
      throw .invalidTokenResponse(
        reference: label, realm: Self.display(realm), reason: "the answer is not a JSON object")
    }
    for key in ["token", "access_token"] {
      if case .string(let token)? = object[key], !token.isEmpty,
        token.allSatisfy({ $0.isASCII && !$0.isWhitespace })
      {
        return "Bearer " + token
      }
    }
    throw .invalidTokenResponse(
      reference: label, realm: Self.display(realm), reason: "no `token` in the answer")
  }

  private func unexpected(_ response: Response, operation: String) -> RegistryError {
    .unexpectedStatus(
      reference: reference.description, operation: operation, status: response.status,
      detail: Self.registryErrorText(response.body))
  }

  /// The first `errors[].code` and `message` of a registry's JSON error body, if it has one.
  static func registryErrorText(_ body: [UInt8]) -> String? {
    guard case .object(let top)? = try? CanonicalJSON.parse(body), case .array(let errors)? = top["errors"],
      case .object(let first)? = errors.first
    else { return nil }
    var parts: [String] = []
    if case .string(let code)? = first["code"] { parts.append(code) }
    if case .string(let message)? = first["message"] { parts.append(message) }
    let text = parts.joined(separator: " ").filter { !$0.isNewline }
    return text.isEmpty ? nil : String(text.prefix(300))
  }

  /// A URL resolved against the request it answers (a `Location` may be relative).
  func resolve(_ location: String, against base: String) -> String {
    if location.hasPrefix("http://") || location.hasPrefix("https://") { return location }
    guard let baseURL = URL(string: base), let resolved = URL(string: location, relativeTo: baseURL) else {
      return location
    }
    return resolved.absoluteString
  }

  /// `scheme://host[:port]` of an http(s) URL, lowercased; nil for anything else.
  static func origin(of url: String) -> String? {
    let lower = url.lowercased()
    for scheme in ["https://", "http://"] where lower.hasPrefix(scheme) {
      let rest = lower.dropFirst(scheme.count)
      var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
      if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
      return authority.isEmpty ? nil : scheme + authority
    }
    return nil
  }

  /// A URL for a message: without its query (upload state, token scopes) and without user info.
  static func display(_ url: String) -> String {
    guard let origin = origin(of: url) else { return String(url.prefix(200)) }
    let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
    let path = afterScheme.drop { $0 != "/" }.prefix { $0 != "?" && $0 != "#" }
    return origin + path
  }

  static func percentEncoded(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }
}

/// One challenge of a `WWW-Authenticate` header (RFC 7235): a scheme and its parameters.
struct AuthenticationChallenge {
  /// The scheme, lowercased (`basic`, `bearer`).
  var scheme: String
  /// The parameters, names lowercased (`realm`, `service`, `scope`).
  var parameters: [String: String]

  /// Parses `Scheme key="value", key=value`; nil for an empty header.
  init?(header: String) {
    let text = Substring(header).drop { $0 == " " }
    let name = text.prefix { $0 != " " && $0 != "," }
    guard !name.isEmpty else { return nil }
    scheme = name.lowercased()
    parameters = [:]
    var rest = text.dropFirst(name.count)
    while true {
      rest = rest.drop { $0 == " " || $0 == "," }
      guard let equals = rest.firstIndex(of: "=") else { break }
      let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      rest = rest[rest.index(after: equals)...].drop { $0 == " " }
      var value = ""
      if rest.first == "\"" {
        rest = rest.dropFirst()
        var escaped = false
        while let c = rest.first {
          rest = rest.dropFirst()
          if escaped {
            value.append(c)
            escaped = false
          } else if c == "\\" {
            escaped = true
          } else if c == "\"" {
            break
          } else {
            value.append(c)
          }
        }
      } else {
        let token = rest.prefix { $0 != "," }
        value = token.trimmingCharacters(in: .whitespaces)
        rest = rest.dropFirst(token.count)
      }
      if !key.isEmpty { parameters[key] = value }
    }
  }
}
