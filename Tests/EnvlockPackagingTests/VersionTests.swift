import EnvlockPackaging
import Foundation
import Testing

struct VersionCase: Sendable, CustomTestStringConvertible {
  let input: String
  let normalized: String?
  var testDescription: String { "\(input.debugDescription) -> \(normalized ?? "invalid")" }
}

@Suite("PEP 440 versions")
struct VersionTests {
  static let spellings: [VersionCase] = [
    .init(input: "1.0", normalized: "1.0"),
    .init(input: "v1.0", normalized: "1.0"),
    .init(input: " 1.0\n", normalized: "1.0"),
    .init(input: "1.0\u{3000}", normalized: "1.0"),
    .init(input: "1!2.0", normalized: "1!2.0"),
    .init(input: "0!1.0", normalized: "1.0"),
    .init(input: "1.0.0rc1", normalized: "1.0.0rc1"),
    .init(input: "1.0-post1", normalized: "1.0.post1"),
    .init(input: "1.0-1", normalized: "1.0.post1"),
    .init(input: "1.0.post", normalized: "1.0.post0"),
    .init(input: "1.0ALPHA.1", normalized: "1.0a1"),
    .init(input: "1.0-preview-2", normalized: "1.0rc2"),
    .init(input: "1.0c", normalized: "1.0rc0"),
    .init(input: "1.0rev3", normalized: "1.0.post3"),
    .init(input: "1.0.0.dev0", normalized: "1.0.0.dev0"),
    .init(input: "1.0_DEV", normalized: "1.0.dev0"),
    .init(input: "2024.01.15", normalized: "2024.1.15"),
    .init(input: "1.0+Local.007", normalized: "1.0+local.7"),
    .init(input: "1.0+abc-1_2", normalized: "1.0+abc.1.2"),
    .init(input: "1.99999999999999999999999", normalized: "1.99999999999999999999999"),
    .init(input: "", normalized: nil),
    .init(input: "1..0", normalized: nil),
    .init(input: "1.0+", normalized: nil),
    .init(input: "1.0-SNAPSHOT", normalized: nil),
    .init(input: "1.0a1b1", normalized: nil),
    .init(input: "1.0\u{200B}", normalized: nil),
    .init(input: "1.0.*", normalized: nil),
  ]

  @Test("parses and normalizes", arguments: spellings)
  func parses(_ c: VersionCase) throws {
    if let normalized = c.normalized {
      #expect(try Version(c.input).description == normalized)
    } else {
      #expect(throws: PackagingError.self) { try Version(c.input) }
    }
  }

  @Test(
    "orders as PEP 440 says",
    arguments: [
      ("1.0.dev0", "1.0a1"), ("1.0a1", "1.0a2.dev0"), ("1.0a1.post1", "1.0b1"), ("1.0rc1", "1.0"),
      ("1.0", "1.0+local"), ("1.0+abc", "1.0+1"), ("1.0+1", "1.0+1.0"), ("1.0", "1.0.post0.dev0"),
      ("1.0.post0.dev0", "1.0.post0"), ("1.0.post1", "1.1.dev0"), ("9.0", "1!0.dev0"), ("1.9", "1.10"),
      ("1.0.99999999999999999999", "1.0.100000000000000000000"),
    ])
  func orders(_ lower: String, _ higher: String) throws {
    #expect(try Version(lower) < Version(higher))
    #expect(try !(Version(higher) < Version(lower)))
  }

  @Test(
    "equality ignores trailing zeros and case",
    arguments: [
      ("1.0", "1.0.0"), ("1", "1.0.0.0"), ("1.0+ABC", "1.0+abc"), ("1.0+1", "1.0+01"), ("1.0a", "1.0a0"),
    ])
  func equality(_ a: String, _ b: String) throws {
    let x = try Version(a)
    let y = try Version(b)
    #expect(x == y)
    #expect(x.hashValue == y.hashValue)
  }

  @Test("reports the error position")
  func errorPosition() {
    #expect(throws: PackagingError.invalidVersion("1.0+", position: 3)) { try Version("1.0+") }
  }

  @Test("exposes parts")
  func parts() throws {
    let v = try Version("1!2.3.4rc5.post6.dev7+ubuntu.1")
    #expect(v.epoch == 1)
    #expect(v.release == [2, 3, 4])
    #expect(v.pre?.kind == .releaseCandidate && v.pre?.number == 5)
    #expect(v.post == 6 && v.dev == 7 && v.local == "ubuntu.1")
    #expect(v.publicVersion.description == "1!2.3.4rc5.post6.dev7")
    #expect(v.baseVersion.description == "1!2.3.4")
    #expect(v.isPrerelease && v.isPostrelease && v.isDevrelease)
    #expect((v.major, v.minor, v.micro) == (2, 3, 4))
  }

