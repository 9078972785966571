import EnvlockModel
import Testing

@testable import EnvlockRegistry

/// A reference and how it should parse.
struct ParsedReference: CustomTestStringConvertible, Sendable {
  var text: String
  var host: String
  var repository: String
  var tag: String?
  var digest: String?
  var testDescription: String { text }
}

@Suite struct RegistryReferenceTests {
  static let digest = String(repeating: "ab", count: 32)

  static let valid: [ParsedReference] = [
    .init(text: "oci://localhost:5000/env:v1", host: "localhost:5000", repository: "env", tag: "v1"),
    .init(
      text: "oci://ghcr.io/acme/ml/envs:prod-eu", host: "ghcr.io", repository: "acme/ml/envs", tag: "prod-eu"),
    .init(
      text: "oci://127.0.0.1:5000/team/env@sha256:\(digest)", host: "127.0.0.1:5000", repository: "team/env",
      digest: digest),
    .init(
      text: "oci://[::1]:5000/a__b/c-d.e:V1.0_x@sha256:\(digest)", host: "[::1]:5000",
      repository: "a__b/c-d.e",
      tag: "V1.0_x", digest: digest),
    .init(
      text: "oci://registry.example.com/x---y/z:latest", host: "registry.example.com", repository: "x---y/z",
      tag: "latest"),
  ]

  @Test(arguments: valid) func parses(_ expected: ParsedReference) throws {
    let reference = try RegistryReference(parsing: expected.text)
    #expect(reference.host == expected.host)
    #expect(reference.repository == expected.repository)
    #expect(reference.tag == expected.tag)
    #expect(reference.digest?.hex == expected.digest)
    #expect(reference.description == expected.text)
  }

  static let invalid: [(String, String)] = [
    ("docker://localhost/env:v1", "does not start with `oci://`"),
    ("oci://localhost", "no repository after the host"),
    ("oci:///env:v1", "the host is not a host name or address: (empty)"),
    ("oci://local_host/env:v1", "the host is not a host name or address"),
    ("oci://localhost:0/env:v1", "the port is not a number from 1 to 65535: 0"),
    ("oci://localhost:abc/env:v1", "the port is not a number"),
    ("oci://localhost/Env:v1", "repository path components are lowercase letters and digits"),
    ("oci://localhost/team//env:v1", "(empty)"),
    ("oci://localhost/team/env.:v1", "env."),
    ("oci://localhost/team/env", "it names no tag"),
    ("oci://localhost/team/env:", "the tag is not"),
    ("oci://localhost/team/env:.x", "the tag is not"),
    ("oci://localhost/team/env:\(String(repeating: "x", count: 129))", "the tag is not"),
    ("oci://localhost/team/env@sha512:\(digest)", "the digest is not"),
    ("oci://localhost/team/env@sha256:\(digest.uppercased())", "the digest is not"),
  ]

  @Test(arguments: invalid) func refuses(_ text: String, _ reason: String) {
    #expect {
      _ = try RegistryReference(parsing: text)
    } throws: { error in
      guard case .invalidReference(let reference, let found) = error as? RegistryError else { return false }
      return reference == text && found.contains(reason)
    }
  }

  @Test func credentialsAreRefusedAndMasked() {
    #expect {
      _ = try RegistryReference(parsing: "oci://bob:hunter2@ghcr.io/acme/env:v1")
    } throws: { error in
      let message = (error as? RegistryError)?.message ?? ""
      return message.contains("`oci://***@ghcr.io/acme/env:v1`") && !message.contains("hunter2")
        && !message.contains("bob")
    }
  }

  @Test func loopbackAndPinning() throws {
    #expect(try RegistryReference(parsing: "oci://127.0.0.1:5000/a:b").isLoopback)
    #expect(try RegistryReference(parsing: "oci://localhost/a:b").isLoopback)
    #expect(try RegistryReference(parsing: "oci://[::1]:5000/a:b").isLoopback)
    #expect(try !RegistryReference(parsing: "oci://ghcr.io/a:b").isLoopback)
    let tagged = try RegistryReference(parsing: "oci://ghcr.io/acme/env:prod")
    #expect(tagged.manifestReference == "prod")
    let pinned = tagged.pinned(to: EnvlockModel.Digest(hex: Self.digest)!)
    #expect(pinned.description == "oci://ghcr.io/acme/env@sha256:\(Self.digest)")
    #expect(pinned.manifestReference == "sha256:\(Self.digest)")
  }
}
