import ArgumentParser
import EnvlockCapture
import EnvlockDiff
import EnvlockArchive
import EnvlockModel
import EnvlockProject
import EnvlockSigning
import Foundation

extension Envlock {
  struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "diff",
      abstract: "Explain why two environments differ, most important cause first.",
      discussion: """
        A and B are .envlock archives, envlock.json manifests, snapshot JSON files or oci:// references to archives in a registry; either may be `live` to capture the current environment (a drift check: `envlock diff environment.envlock live`). Signatures are checked when --key is given.

        Categories for --only/--ignore: interpreter, host, requirements, python, conda, system, environment, data, config.

        Exit codes (like diff(1)): 0 no difference; 1 the environments differ; 2 usage or input error.
        """)

    @Argument(help: "The first environment (A): a file or `live`.")
    var a: String

    @Argument(help: "The second environment (B): a file or `live`.")
    var b: String

    @Option(help: "Output format: text, json or markdown.")
    var format: OutputFormat = .text

    @Option(help: "Compare only these categories (comma-separated, repeatable).")
    var only: [String] = []

    @Option(help: "Leave out these categories (comma-separated, repeatable).")
    var ignore: [String] = []

    @Flag(help: "List what was normalized as noise (home directories, host names, capture times, ...).")
    var verbose = false

    @Option(help: "Colour for text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @Option(help: "minisign public key: both archives must carry a valid signature by it.")
    var key: String?

    @Option(help: "For `live`: Python interpreter or venv/conda prefix to capture.")
    var python: String?

    @Option(help: "For `live`: project directory (default: the current directory).")
    var project: String?

    @OptionGroup var registry: RegistryFlags

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
      case text, json, markdown
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
      case auto, always, never
    }

    func validate() throws {
      if a == "live" && b == "live" { throw ValidationError("only one of A and B can be `live`") }
      do {
        _ = try DiffOptions(only: only, ignore: ignore)
      } catch {
        throw ValidationError(ErrorReport.diagnostic(error).rendered())
      }
    }

    func run() async throws {
      let options: DiffOptions
      do {
        options = try DiffOptions(only: only, ignore: ignore)
      } catch {
        throw CommandFailure.input(error)
      }
      let publicKey = try key.map { try KeyFiles.loadPublicKey($0) }
      // Both sides are read (or captured) at once; a large archive takes most of a diff's time.
      async let leftInput = load(a, verifyingWith: publicKey)
      async let rightInput = load(b, verifyingWith: publicKey)
      let (left, right) = try await (leftInput, rightInput)
      let report = EnvironmentDiff.compare(left, right, options: options)
      let text: String
      switch format {
      case .text:
        text = DiffTextRenderer(colour: useColour, verbose: verbose).render(report)
      case .json:
        text = DiffJSONRenderer.render(report)
      case .markdown:
        text = DiffMarkdownRenderer(verbose: verbose).render(report)
      }
      FileHandle.standardOutput.write(Data(text.utf8))
      if !report.isEmpty { Foundation.exit(1) }
    }

    private var useColour: Bool {
      switch color {
      case .always: return true
      case .never: return false
      case .auto:
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return !noColor && isatty(STDOUT_FILENO) != 0
      }
    }

    /// Reads one side: `live` captures now; anything else is a file `SnapshotFile` reads.
    private func load(_ path: String, verifyingWith publicKey: PublicKey?) async throws -> DiffInput {
      if path == "live" {
        do {
          let result = try ProjectCapture.run(
            python: python, project: project, allowPartial: true, generateRedactionKey: false)
          let contents = result.configContents
          return DiffInput(label: "live", snapshot: result.snapshot, configContent: { contents[$0.path] })
        } catch {
          throw CommandFailure.from(error)
        }
      }
      // For diff, exit 1 means "different": a badly signed input is an input error (2).
      let file = try SnapshotInput.verified(
        try await SnapshotInput.read(path, registry: registry), path, publicKey)
      let contents = file.configContents
      return DiffInput(label: path, snapshot: file.snapshot) { contents[$0.path] }
    }
  }
}
