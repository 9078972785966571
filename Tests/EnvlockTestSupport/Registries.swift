// Registries for the tests, on 127.0.0.1 only: Debian's `docker-registry` (the distribution
// reference registry) with a temporary storage folder, optionally with htpasswd basic auth and a
// self-signed TLS certificate made here with openssl; and a fake registry (a Python http.server
// script under Tests/Fixtures/registry) that serves one archive with the lies a test asks for.
// Both are stopped by `stop()`, which tests call in a `defer`; `deinit` stops them too.

import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A background server process started by a test, stopped (SIGTERM, then waited for) exactly once.
public final class ServerProcess: @unchecked Sendable {
  let process: Process
  private let lock = NSLock()
  private var stopped = false

  init(_ executable: String, _ arguments: [String], log: URL) throws {
    process = Process()
    process.executableURL = URL(fileURLWithPath: try TestSupport.tool(executable))
    process.arguments = arguments
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
  }

  /// Whether the process is still running.
  public var isRunning: Bool { process.isRunning }

  /// Stops the process and waits for it; safe to call more than once.
  public func stop() {
    lock.lock()
    defer { lock.unlock() }
    guard !stopped else { return }
    stopped = true
    guard process.isRunning else { return }
    // SIGTERM first; the test runner may hand its children a mask that blocks it, so SIGKILL after
    // two seconds.
    process.terminate()
    let deadline = Date().addingTimeInterval(2)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
  }

  deinit { stop() }
}

/// Waits until something accepts TCP connections on 127.0.0.1:`port` (at most `seconds`).
func waitForPort(_ port: Int, seconds: Double, server: ServerProcess, log: URL) throws {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
    close(fd)
    if connected { return }
    if !server.isRunning { break }
    usleep(50_000)
  }
  server.stop()
  let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
  throw TestSupportError(description: "server did not listen on 127.0.0.1:\(port): \(output)")
}

/// Waits until a server writes the port it listens on to `file` (at most 10 seconds).
func waitForPortFile(_ file: URL, server: ServerProcess) throws -> Int {
  let deadline = Date().addingTimeInterval(10)
  while Date() < deadline, server.isRunning {
    if let port = (try? String(contentsOf: file, encoding: .utf8)).flatMap({ Int($0) }) { return port }
    usleep(50_000)
  }
  server.stop()
  throw TestSupportError(description: "\(server.process.arguments?.first ?? "server") did not start")
}

/// A TCP port nothing listens on right now (the kernel picks it).
public func freePort() throws -> Int {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(fd) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_port = 0
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let ok = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
      bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
    }
  }
  guard ok else { throw TestSupportError(description: "cannot bind a port on 127.0.0.1") }
  return Int(UInt16(bigEndian: address.sin_port))
}

/// Debian's `docker-registry` (distribution 2.8) on 127.0.0.1 with a temporary storage folder.
public final class LocalRegistry: @unchecked Sendable {
  /// `127.0.0.1:PORT`.
  public let host: String
  /// The folder holding the config, storage, htpasswd file, certificate and log.
  public let directory: URL
  /// The certificate (PEM) to trust, when the registry serves TLS.
  public let caFile: String?
  /// The user and password the registry accepts, when it requires basic auth.
  public let user: (name: String, password: String)?
  let server: ServerProcess
  let tokenServer: ServerProcess?

