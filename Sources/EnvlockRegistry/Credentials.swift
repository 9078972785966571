// Registry credentials from the docker config, the file `docker login`, `oras login` and
// `podman login` write: `$REGISTRY_AUTH_FILE`, else `$DOCKER_CONFIG/config.json`, else
// `~/.docker/config.json`. An entry `auths.<host>.auth` holds base64 of `user:password` (or the
// entry has `username` and `password`). Credentials are never taken from a command-line flag,
// and never printed.

import EnvlockFileIO
import EnvlockModel
import Foundation

/// A user name and password (or token) for one registry; its description never shows either.
public struct RegistryCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
  CustomReflectable
{
  /// The user name.
  public let username: String
  /// The password or access token.
  public let password: String
  /// The file the credentials came from.
  public let source: String

  /// Creates credentials.
  public init(username: String, password: String, source: String) {
    self.username = username
    self.password = password
    self.source = source
  }

  /// `credentials from <file>`: never the user name or password.
  public var description: String { "credentials from \(source)" }
  /// The same as `description`.
  public var debugDescription: String { description }
  /// No children, so `dump` and reflection show nothing secret either.
  public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

  /// The value of an `Authorization: Basic` header.
  var basicAuthorization: String {
    "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
  }
}

/// The docker config file and the credentials it holds for a registry host.
public enum DockerConfig {
  /// The config file to read, from the environment: `$REGISTRY_AUTH_FILE`, else
  /// `$DOCKER_CONFIG/config.json`, else `$HOME/.docker/config.json`.
  public static func path(environment: [String: String]) -> String? {
    if let file = environment["REGISTRY_AUTH_FILE"], !file.isEmpty { return file }
    if let folder = environment["DOCKER_CONFIG"], !folder.isEmpty { return joinPath(folder, "config.json") }
    if let home = environment["HOME"], !home.isEmpty { return joinPath(home, ".docker/config.json") }
    return nil
  }

  /// The credentials for `host` (with its port, as in the reference), or nil when the file does not
  /// exist or has no entry for the host. A file that exists but cannot be parsed is an error.
  public static func credentials(
    for host: String, environment: [String: String]
  ) throws(RegistryError) -> RegistryCredentials? {
    guard let path = path(environment: environment), FileSystem.exists(path) else { return nil }
    let bytes: [UInt8]
    switch FileSystem.read(path, limit: 4 << 20) {
    case .success(let read): bytes = read
    case .failure(let error): throw .invalidCredentialsFile(path: path, reason: error.message)
    }
    return try credentials(for: host, configBytes: bytes, path: path)
  }

  /// The credentials for `host` in the config `bytes` read from `path`.
  static func credentials(
    for host: String, configBytes bytes: [UInt8], path: String
  ) throws(RegistryError) -> RegistryCredentials? {
    let tree: JSONValue
    do {
      tree = try CanonicalJSON.parse(bytes)
    } catch {
      // The JSON error would quote the file's text, which may hold a password: give its position only.
      throw .invalidCredentialsFile(path: path, reason: "it is not valid JSON")
    }
    guard case .object(let top) = tree else {
      throw .invalidCredentialsFile(path: path, reason: "the top level is not a JSON object")
    }
    guard let auths = top["auths"] else { return nil }
    guard case .object(let entries) = auths else {
      throw .invalidCredentialsFile(path: path, reason: "`auths` is not an object")
    }
    // Exact host first, then keys written as URLs (`https://host/v1/`).
    let key =
      entries.keys.sorted().first { normalizedHost($0) == host.lowercased() && $0 == host }
      ?? entries.keys.sorted().first { normalizedHost($0) == host.lowercased() }
    guard let key, case .object(let entry)? = entries[key] else { return nil }
    if case .string(let auth)? = entry["auth"], !auth.isEmpty {
      guard let decoded = Data(base64Encoded: auth, options: .ignoreUnknownCharacters),
        let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
      else {
        throw .invalidCredentialsFile(
          path: path, reason: "`auths.\(key).auth` is not base64 of `user:password`")
      }
      return RegistryCredentials(
        username: String(text[..<colon]), password: String(text[text.index(after: colon)...]), source: path)
    }
    if case .string(let username)? = entry["username"], case .string(let password)? = entry["password"] {
      return RegistryCredentials(username: username, password: password, source: path)
    }
    return nil
  }

  /// `host[:port]` of an `auths` key, which may be a bare host or a URL (`https://host:5000/v2/`).
  static func normalizedHost(_ key: String) -> String {
    var text = Substring(key.lowercased())
    for scheme in ["https://", "http://"] where text.hasPrefix(scheme) {
      text = text.dropFirst(scheme.count)
    }
    return String(text.prefix { $0 != "/" })
  }
}