  @Test("legacy strings parse leniently and sort before PEP 440 versions")
  func legacy() {
    let legacy = AnyVersion(lenient: "1.0-SNAPSHOT")
    #expect(legacy.isLegacy)
    #expect(legacy < AnyVersion(lenient: "0.0.1"))
    #expect(AnyVersion(lenient: "2004d") < AnyVersion(lenient: "2004e"))
    #expect(AnyVersion(lenient: "1.0.0-alpha") < AnyVersion(lenient: "1.0.0-beta"))
    #expect(!AnyVersion(lenient: "1.0").isLegacy)
  }

  @Test("agrees with packaging on every version string")
  func differential() throws {
    let json = try Fixtures.load("versions.json")
    let cases = json["cases"] as! [[Any]]
    #expect(cases.count >= 5000)
    var m = Mismatches()
    for c in cases {
      let input = c[0] as! String
      let parsed = Version(parsing: input)
      guard let truth = c[1] as? [Any] else {
        m.check(parsed == nil, "\(input.debugDescription): packaging rejects, Swift gives \(parsed!)")
        continue
      }
      guard let v = parsed else {
        m.check(false, "\(input.debugDescription): packaging accepts as \(truth[0]), Swift rejects")
        continue
      }
      m.check(v.description == truth[0] as! String, "\(input.debugDescription): \(v) != \(truth[0])")
      m.check(
        v.publicVersion.description == truth[7] as! String,
        "\(input.debugDescription): public \(v.publicVersion)")
      m.check(
        v.baseVersion.description == truth[8] as! String, "\(input.debugDescription): base \(v.baseVersion)")
      m.check(v.local == Fixtures.string(truth[6]), "\(input.debugDescription): local \(v.local ?? "nil")")
      if let epoch = Int(truth[1] as! String) {
        m.check(v.epoch == epoch, "\(input.debugDescription): epoch")
      }
      let pre = v.pre.map { "\($0.kind)\($0.number)" }
      if pre.map({ !$0.contains("\(Int.max)") }) ?? true {
        m.check(pre == Fixtures.string(truth[3]), "\(input.debugDescription): pre \(pre ?? "nil")")
      }
      if let post = Fixtures.string(truth[4]), let n = Int(post) {
        m.check(v.post == n, "\(input.debugDescription): post")
      }
      m.check((v.post == nil) == (truth[4] is NSNull), "\(input.debugDescription): has post")
      if let dev = Fixtures.string(truth[5]), let n = Int(dev) {
        m.check(v.dev == n, "\(input.debugDescription): dev")
      }
      m.check((v.dev == nil) == (truth[5] is NSNull), "\(input.debugDescription): has dev")
      m.check(
        v.isPrerelease == (truth[3] is String || truth[5] is String),
        "\(input.debugDescription): isPrerelease")
      m.check(
        Version(parsing: v.description) == v, "\(input.debugDescription): normalized form does not round-trip"
      )
    }
    #expect(m.items.isEmpty, "\(m.report)")
  }

  @Test("sorts like packaging")
  func differentialOrder() throws {
    let json = try Fixtures.load("versions.json")
    let order = (json["order"] as! [[Any]]).map {
      (try! Version($0[0] as! String), $0[0] as! String, $0[1] as! Int)
    }
    var m = Mismatches()
    for (a, b) in zip(order, order.dropFirst()) {
      if a.2 == b.2 {
        m.check(a.0 == b.0 && a.0.hashValue == b.0.hashValue, "\(a.1) should equal \(b.1)")
      } else {
        m.check(a.0 < b.0 && !(b.0 < a.0) && a.0 != b.0, "\(a.1) should sort before \(b.1)")
      }
    }
    // Sorting a shuffled copy must give the same ranks.
    var generator = SystemRandomNumberGenerator()
    let sorted = order.shuffled(using: &generator).sorted { $0.0 < $1.0 }
    m.check(sorted.map(\.2) == order.map(\.2), "sorting a shuffled copy gives a different order")
    for pair in json["pairs"] as! [[Any]] {
      let a = try Version(pair[0] as! String)
      let b = try Version(pair[1] as! String)
      let expected = pair[2] as! Int
      let actual = a < b ? -1 : (a == b ? 0 : 1)
      m.check(actual == expected, "compare(\(pair[0]), \(pair[1])) = \(actual), packaging says \(expected)")
    }
    #expect(m.items.isEmpty, "\(m.report)")
  }
}
