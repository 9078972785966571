import EnvlockPackaging
import Foundation
import Testing

@Suite("Wheel tags")
struct WheelTagTests {
  static let linux311 = TagTarget(
    implementation: .cpython, pythonVersion: (3, 11),
    platform: .linux(arch: "x86_64", glibc: LibcVersion(2, 31), musl: nil))

  @Test(
    "decides installability on cp311 manylinux x86_64 (glibc 2.31)",
    arguments: [
      ("numpy-2.1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", true),
      ("numpy-2.1.0-cp311-cp311-manylinux_2_34_x86_64.whl", false),
      ("numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.whl", false),
      ("cryptography-42.0.5-cp39-abi3-manylinux_2_28_x86_64.whl", true),
      ("six-1.16.0-py2.py3-none-any.whl", true),
      ("foo-1.0-cp311-cp311-musllinux_1_2_x86_64.whl", false),
      ("foo-1.0-cp311-cp311-manylinux1_x86_64.whl", true),
      ("foo-1.0-cp311-cp311-win_amd64.whl", false),
    ])
  func installable(_ filename: String, _ expected: Bool) throws {
    #expect(try WheelTagTests.linux311.accepts(WheelFilename(filename)) == expected)
  }

  @Test(
    "names legacy manylinux platforms in their PEP 600 form",
    arguments: [
      ("manylinux1_x86_64", "manylinux_2_5_x86_64"), ("manylinux2010_i686", "manylinux_2_12_i686"),
      ("manylinux2014_aarch64", "manylinux_2_17_aarch64"), ("manylinux_2_28_x86_64", "manylinux_2_28_x86_64"),
      ("musllinux_1_2_x86_64", "musllinux_1_2_x86_64"), ("manylinux2014", "manylinux2014"), ("any", "any"),
    ])
  func pep600(_ platform: String, _ expected: String) {
    #expect(ManylinuxAliases.pep600(platform) == expected)
  }

  @Test("lists each legacy manylinux alias right after its PEP 600 tag")
  func legacyAliasesInTargetTags() {
    let tags = WheelTagTests.linux311.platform.platformTags
    for alias in ManylinuxAliases.table {
      let pep600 = "manylinux_\(alias.glibc.major)_\(alias.glibc.minor)_x86_64"
      let index = tags.firstIndex(of: pep600)
      #expect(index != nil && tags[index! + 1] == "\(alias.legacy)_x86_64", "\(alias.legacy)")
      #expect(ManylinuxAliases.legacyName(glibc: alias.glibc) == alias.legacy)
    }
    #expect(ManylinuxAliases.legacyName(glibc: LibcVersion(2, 28)) == nil)
  }

  @Test("expands compressed tag sets")
  func compressed() throws {
    let tags = try WheelTag.parseSet("py2.py3-none-any")
    #expect(
      tags == [
        WheelTag(interpreter: "py2", abi: "none", platform: "any"),
        WheelTag(interpreter: "py3", abi: "none", platform: "any"),
      ])
    #expect(throws: PackagingError.self) { try WheelTag.parseSet("py3..py2-none-any") }
  }

  static func target(_ t: [String: Any]) -> TagTarget {
    let python = t["python"] as! [Int]
    let implementation: PythonImplementation
    switch t["implementation"] as! String {
    case "cpython": implementation = .cpython
    case "pypy": implementation = .pypy
    case let other: implementation = .other(other)
    }
    let p = t["platform"] as! [String: Any]
    let platform: TargetPlatform
    switch p["os"] as! String {
    case "linux":
      let glibc = (p["glibc"] as? [Int]).map { LibcVersion($0[0], $0[1]) }
      let musl = (p["musl"] as? [Int]).map { LibcVersion($0[0], $0[1]) }
      platform = .linux(arch: p["arch"] as! String, glibc: glibc, musl: musl)
    case "windows": platform = .windows(machine: p["arch"] as! String)
    default:
      let v = p["macos"] as! [Int]
      platform = .macOS(major: v[0], minor: v[1], arch: p["arch"] as! String)
    }
    return TagTarget(
      implementation: implementation, pythonVersion: (python[0], python[1]), abis: t["abis"] as? [String],
      platform: platform)
  }

  @Test("agrees with packaging.tags and parse_wheel_filename")
  func differential() throws {
    let json = try Fixtures.load("tags.json")
    var m = Mismatches()
    let targets = (json["targets"] as! [[String: Any]]).map {
      ($0["name"] as! String, WheelTagTests.target($0), $0["tags"] as! [String])
    }
    for (name, target, expected) in targets {
      let actual = target.supportedTags.map(\.description)
      m.check(
        actual == expected,
        "\(name): \(actual.count) tags, packaging \(expected.count); first difference at \(zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }.map { "\($0.offset): \($0.element)" } ?? "end")"
      )
    }
    for entry in json["wheels"] as! [[String: Any]] {
      let filename = entry["filename"] as! String
      let parsed = try? WheelFilename(filename)
      guard let truth = entry["ok"] as? [String: Any] else {
        m.check(parsed == nil, "\(filename): packaging rejects, Swift parses")
        continue
      }
      guard let wheel = parsed else {
        m.check(false, "\(filename): packaging accepts, Swift rejects")
        continue
      }
      m.check(wheel.name.normalized == truth["name"] as! String, "\(filename): name \(wheel.name)")
      m.check(
        wheel.version.description == truth["version"] as! String, "\(filename): version \(wheel.version)")
      if let build = truth["build"] as? [Any] {
        m.check(
          wheel.build?.number == build[0] as? Int && wheel.build?.suffix == build[1] as? String,
          "\(filename): build")
      } else {
        m.check(wheel.build == nil, "\(filename): build")
      }
      let tags = wheel.tags.map(\.description).sorted()
      m.check(tags == truth["tags"] as! [String], "\(filename): tags \(tags)")
      for (name, target, expected) in targets {
        let expectedRank = expected.firstIndex { tags.contains($0) }
        m.check(
          target.rank(of: wheel) == expectedRank,
          "\(filename) on \(name): rank \(String(describing: target.rank(of: wheel)))")
      }
    }
    #expect(m.items.isEmpty, "\(m.report)")
  }
}
