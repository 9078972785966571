import ArgumentParser
import EnvlockArchive
import EnvlockDiff
import EnvlockFileIO
import EnvlockModel
import EnvlockSigning
import Foundation

extension Envlock {
  struct Fleet: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "fleet",
      abstract: "Compare many environments with one baseline: who deviates, how, and what they share.",
      discussion: """
        BASELINE and each MEMBER are .envlock archives, envlock.json manifests or snapshot JSON files; a MEMBER that is a folder stands for every *.envlock and *.json file directly in it (sorted by name). The baseline itself is skipped when a folder holds it.

        Members with the same deviation from the baseline share one explaining diff (Docs/fleet-and-sbom.md). The report lists the differences many members share (with how many), the top differences per category, the outliers (members with a difference nobody else has) and every member that deviates.

        Exit codes: 0 every member matches the baseline; 1 some member deviates; 2 usage or input error (an unreadable member is named; with --keep-going the report is still written, listing it, and the exit code is 2).
        """)

    @Argument(help: "The baseline environment: a file.")
    var baseline: String

    @Argument(help: "The members: files, or folders of .envlock and .json files.")
    var members: [String]

    @Option(help: "Output format: text, json or markdown.")
    var format: Diff.OutputFormat = .text

    @Option(help: "Compare only these categories (comma-separated, repeatable).")
    var only: [String] = []

    @Option(help: "Leave out these categories (comma-separated, repeatable).")
    var ignore: [String] = []

    @Option(help: "How many differences to list per category.")
    var top: Int = 5

    @Flag(help: "Report unreadable members and go on with the others (the exit code is still 2).")
    var keepGoing = false

    @Option(help: "Colour for text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var color: Diff.ColorChoice = .auto

    @Option(help: "minisign public key: the baseline and every member must be an archive signed by it.")
    var key: String?

    func validate() throws {
      if top < 1 { throw ValidationError("--top must be at least 1") }
      do {
        _ = try DiffOptions(only: only, ignore: ignore)
      } catch {
        throw ValidationError(ErrorReport.diagnostic(error).rendered())
      }
    }

    func run() throws {
      let options: DiffOptions
      do {
        options = try DiffOptions(only: only, ignore: ignore)
      } catch {
        throw CommandFailure.input(error)
      }
      let publicKey = try key.map { try KeyFiles.loadPublicKey($0) }
      // Members share most of their content with the baseline and with each other: JSON members
      // are decoded through one cache of sections (the baseline first, to seed it).
      let decoder = SharedSnapshotDecoder()
      let base = try FileMemberSource.reference(baseline).read(decoder, publicKey)
      let references = try FleetMembers.resolve(members, excluding: baseline)
      let loaded = FleetMembers.read(references, decoder: decoder, verifyingWith: publicKey)
      var inputs: [FleetMemberInput] = []
      var unreadable = false
      for (reference, result) in zip(references, loaded) {
        switch result {
        case .success(let member):
          let contents = member.configContents
          inputs.append(
            .snapshot(DiffInput(label: reference.label, snapshot: member.snapshot) { contents[$0.path] }))
        case .failure(let failure):
          guard keepGoing else { throw failure }
          unreadable = true
          let d = ErrorReport.diagnostic(failure.error)
          inputs.append(
            .unreadable(label: reference.label, reason: ([d.message] + d.causes).joined(separator: ": ")))
        }
      }
      let baseContents = base.configContents
      let report = FleetComparison.compare(
        baseline: DiffInput(label: baseline, snapshot: base.snapshot) { baseContents[$0.path] },
        members: inputs, options: FleetOptions(diff: options, topCauses: top))
      let text: String
      switch format {
      case .text: text = FleetTextRenderer(colour: useColour).render(report)
      case .json: text = FleetJSONRenderer.render(report)
      case .markdown: text = FleetMarkdownRenderer().render(report)
      }
      FileHandle.standardOutput.write(Data(text.utf8))
      if unreadable { Foundation.exit(2) }
      if !report.allMatch { Foundation.exit(1) }
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
  }
}

/// A member's snapshot and the config contents its archive carries.
struct FleetMemberSnapshot: Sendable {
  let snapshot: Snapshot
  let configContents: [String: [UInt8]]
}

