import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

/// The fleet's shared decoder gives exactly what the strict decoder gives, and declines (nil)
/// whatever it does not expect, so the strict loader reports the error.
@Suite struct SharedSnapshotDecoderTests {
  static let files = [
    "model/full-snapshot.json", "rebuild/conda/snapshot.json", "rebuild/debian-venv/snapshot.json",
    "rebuild/jupyter/snapshot.json", "diff/notebook-kernel/b.json", "diff/config-key/a.json",
  ]

  static func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: TestSupport.repoRoot.appendingPathComponent("Snapshots/\(name)")))
  }

  @Test(arguments: files)
  func sameAsTheStrictDecoder(_ name: String) throws {
    let bytes = try Self.bytes(name)
    let strict = try CanonicalJSON.decode(Snapshot.self, from: bytes)
    let shared = SharedSnapshotDecoder()
    #expect(shared.decode(bytes) == strict)
    // A second document through the same cache: every element now comes from it.
    #expect(shared.decode(bytes) == strict)
    // Compact layout (no whitespace), as another tool might write it.
    let compact = try TestSupport.run(
      "python3",
      [
        "-c",
        "import json,sys; sys.stdout.write(json.dumps(json.load(sys.stdin), separators=(',', ':'), ensure_ascii=False))",
      ],
      stdin: Data(bytes))
    #expect(compact.status == 0)
    #expect(shared.decode(Array(compact.stdout.utf8)) == strict)
  }

  @Test(arguments: [
    "", "[]", "{}", "{\"schema\": \"envlock.manifest/1\"}", "not json",
  ])
  func declinesOtherDocuments(_ text: String) {
    #expect(SharedSnapshotDecoder().decode(Array(text.utf8)) == nil)
  }

  @Test(arguments: [
    ("\"python_packages\": [", "\"python_packages\": [ {\"broken\": }, "),
    (
      "\"schema\": \"envlock.snapshot/1\"",
      "\"schema\": \"envlock.snapshot/1\", \"schema\": \"envlock.snapshot/1\""
    ),
    ("\"schema\": \"envlock.snapshot/1\"", "\"schema\": \"envlock.snapshot/1\", \"surprise\": 1"),
    ("\"schema\": \"envlock.snapshot/1\"", "\"schema\": \"envlock.snapshot/2\""),
    ("\"version\": \"1.26.4\"", "\"version\": 1"),
  ])
  func declinesBrokenSnapshots(_ find: String, _ replace: String) throws {
    let text = String(decoding: try Self.bytes("model/full-snapshot.json"), as: UTF8.self)
    #expect(text.contains(find))
    let broken = text.replacing(find, with: replace)
    #expect(SharedSnapshotDecoder().decode(Array(broken.utf8)) == nil)
  }
}
