import EnvlockPackaging
import Foundation
import Testing

@Suite("PEP 440 specifiers")
struct SpecifierTests {
  @Test(
    "decides membership",
    arguments: [
      ("numpy<2.0,>=1.19.5".replacingOccurrences(of: "numpy", with: ""), "2.1.0", false),
      ("<2.0,>=1.19.5", "1.26.4", true),
      ("<2.0", "2.0.0rc1", false),
      ("<2.0rc1", "2.0.0b1", true),
      (">1.0", "1.0.post1", false),
      (">1.0.post1", "1.0.post2", true),
      ("<=1.0", "1.0+local", true),
      ("==1.0", "1.0+local", true),
      ("==1.0+local", "1.0", false),
      ("!=1.0", "1.0+local", false),
      ("==1.*", "1.9.dev0", true),
      ("==1.*", "2.0.dev0", false),
      ("!=1.*", "2.0", true),
      ("~=1.4.2", "1.4.9", true),
      ("~=1.4.2", "1.5", false),
      ("~=1.4", "1.9", true),
      ("===1.0", "1.0", true),
      ("===1.0", "1.0.0", false),
      (">=1.0", "not a version", false),
      ("", "anything", true),
    ])
  func membership(_ spec: String, _ version: String, _ expected: Bool) throws {
    #expect(try SpecifierSet(spec).contains(version) == expected)
  }

  @Test("pre-releases: contains accepts them unless excluded; filter prefers finals")
  func prereleases() throws {
    let set = try SpecifierSet(">=1.0")
    #expect(set.contains("2.0a1"))
    #expect(!set.contains("2.0a1", prereleases: false))
    #expect(try !SpecifierSet(">=1.0", prereleases: false).contains("2.0a1"))
    #expect(set.filter(["1.0", "2.0a1", "1.5"]) == ["1.0", "1.5"])
    #expect(set.filter(["2.0a1", "2.1b1"]) == ["2.0a1", "2.1b1"])
    #expect(try SpecifierSet(">=1.0a1").filter(["1.0", "2.0a1"]) == ["1.0", "2.0a1"])
    #expect(set.filter(["1.0", "2.0a1"], prereleases: true) == ["1.0", "2.0a1"])
  }

  @Test(
    "rejects invalid specifiers",
    arguments: ["=1.0", "==", "~=1", ">=1.0.*", "<1.0+local", "==1.0a1.*", "=== a b"])
  func rejects(_ text: String) {
    #expect(throws: PackagingError.self) { try SpecifierSet(text) }
  }

  @Test("prints sorted and de-duplicated")
  func printing() throws {
    #expect(try SpecifierSet(">=1.0, ==1.0.0, ==1, <2").description == "<2,==1,>=1.0")
    #expect(try Specifier("== 1.0.0") == Specifier("==1"))
  }

  @Test("agrees with packaging.specifiers.SpecifierSet")
  func differential() throws {
    let json = try Fixtures.load("specifiers.json")
    var m = Mismatches()
    var pairs = 0
    for entry in json["sets"] as! [[String: Any]] {
      let text = entry["spec"] as! String
      let parsed = try? SpecifierSet(text)
      guard let truth = entry["ok"] as? [String: Any] else {
        m.check(parsed == nil, "\(text.debugDescription): packaging rejects, Swift parses \(parsed!)")
        continue
      }
      guard let set = parsed else {
        m.check(false, "\(text.debugDescription): packaging accepts, Swift rejects")
        continue
      }
      m.check(
        set.description == truth["s"] as! String,
        "\(text.debugDescription): prints \(set), not \(truth["s"]!)")
      m.check(
        set.prereleases == Fixtures.bool(truth["pre"]),
        "\(text.debugDescription): prereleases \(String(describing: set.prereleases))")
      m.check(set.specifiers.count == truth["n"] as! Int, "\(text.debugDescription): count")
      for check in entry["checks"] as! [[Any]] {
        pairs += 1
        let version = check[0] as! String
        let pre = Fixtures.bool(check[1])
        let setPre = Fixtures.bool(check[2])
        let expected = Fixtures.bool(check[3])!
        let actual = SpecifierSet(set.specifiers, prereleases: setPre).contains(version, prereleases: pre)
        m.check(
          actual == expected,
          "SpecifierSet(\(text.debugDescription), prereleases: \(String(describing: setPre))).contains(\(version.debugDescription), prereleases: \(String(describing: pre))) = \(actual)"
        )
      }
    }
    #expect(pairs >= 2000)
    for f in json["filters"] as! [[Any]] {
      let text = f[0] as! String
      let set = try SpecifierSet(text, prereleases: Fixtures.bool(f[1]))
      let actual = set.filter(f[3] as! [String], prereleases: Fixtures.bool(f[2]))
      m.check(
        actual == f[4] as! [String], "filter \(text.debugDescription) \(f[3]) pre \(f[1]) \(f[2]) = \(actual)"
      )
    }
    #expect(m.items.isEmpty, "\(m.report)")
  }
}
