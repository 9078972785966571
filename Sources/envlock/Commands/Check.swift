import ArgumentParser
import EnvlockContract
import EnvlockArchive
import EnvlockModel
import Foundation

extension Envlock {
  struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "check",
      abstract: "Check a snapshot against the project's handoff contract.",
      discussion: """
        Evaluates every rule of the contract (handoff.toml, or the [contract] table of envlock.toml; see Docs/contract.md) against SNAPSHOT, an .envlock archive or a snapshot JSON file, and prints each rule as pass or fail with its evidence and what to do, then the verdict. Project files the rules name (metrics, coverage report, schemas, package layout) are read from --project; declared dependency files from the snapshot when it stored them, else from --project.

        With --target (a snapshot of the production machine), resource rules check its host and whether its interpreter, architecture and libc accept the snapshot's wheels.

        Exit codes: 0 every rule passes; 1 a rule fails; 2 the contract is invalid (file and line are printed) or an input cannot be read.
        """)

    @Argument(
      help: "The snapshot to check: an .envlock archive, a snapshot JSON file or an oci:// reference.")
    var snapshot: String

    @Option(
      help: "The contract file (default: handoff.toml, else [contract] in envlock.toml, in the project).")
    var contract: String?

    @Option(help: "A snapshot of the target machine, for the resource rules.")
    var target: String?

    @Option(help: "Output format: text, json or junit.")
    var format: OutputFormat = .text

    @Option(help: "Project directory (default: the contract's directory, else the current directory).")
    var project: String?

    @Flag(help: "Also list the evidence of passing rules (text format).")
    var verbose = false

    @OptionGroup var registry: RegistryFlags

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
      case text, json, junit
    }

    func run() async throws {
      let cwd = FileManager.default.currentDirectoryPath
      let parsed: Contract
      let root: String
      do {
        if let contract {
          parsed = try ContractParser.load(path: contract)
          root = project ?? (absolute(contract, cwd) as NSString).deletingLastPathComponent
        } else {
          root = project ?? cwd
          parsed = try ContractParser.find(projectRoot: absolute(root, cwd))
        }
      } catch {
        throw CommandFailure.input(error)
      }
      let main = try await SnapshotInput.read(snapshot, registry: registry)
      var targetSnapshot: Snapshot?
      if let target { targetSnapshot = try await SnapshotInput.read(target, registry: registry).snapshot }
      let input = CheckInput(
        label: snapshot, snapshot: main.snapshot, lockfile: main.archive, target: targetSnapshot,
        targetLabel: target,
        projectRoot: absolute(root, cwd),
        contractDirectory: (absolute(parsed.file, cwd) as NSString).deletingLastPathComponent)
      let report = ContractChecker.check(parsed, input)
      let text: String
      switch format {
      case .text: text = CheckTextRenderer.render(report, verbose: verbose)
      case .json: text = CheckJSONRenderer.render(report)
      case .junit: text = CheckJUnitRenderer.render(report)
      }
      FileHandle.standardOutput.write(Data(text.utf8))
      if !report.passed { Foundation.exit(1) }
    }

    private func absolute(_ path: String, _ cwd: String) -> String {
      URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true)).standardizedFileURL
        .path
    }
  }
}
