import EnvlockPackaging
import Foundation
import Testing

@Suite("PEP 508 requirements")
struct RequirementTests {
  @Test("parses the parts")
  func parts() throws {
    let r = try Requirement("Requests [socks, security] >=2.8.1, ==2.8.* ; python_version < \"2.7\"")
    #expect(r.name == (try PackageName("requests")))
    #expect(r.nameAsWritten == "Requests")
    #expect(r.extras == ["security", "socks"])
    #expect(r.specifier.description == "==2.8.*,>=2.8.1")
    #expect(r.marker?.description == "python_version < \"2.7\"")
    #expect(r.description == "Requests[security,socks]==2.8.*,>=2.8.1; python_version < \"2.7\"")
    let url = try Requirement("name @ https://example.com/a.whl ; os_name == 'nt'")
    #expect(url.url == "https://example.com/a.whl" && url.specifier.isEmpty)
    #expect(url.description == "name @ https://example.com/a.whl ; os_name == \"nt\"")
  }

  @Test("applies only where its marker holds")
  func applies() throws {
    let pywin32 = try Requirement("pywin32 ; sys_platform == \"win32\"")
    #expect(try !pywin32.applies(in: MarkerTests.linux))
  }

  @Test(
    "rejects invalid requirements",
    arguments: ["", "name[", "name>=", "name @", "1.0 name", "name>=1.0 <2", "name[a b]"])
  func rejects(_ text: String) {
    #expect(throws: PackagingError.self) { try Requirement(text) }
  }

  @Test("agrees with packaging.requirements.Requirement")
  func differential() throws {
    var m = Mismatches()
    let cases = try Fixtures.load("requirements.json")["cases"] as! [[String: Any]]
    #expect(cases.count >= 500)
    for entry in cases {
      let text = entry["input"] as! String
      let parsed = try? Requirement(text)
      guard let truth = entry["ok"] as? [String: Any] else {
        m.check(parsed == nil, "\(text.debugDescription): packaging rejects, Swift parses \(parsed!)")
        continue
      }
      guard let r = parsed else {
        m.check(false, "\(text.debugDescription): packaging accepts, Swift rejects")
        continue
      }
      m.check(
        r.nameAsWritten == truth["name"] as! String, "\(text.debugDescription): name \(r.nameAsWritten)")
      m.check(r.extras == truth["extras"] as! [String], "\(text.debugDescription): extras \(r.extras)")
      m.check(
        r.specifier.description == truth["specifier"] as! String,
        "\(text.debugDescription): specifier \(r.specifier)")
      m.check(r.url == Fixtures.string(truth["url"]), "\(text.debugDescription): url \(r.url ?? "nil")")
      let marker = try? r.marker?.serialized()
      m.check(
        marker == Fixtures.string(truth["marker"]), "\(text.debugDescription): marker \(marker ?? "nil")")
      let printed = try? r.serialized()
      m.check(printed == Fixtures.string(truth["s"]), "\(text.debugDescription): prints \(printed ?? "nil")")
    }
    #expect(m.items.isEmpty, "\(m.report)")
  }
}
