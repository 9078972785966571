import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

/// The `notebooks` section: snake_case keys, sorted entries, and snapshots written before it existed.
@Suite struct NotebookModelTests {
  @Test func notebooksAreSortedAndSnakeCase() throws {
    let snapshot = SampleSnapshots.full()
    #expect(snapshot.notebooks.map(\.path) == ["notebooks/a-draft.ipynb", "notebooks/eda.ipynb"])
    #expect(snapshot.notebooks[1].kernel?.env.map(\.name) == ["HF_TOKEN", "MPLBACKEND"])
    let text = String(decoding: try CanonicalJSON.encode(snapshot), as: UTF8.self)
    for key in [
      "\"notebooks\"", "\"nbformat_minor\"", "\"language_info\"", "\"resource_directory\"",
      "\"interrupt_mode\"",
      "\"python_version\"", "\"display_name\"",
    ] {
      #expect(text.contains(key), "\(key)")
    }
  }

  @Test func aSnapshotWithoutNotebooksDecodesWithNone() throws {
    let bytes = try CanonicalJSON.encode(SampleSnapshots.minimal())
    guard case .object(var members) = try CanonicalJSON.parse(bytes) else {
      Issue.record("not an object")
      return
    }
    #expect(members.removeValue(forKey: "notebooks") != nil)
    let old = CanonicalJSON.render(.object(members))
    let decoded = try CanonicalJSON.decode(Snapshot.self, from: old)
    #expect(decoded.notebooks.isEmpty)
    #expect(decoded == SampleSnapshots.minimal())
  }
}
