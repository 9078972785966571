import ArgumentParser
import EnvlockRegistry
import Foundation

/// The flags of every command that talks to an OCI registry. Credentials never come from a flag:
/// they are read from the docker config (`$REGISTRY_AUTH_FILE`, `$DOCKER_CONFIG/config.json`,
/// `~/.docker/config.json`).
struct RegistryFlags: ParsableArguments {
  @Flag(help: "Talk to an oci:// registry over plain http instead of https (local and test registries).")
  var plainHTTP = false

  @Option(
    help: ArgumentHelp(
      "PEM file of the certificate authorities to trust for an oci:// registry (default: $SSL_CERT_FILE, else the system's).",
      valueName: "file"))
  var caFile: String?

  /// The connection options for `reference`, with the docker config's credentials for its host.
  func options(for reference: RegistryReference) throws(CommandFailure) -> RegistryOptions {
    let environment = ProcessInfo.processInfo.environment
    let credentials: RegistryCredentials?
    do {
      credentials = try DockerConfig.credentials(for: reference.host, environment: environment)
    } catch {
      throw CommandFailure.input(error)
    }
    let sslCertFile = environment["SSL_CERT_FILE"].flatMap { $0.isEmpty ? nil : $0 }
    return RegistryOptions(plainHTTP: plainHTTP, caFile: caFile ?? sslCertFile, credentials: credentials)
  }

  /// Parses an `oci://` reference; a malformed one is an input error (exit 2).
  static func reference(_ text: String) throws(CommandFailure) -> RegistryReference {
    do {
      return try RegistryReference(parsing: text)
    } catch {
      throw CommandFailure.input(error)
    }
  }
}
