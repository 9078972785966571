import ArgumentParser

@main
struct Envlock: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "envlock", abstract: "Lock a Python environment.")
}
