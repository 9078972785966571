// The fleet view: members that share a deviation share one diff, and the grouping must never
// change what a member's own diff would say. Every reference story is run as a fleet of variants
// (moved to other project roots and home directories, noise changed, an extra difference) and each
// member's result is checked against `EnvironmentDiff.compare` of that member alone.

@testable import EnvlockDiff
import EnvlockModel
import EnvlockTestSupport
import Foundation
import Testing

@Suite struct FleetTests {
  /// `s` with every occurrence of `old` in its strings replaced (a venv moved to another folder).
  static func moved(_ s: Snapshot, _ old: String, _ new: String) throws -> Snapshot {
    let text = String(decoding: try CanonicalJSON.encode(s), as: UTF8.self).replacing(old, with: new)
    return try CanonicalJSON.decode(Snapshot.self, from: Array(text.utf8))
  }

  /// Every finding of a tree, as the fleet identifies differences.
  static func keys(_ findings: [Finding]) -> [String] {
    findings.flatMap { f in
      ["\(f.id)|\(f.kind)|\(f.subject)|\(f.before ?? "-")|\(f.after ?? "-")"] + keys(f.children)
    }
  }

  /// The variants of a story's B (and A) that make up a fleet.
  static func members(_ story: Story) throws -> [(String, Snapshot, [String: String])] {
    let a = story.a
    let b = story.b
    var noisy = try moved(b, b.capture.projectRoot, "/home/zoe/elsewhere")
    noisy.environment = noisy.environment.map { v in
      v.name == "USER" ? RecordedVariable(name: "USER", value: "zoe") : v
    }
    noisy.dataFiles = noisy.dataFiles.map { f in
      var f = f
      f.mtime = Timestamp(rfc3339: "2027-01-01T00:00:00Z")
      return f
    }
    var outlier = b
    outlier.environment.append(RecordedVariable(name: "OUTLIER_ONLY", value: "\"quoted\"\nnewline ü"))
    outlier.normalize()
    var otherHome = try moved(a, "/home/ana", "/home/bob")
    otherHome.capture.hostName = "bob-laptop"
    var interpreterMoved = b
    interpreterMoved.interpreter?.executable = "/opt/python/bin/python3"
    return [
      ("b", b, story.configB), ("b-moved", noisy, story.configB), ("a", a, story.configA),
      ("a-other-home", otherHome, story.configA),
      ("a-moved", try moved(a, a.capture.projectRoot, "/opt/x"), story.configA),
      ("b-outlier", outlier, story.configB), ("b-again", b, story.configB),
      ("b-interpreter-moved", interpreterMoved, story.configB),
    ]
  }

  @Test(arguments: Story.all)
  func groupingNeverChangesAMembersDiff(_ story: Story) throws {
    let baseline = Build.input("baseline", story.a, config: story.configA)
    let variants = try Self.members(story)
    let inputs = variants.map { FleetMemberInput.snapshot(Build.input($0.0, $0.1, config: $0.2)) }
    let report = FleetComparison.compare(baseline: baseline, members: inputs)
    #expect(report.members.count == variants.count)
    for (i, variant) in variants.enumerated() {
      let alone = EnvironmentDiff.compare(baseline, Build.input(variant.0, variant.1, config: variant.2))
      let member = report.members[i]
      #expect(member.label == variant.0)
      #expect(member.status == (alone.isEmpty ? .matches : .deviates), "\(story.name)/\(variant.0)")
      #expect(member.findingCount == alone.totalCount, "\(story.name)/\(variant.0)")
      #expect(member.summary == alone.summary, "\(story.name)/\(variant.0)")
      let fleetKeys = member.differences.map { Self.keys([report.differences[$0].finding]).first! }
      #expect(Set(fleetKeys) == Set(Self.keys(alone.findings)), "\(story.name)/\(variant.0)")
    }
    // The same deviation is diffed once: b, b again and, unless notebooks record the venv's
    // path verbatim (kernel argv), b moved to another root with other noise.
    let shared = story.b.notebooks.isEmpty ? ["b", "b-moved", "b-again"] : ["b", "b-again"]
    let groups = shared.map { label in report.members.first { $0.label == label }!.deviationGroup }
    #expect(Set(groups).count == 1, "\(story.name): \(groups)")
    #expect(report.distinctDeviations >= Set(report.members.compactMap(\.deviationGroup)).count)
  }

