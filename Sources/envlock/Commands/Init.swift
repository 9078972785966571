import ArgumentParser
import EnvlockProject
import Foundation

extension Envlock {
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a commented envlock.toml for the project.",
      discussion: """
        Looks at the project folder for a virtual environment, data folders (data/, models/, ...) and config files, and writes envlock.toml with every setting explained. See Docs/project-file.md.

        Exit codes: 0 written; 2 the file exists (use --force) or cannot be written.
        """)

    @Option(help: "Project directory (default: the current directory).")
    var project: String?

    @Flag(help: "Replace an existing envlock.toml.")
    var force = false

    @Flag(help: "Print the file instead of writing it.")
    var stdout = false

    func run() throws {
      let root = URL(fileURLWithPath: project ?? FileManager.default.currentDirectoryPath).standardizedFileURL
        .path
      let text = ProjectTemplate.render(ProjectDiscovery.scan(projectRoot: root))
      if stdout {
        print(text, terminator: "")
        return
      }
      let path = root + "/" + ProjectFile.fileName
      do {
        try ProjectTemplate.write(text, to: path, force: force)
      } catch {
        throw CommandFailure.input(error)
      }
      print("wrote \(path)")
    }
  }
}
