import ArgumentParser
import EnvlockContract
import EnvlockProject
import Foundation

extension Envlock {
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "init",
      abstract: "Write a commented envlock.toml and a starter handoff contract for the project.",
      discussion: """
        Looks at the project folder for a virtual environment, data folders (data/, models/, ...) and config files, and writes envlock.toml with every setting explained (see Docs/project-file.md). Also writes handoff.toml, a starter contract for `envlock check` with the interpreter range and the dependency files it found filled in and every other rule commented out (see Docs/contract.md).

        Exit codes: 0 written; 2 a file exists (use --force) or cannot be written.
        """)

    @Option(help: "Project directory (default: the current directory).")
    var project: String?

    @Flag(help: "Replace existing files.")
    var force = false

    @Flag(help: "Print the file instead of writing it (envlock.toml, or handoff.toml with --contract-only).")
    var stdout = false

    @Flag(help: "Write only handoff.toml (for a project that already has envlock.toml).")
    var contractOnly = false

    @Flag(help: "Do not write handoff.toml.")
    var noContract = false

    func validate() throws {
      if contractOnly && noContract {
        throw ValidationError("--contract-only and --no-contract exclude each other")
      }
    }

    func run() throws {
      let root = URL(fileURLWithPath: project ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        .path
      let projectText = ProjectTemplate.render(ProjectDiscovery.scan(projectRoot: root))
      let contractText = ContractTemplate.render(ContractDiscovery.scan(projectRoot: root))
      if stdout {
        print(contractOnly ? contractText : projectText, terminator: "")
        return
      }
      let projectPath = root + "/" + ProjectFile.fileName
      let contractPath = root + "/" + ContractParser.fileName
      if !force {
        // Check both before writing either, so a refusal leaves the project untouched.
        for (path, wanted) in [(projectPath, !contractOnly), (contractPath, !noContract)]
        where wanted && FileManager.default.fileExists(atPath: path) {
          throw CommandFailure.input(
            CommandError(
              "The file already exists: `\(path)`",
              hint: "pass `--force` to replace it"
                + (path == projectPath && !noContract
                  ? ", or `--contract-only` to write only handoff.toml" : "")))
        }
      }
      do {
        if !contractOnly {
          try ProjectTemplate.write(projectText, to: projectPath, force: force)
          print("wrote \(projectPath)")
        }
        if !noContract {
          try ContractTemplate.write(contractText, to: contractPath, force: force)
          print("wrote \(contractPath)")
        }
      } catch let error as ProjectError {
        throw CommandFailure.input(error)
      } catch let error as ContractError {
        throw CommandFailure.input(error)
      }
    }
  }
}