  @Test func sharedDifferencesAndOutliers() throws {
    let base = Build.laptop()
    var members: [FleetMemberInput] = []
    for i in 0..<5 {
      var s = try Self.moved(base, "/home/ana", "/home/user\(i)")
      let site = Build.site(s)
      if i < 4 { Build.set(&s, Build.package("numpy", "2.0.1", tags: Build.binary("cp311"), site: site)) }
      if i == 4 {
        s.environment.append(RecordedVariable(name: "OMP_NUM_THREADS", value: "8"))
        s.normalize()
      }
      members.append(.snapshot(Build.input("m\(i)", s)))
    }
    members.append(.snapshot(Build.input("same", Build.prod())))
    members.append(.unreadable(label: "broken.json", reason: "Invalid JSON at line 1, column 1"))
    let report = FleetComparison.compare(baseline: Build.input("base", base), members: members)
    let numpy = try #require(report.differences.first { $0.finding.id == "python:numpy" })
    #expect(numpy.members == [0, 1, 2, 3])
    #expect(report.shared.map { report.differences[$0].finding.id }.contains("python:numpy"))
    #expect(report.outliers.map(\.member) == [4])
    #expect(report.members(.matches) == [5])
    #expect(report.members(.unreadable) == [6])
    #expect(report.members[6].error == "Invalid JSON at line 1, column 1")
    #expect(report.distinctDeviations == 2)
    #expect(!report.allMatch)
    let python = try #require(report.byCategory.first { $0.category == .python })
    #expect(python.deviatingMembers == 4)
    let text = FleetTextRenderer().render(report)
    #expect(text.contains("4 of 7  [high] python: numpy 1.26.4 → 2.0.1 (upgraded)"))
    #expect(text.contains("Outliers (differences no other member has):\n  m4\n"))
  }

  @Test func everyMemberMatching() {
    let report = FleetComparison.compare(
      baseline: Build.input("base", Build.laptop()),
      members: [
        .snapshot(Build.input("prod", Build.prod())), .snapshot(Build.input("laptop", Build.laptop())),
      ])
    #expect(report.allMatch)
    #expect(report.distinctDeviations == 0)
    #expect(report.differences.isEmpty)
    #expect(FleetTextRenderer().render(report).hasSuffix("Every member matches the baseline.\n"))
    #expect(FleetMarkdownRenderer().render(report).hasSuffix("Every member matches the baseline.\n"))
  }

  /// Labels and values with quotes, newlines, control characters and non-ASCII text: the JSON report
  /// stays valid (Python's json module reads it back) and the Markdown stays one line per member.
  @Test(arguments: [
    "quote \" and \\ backslash", "new\nline\ttab", "ünïcødé 名前", "ctl \u{01}\u{7F}", "`tick`|pipe",
  ])
  func hostileLabelsStayValid(_ label: String) throws {
    var s = Build.laptop()
    s.environment.append(RecordedVariable(name: "WEIRD_\(label)", value: label))
    s.normalize()
    let report = FleetComparison.compare(
      baseline: Build.input("base \(label)", Build.laptop()),
      members: [.snapshot(Build.input(label, s)), .unreadable(label: label + "2", reason: label)])
    let json = FleetJSONRenderer.render(report)
    _ = try CanonicalJSON.parse(Array(json.utf8))
    let dir = try TestSupport.temporaryDirectory("fleet-json")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("fleet.json").path
    try json.write(toFile: path, atomically: true, encoding: .utf8)
    let script = """
      import json, sys
      doc = json.load(open(sys.argv[1], encoding="utf-8"))
      assert doc["schema"] == "envlock.fleet/1", doc["schema"]
      assert doc["members"][0]["label"] == sys.argv[2], doc["members"][0]["label"]
      assert doc["counts"]["deviating"] == 1 and doc["counts"]["unreadable"] == 1
      print("ok")
      """
    let result = try TestSupport.run("python3", ["-c", script, path, label])
    #expect(result.status == 0, "\(result.stderr)")
    let text = FleetTextRenderer().render(report)
    #expect(text.split(separator: "\n").filter { $0.hasPrefix("  unreadable") }.count == 1, "\(text)")
    let markdown = FleetMarkdownRenderer().render(report)
    let memberLines = markdown.split(separator: "\n").filter { $0.hasPrefix("- `") }
    #expect(memberLines.count == 2, "\(markdown)")
  }
}
