import Foundation
import Testing

@testable import EnvlockRegistry

@Suite struct CredentialsTests {
  static func config(_ auths: String) -> [UInt8] { Array("{\"auths\": {\(auths)}}".utf8) }
  static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

  @Test(arguments: [
    ("\"ghcr.io\": {\"auth\": \"\(base64("bob:pa:ss"))\"}", "ghcr.io"),
    ("\"https://ghcr.io/v2/\": {\"auth\": \"\(base64("bob:pa:ss"))\"}", "ghcr.io"),
    ("\"localhost:5000\": {\"username\": \"bob\", \"password\": \"pa:ss\"}", "localhost:5000"),
    ("\"http://LOCALHOST:5000\": {\"auth\": \"\(base64("bob:pa:ss"))\"}", "localhost:5000"),
  ])
  func findsTheEntryForTheHost(_ auths: String, _ host: String) throws {
    let found = try DockerConfig.credentials(for: host, configBytes: Self.config(auths), path: "config.json")
    #expect(found?.username == "bob")
    #expect(found?.password == "pa:ss")
    // Neither description nor reflection shows the secret.
    let shown =
      "\(String(describing: found)) \(String(reflecting: found)) \(Mirror(reflecting: found!).children.count)"
    #expect(!shown.contains("pa:ss") && !shown.contains("bob"))
  }

  @Test func anotherHostOrNoAuthsFindsNothing() throws {
    let auths = "\"ghcr.io\": {\"auth\": \"\(Self.base64("bob:x"))\"}"
    #expect(
      try DockerConfig.credentials(for: "ghcr.io:5000", configBytes: Self.config(auths), path: "c") == nil)
    #expect(try DockerConfig.credentials(for: "ghcr.io", configBytes: Array("{}".utf8), path: "c") == nil)
    #expect(
      try DockerConfig.credentials(for: "ghcr.io", configBytes: Self.config("\"ghcr.io\": {}"), path: "c")
        == nil)
  }

  @Test(arguments: [
    ("{\"auths\": {\"ghcr.io\": {\"auth\": \"not base64 hunter2!\"}}}", "`auths.ghcr.io.auth` is not base64"),
    (
      "{\"auths\": {\"ghcr.io\": {\"auth\": \"\(base64("nocolonhunter2"))\"}}}",
      "is not base64 of `user:password`"
    ),
    ("{\"auths\": [\"hunter2\"]}", "`auths` is not an object"),
    ("{\"auths\": {\"ghcr.io\": {\"auth\": \"hunter2\"}}", "it is not valid JSON"),
    ("[\"hunter2\"]", "the top level is not a JSON object"),
  ])
  func aBrokenFileIsNamedWithoutItsContent(_ text: String, _ reason: String) {
    #expect {
      _ = try DockerConfig.credentials(
        for: "ghcr.io", configBytes: Array(text.utf8), path: "/home/u/config.json")
    } throws: { error in
      let message = (error as? RegistryError)?.description ?? ""
      return message.contains("`/home/u/config.json`") && message.contains(reason)
        && !message.contains("hunter2")
    }
  }

  @Test func theFileComesFromTheEnvironment() {
    #expect(
      DockerConfig.path(environment: ["REGISTRY_AUTH_FILE": "/a.json", "DOCKER_CONFIG": "/d", "HOME": "/h"])
        == "/a.json")
    #expect(DockerConfig.path(environment: ["DOCKER_CONFIG": "/d", "HOME": "/h"]) == "/d/config.json")
    #expect(DockerConfig.path(environment: ["HOME": "/h"]) == "/h/.docker/config.json")
    #expect(DockerConfig.path(environment: [:]) == nil)
  }

  @Test(arguments: [
    (
      "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"",
      "bearer",
      [
        "realm": "https://auth.example/token", "service": "registry.example",
        "scope": "repository:a/b:pull,push",
      ]
    ),
    ("Basic realm=\"envlock test\"", "basic", ["realm": "envlock test"]),
    ("bearer Realm=\"x\\\"y\", error=invalid_token", "bearer", ["realm": "x\"y", "error": "invalid_token"]),
  ])
  func parsesChallenges(_ header: String, _ scheme: String, _ parameters: [String: String]) throws {
    let challenge = try #require(AuthenticationChallenge(header: header))
    #expect(challenge.scheme == scheme)
    #expect(challenge.parameters == parameters)
  }
}
