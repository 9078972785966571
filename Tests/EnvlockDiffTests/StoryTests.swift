// Golden tests of the reference stories: the inputs (a.json, b.json, config contents) and the
// text, JSON and Markdown reports under Snapshots/diff/<story>/ are checked byte for byte.
// Re-record with: RECORD_SNAPSHOTS=1 swift test --filter EnvlockDiffTests

import EnvlockDiff
import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct StoryTests {
  /// Writes (or checks) a story's inputs, reads them back from disk and returns the two inputs.
  static func inputs(_ story: Story) throws -> (DiffInput, DiffInput) {
    let dir = "diff/\(story.name)/"
    for (name, snapshot) in [("a.json", story.a), ("b.json", story.b)] {
      let text = String(decoding: try CanonicalJSON.encode(snapshot), as: UTF8.self)
      #expect(try TestSupport.golden(text, dir + name) == nil)
    }
    for (side, contents) in [("a", story.configA), ("b", story.configB)] {
      for (path, text) in contents.sorted(by: { $0.key < $1.key }) {
        #expect(try TestSupport.golden(text, dir + "\(side).config/\(path)") == nil)
      }
    }
    let root = TestSupport.repoRoot.appendingPathComponent("Snapshots").appendingPathComponent(dir)
    func load(_ side: String) throws -> DiffInput {
      let bytes = Array(try Data(contentsOf: root.appendingPathComponent("\(side).json")))
      let snapshot = try CanonicalJSON.decode(Snapshot.self, from: bytes)
      let configRoot = root.appendingPathComponent("\(side).config")
      return DiffInput(label: "\(side).json", snapshot: snapshot) { file in
        (try? Data(contentsOf: configRoot.appendingPathComponent(file.path))).map { Array($0) }
      }
    }
    return (try load("a"), try load("b"))
  }

  @Test(arguments: Story.all)
  func goldenReports(story: Story) throws {
    let (a, b) = try StoryTests.inputs(story)
    let report = EnvironmentDiff.compare(a, b)
    let dir = "diff/\(story.name)/"
    #expect(
      try TestSupport.golden(DiffTextRenderer(verbose: true).render(report), dir + "expected.txt") == nil)
    #expect(try TestSupport.golden(DiffJSONRenderer.render(report), dir + "expected.json") == nil)
    #expect(
      try TestSupport.golden(DiffMarkdownRenderer(verbose: true).render(report), dir + "expected.md") == nil)
    #expect(report.isEmpty == (story.name == "identical"))
  }
}