/// One member of a fleet named on the command line: a label for the report and how to read it.
struct FleetMemberReference: Sendable {
  /// The label the report shows (the path as given, or a registry reference).
  let label: String
  /// Reads the member (possibly on another thread), checking its signature when a key is given;
  /// JSON snapshots may go through the shared decoder.
  let read: @Sendable (SharedSnapshotDecoder, PublicKey?) throws(CommandFailure) -> FleetMemberSnapshot
}

/// Turns one command-line member argument into members. `FleetMembers.sources` is asked in order;
/// the file source, last, takes whatever no other source claims (a registry source claims
/// `oci://` references).
protocol FleetMemberSource: Sendable {
  /// True when this source reads the argument.
  func claims(_ argument: String) -> Bool
  /// The members the argument names, in a stable order.
  func resolve(_ argument: String, excluding baseline: String) throws(CommandFailure)
    -> [FleetMemberReference]
}

/// Files, and folders of `*.envlock` and `*.json` files.
struct FileMemberSource: FleetMemberSource {
  /// The file extensions a folder's members have.
  static let extensions = [".envlock", ".json"]

  func claims(_ argument: String) -> Bool { true }

  func resolve(_ argument: String, excluding baseline: String) throws(CommandFailure)
    -> [FleetMemberReference]
  {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue
    else { return [Self.reference(argument)] }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: argument)
    } catch {
      throw CommandFailure.input(
        CommandError("Cannot list the member folder `\(argument)`: \(ErrorReport.message(of: error))"))
    }
    let base = URL(fileURLWithPath: baseline).standardizedFileURL.path
    let paths = names.filter { name in Self.extensions.contains { name.hasSuffix($0) } && !name.hasPrefix(".")
    }
    .sorted(by: bytewise)
    .map { argument.hasSuffix("/") ? argument + $0 : argument + "/" + $0 }
    .filter { URL(fileURLWithPath: $0).standardizedFileURL.path != base }
    if paths.isEmpty {
      throw CommandFailure.input(
        CommandError(
          "The member folder `\(argument)` holds no .envlock or .json file",
          hint: "pass the snapshot files, or the folder that holds them"))
    }
    return paths.map(Self.reference)
  }

  /// A file member: a JSON snapshot through the shared decoder when no key is asked for; anything
  /// else (an archive, a manifest, a file the decoder does not take) through the one strict loader.
  static func reference(_ path: String) -> FleetMemberReference {
    FleetMemberReference(label: path) { (decoder, key) throws(CommandFailure) in
      if key == nil,
        case .success(let bytes) = FileSystem.read(path, limit: ReadLimits.standard.maxArchiveBytes),
        bytes.first == UInt8(ascii: "{"), let snapshot = decoder.decode(bytes)
      {
        return FleetMemberSnapshot(snapshot: snapshot, configContents: [:])
      }
      let file = try SnapshotInput.verified(try SnapshotInput.read(path), path, key)
      return FleetMemberSnapshot(snapshot: file.snapshot, configContents: file.configContents)
    }
  }
}

/// Resolves and reads fleet members.
enum FleetMembers {
  /// The sources asked for each argument, in order; the file source comes last.
  static let sources: [any FleetMemberSource] = [FileMemberSource()]

  /// Every member the arguments name, in argument order.
  static func resolve(_ arguments: [String], excluding baseline: String) throws(CommandFailure)
    -> [FleetMemberReference]
  {
    var out: [FleetMemberReference] = []
    for argument in arguments {
      guard let source = sources.first(where: { $0.claims(argument) }) else { continue }
      out += try source.resolve(argument, excluding: baseline)
    }
    return out
  }

  /// Reads every member, in parallel; results in the order of `references`.
  static func read(
    _ references: [FleetMemberReference], decoder: SharedSnapshotDecoder, verifyingWith key: PublicKey?
  ) -> [Result<FleetMemberSnapshot, CommandFailure>] {
    let results = UnsafeMutableBufferPointer<Result<FleetMemberSnapshot, CommandFailure>?>.allocate(
      capacity: references.count)
    results.initialize(repeating: nil)
    defer {
      _ = results.deinitialize()
      results.deallocate()
    }
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: references.count) { i in
      let reference = references[i]
      slots[i] = Result { () throws(CommandFailure) in try reference.read(decoder, key) }
    }
    return results.map { $0! }
  }

}
