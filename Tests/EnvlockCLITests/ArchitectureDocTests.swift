// Docs/architecture.md describes the module graph twice: as layers (each module imports only from
// layers below it) and as an exact table of dependencies. Both are checked against the package
// manifest as SwiftPM reads it (`swift package dump-package`), so the document cannot drift.

import EnvlockTestSupport
import Foundation
import Testing

@Suite struct ArchitectureDocTests {
  /// Every target's dependencies (envlock targets and products of other packages), from SwiftPM.
  static func manifestDependencies() throws -> [String: Set<String>] {
    // A scratch folder of its own: `swift test` holds the lock on .build while tests run.
    let scratch = try TestSupport.temporaryDirectory("dump-package")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let result = try TestSupport.run(
      "swift",
      [
        "package", "dump-package", "--package-path", TestSupport.repoRoot.path, "--scratch-path",
        scratch.path,
      ])
    guard result.status == 0 else {
      throw TestSupportError(description: "swift package dump-package failed: \(result.stderr)")
    }
    let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
    var out: [String: Set<String>] = [:]
    for target in json?["targets"] as? [[String: Any]] ?? [] {
      guard let name = target["name"] as? String, (target["type"] as? String) != "test" else { continue }
      var deps = Set<String>()
      for dependency in target["dependencies"] as? [[String: Any]] ?? [] {
        for kind in ["byName", "target", "product"] {
          if let parts = dependency[kind] as? [Any], let first = parts.first as? String { deps.insert(first) }
        }
      }
      out[name] = deps
    }
    return out
  }

  /// The lines of architecture.md between `<!-- NAME: begin -->` and `<!-- NAME: end -->`.
  static func section(_ name: String) throws -> [Substring] {
    let text = try String(
      contentsOf: TestSupport.repoRoot.appendingPathComponent("Docs/architecture.md"), encoding: .utf8)
    guard let begin = text.range(of: "<!-- \(name): begin -->"),
      let end = text.range(of: "<!-- \(name): end -->", range: begin.upperBound..<text.endIndex)
    else {
      throw TestSupportError(description: "Docs/architecture.md has no `\(name)` section")
    }
    return text[begin.upperBound..<end.lowerBound].split(separator: "\n")
  }

  /// The dependency table: target -> the envlock targets and products it names (system libraries
  /// in parentheses are prose, not targets).
  static func documentedDependencies() throws -> [String: Set<String>] {
    var out: [String: Set<String>] = [:]
    for line in try section("module-dependencies") where line.hasPrefix("| ") && !line.hasPrefix("| target") {
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard cells.count >= 3 else { continue }
      let deps = cells[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty && !$0.hasPrefix("(") }
      out[cells[1]] = Set(deps)
    }
    return out
  }

  /// The layers: target -> layer number.
  static func documentedLayers() throws -> [String: Int] {
    var out: [String: Int] = [:]
    for line in try section("module-layers") where line.hasPrefix("layer ") {
      let words = line.split(separator: " ")
      guard words.count > 1, let layer = Int(words[1]) else { continue }
      for word in words.dropFirst(2)
      where word.hasPrefix("Envlock") || word.hasPrefix("envlock")
        || word.hasPrefix("C")
      {
        out[String(word)] = layer
      }
    }
    return out
  }

  @Test func theDependencyTableIsPackageSwift() throws {
    let manifest = try Self.manifestDependencies()
    let documented = try Self.documentedDependencies()
    #expect(Set(documented.keys) == Set(manifest.keys), "targets in the table vs Package.swift")
    for (target, deps) in manifest.sorted(by: { $0.key < $1.key }) {
      #expect(documented[target] == deps, "dependencies of \(target)")
    }
  }

  @Test func everyModuleImportsOnlyFromLowerLayers() throws {
    let manifest = try Self.manifestDependencies()
    let layers = try Self.documentedLayers()
    for (target, deps) in manifest where target != "EnvlockTestSupport" {
      guard let layer = layers[target] else {
        Issue.record("\(target) is in no layer of Docs/architecture.md")
        continue
      }
      for dependency in deps {
        guard let lower = layers[dependency] else { continue }  // another package's product
        #expect(lower < layer, "\(target) (layer \(layer)) imports \(dependency) (layer \(lower))")
      }
    }
  }

  /// The parsers above can fail: a table that leaves out an edge is caught.
  @Test func aMissingEdgeIsCaught() throws {
    var documented = try Self.documentedDependencies()
    documented["EnvlockArchive"]?.remove("EnvlockSigning")
    #expect(documented != (try Self.manifestDependencies()))
  }
}