  /// Starts a registry: plain http, or with basic auth (htpasswd, bcrypt) and/or TLS (a self-signed
  /// certificate for 127.0.0.1 and localhost, made with openssl). With `tokens`, `user` is checked
  /// by a token service (Tests/Fixtures/registry/token_server.py) instead, and the registry asks
  /// for Bearer tokens signed by it (`auth.token`).
  public init(user: (name: String, password: String)? = nil, tls: Bool = false, tokens: Bool = false) throws {
    directory = try TestSupport.temporaryDirectory("envlock-registry")
    let port = try freePort()
    host = "127.0.0.1:\(port)"
    self.user = user
    var config = """
      version: 0.1
      log:
        level: warn
        accesslog:
          disabled: true
      storage:
        filesystem:
          rootdirectory: \(directory.appendingPathComponent("storage").path)
      http:
        addr: 127.0.0.1:\(port)

      """
    if tls {
      let cert = directory.appendingPathComponent("registry.crt").path
      let key = directory.appendingPathComponent("registry.key").path
      let made = try TestSupport.run(
        "openssl",
        [
          "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=envlock test registry",
          "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert,
        ])
      guard made.status == 0 else { throw TestSupportError(description: "openssl failed: \(made.stderr)") }
      config += "  tls:\n    certificate: \(cert)\n    key: \(key)\n"
      caFile = cert
    } else {
      caFile = nil
    }
    if tokens, let user {
      let key = directory.appendingPathComponent("token.key").path
      let cert = directory.appendingPathComponent("token.crt").path
      let made = try TestSupport.run(
        "openssl",
        [
          "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
          "/CN=envlock test token issuer",
          "-keyout", key, "-out", cert,
        ])
      guard made.status == 0 else { throw TestSupportError(description: "openssl failed: \(made.stderr)") }
      let portFile = directory.appendingPathComponent("token.port")
      let script = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/registry/token_server.py").path
      let service = try ServerProcess(
        "python3", [script, key, cert, "envlock-test-issuer", user.name, user.password, portFile.path],
        log: directory.appendingPathComponent("token.log"))
      tokenServer = service
      let tokenPort = try waitForPortFile(portFile, server: service)
      config += """
        auth:
          token:
            realm: http://127.0.0.1:\(tokenPort)/token
            service: envlock-test
            issuer: envlock-test-issuer
            rootcertbundle: \(cert)

        """
    } else if let user {
      tokenServer = nil
      let htpasswd = directory.appendingPathComponent("htpasswd")
      let made = try TestSupport.run("htpasswd", ["-Bbn", user.name, user.password])
      guard made.status == 0 else { throw TestSupportError(description: "htpasswd failed: \(made.stderr)") }
      try made.stdout.write(to: htpasswd, atomically: true, encoding: .utf8)
      config += "auth:\n  htpasswd:\n    realm: envlock-test\n    path: \(htpasswd.path)\n"
    } else {
      tokenServer = nil
    }
    let configFile = directory.appendingPathComponent("config.yml")
    try config.write(to: configFile, atomically: true, encoding: .utf8)
    let log = directory.appendingPathComponent("registry.log")
    server = try ServerProcess("docker-registry", ["serve", configFile.path], log: log)
    do {
      try waitForPort(port, seconds: 15, server: server, log: log)
    } catch {
      tokenServer?.stop()
      throw error
    }
  }

  /// `oci://127.0.0.1:PORT/` followed by `path` (`team/env:prod`).
  public func reference(_ path: String) -> String { "oci://\(host)/\(path)" }

  /// Stops the registry (and its token service) and removes its folder.
  public func stop() {
    server.stop()
    tokenServer?.stop()
    try? FileManager.default.removeItem(at: directory)
  }

  deinit { stop() }
}

/// The lying registry of Tests/Fixtures/registry/fake_registry.py, serving one archive.
public final class FakeRegistry: @unchecked Sendable {
  /// `127.0.0.1:PORT`.
  public let host: String
  /// Its port.
  public let port: Int
  let directory: URL
  let logFile: URL
  let server: ServerProcess

  /// Starts the fake registry in `mode` serving `archive`; `otherPort` is where its redirects point.
  public init(mode: String, archive: String, otherPort: Int = 0) throws {
    directory = try TestSupport.temporaryDirectory("envlock-fake-registry")
    let portFile = directory.appendingPathComponent("port")
    logFile = directory.appendingPathComponent("requests.log")
    _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
    let script = TestSupport.repoRoot.appendingPathComponent("Tests/Fixtures/registry/fake_registry.py").path
    let output = directory.appendingPathComponent("server.log")
    server = try ServerProcess(
      "python3", [script, mode, archive, portFile.path, logFile.path, String(otherPort)], log: output)
    let deadline = Date().addingTimeInterval(10)
    var port: Int?
    while Date() < deadline, port == nil, server.isRunning {
      port = (try? String(contentsOf: portFile, encoding: .utf8)).flatMap { Int($0) }
      if port == nil { usleep(50_000) }
    }
    guard let port else {
      server.stop()
      let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
      throw TestSupportError(description: "fake registry did not start: \(text)")
    }
    self.port = port
    host = "127.0.0.1:\(port)"
  }

  /// `oci://127.0.0.1:PORT/team/env:v1`, the one artifact it serves (under any tag).
  public var reference: String { "oci://\(host)/team/env:v1" }

  /// One line per request it received: `METHOD PATH auth=yes|no`.
  public var requests: [String] {
    ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
  }

  /// Stops the server and removes its folder.
  public func stop() {
    server.stop()
    try? FileManager.default.removeItem(at: directory)
  }

  deinit { stop() }
}
