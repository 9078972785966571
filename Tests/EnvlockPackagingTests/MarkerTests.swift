import EnvlockPackaging
import Foundation
import Testing

@Suite("PEP 508 markers")
struct MarkerTests {
  static let linux: [String: String] = [
    "implementation_name": "cpython", "implementation_version": "3.11.7", "os_name": "posix",
    "platform_machine": "x86_64", "platform_release": "6.1.0-18-amd64", "platform_system": "Linux",
    "platform_version": "#1 SMP", "python_full_version": "3.11.7",
    "platform_python_implementation": "CPython",
    "python_version": "3.11", "sys_platform": "linux",
  ]

  @Test(
    "evaluates on linux cp311",
    arguments: [
      ("sys_platform == \"win32\"", false),
      ("python_version >= \"3.8\" and (os_name == \"posix\" or extra == \"x\")", true),
      ("python_version < \"3.9\" or platform_machine == \"x86_64\"", true),
      ("\"3.8\" < python_version", true),
      ("\"3.12\" <= python_version", false),
      ("python_full_version >= \"3.11.0rc1\"", true),
      ("os_name in \"posix nt\"", true),
      ("platform_machine not in \"arm64 aarch64\"", true),
      ("os_name < \"zzz\"", false),
      ("extra == \"test\"", false),
    ])
  func evaluates(_ text: String, _ expected: Bool) throws {
    #expect(try Marker(text).evaluate(MarkerTests.linux) == expected)
  }

  @Test("extra is normalized and set-aware")
  func extras() throws {
    let marker = try Marker("extra == \"Foo_Bar\"")
    #expect(marker.description == "extra == \"foo-bar\"")
    #expect(try marker.evaluate(MarkerTests.linux, extra: "foo.bar"))
    #expect(try marker.evaluate(MarkerTests.linux, extra: .set(["docs", "FOO-BAR"])))
    #expect(throws: PackagingError.self) {
      try Marker("extra < \"x\"").evaluate(MarkerTests.linux, extra: .set(["x"]))
    }
    #expect(throws: PackagingError.undefinedEnvironmentName("extra")) {
      try marker.evaluate(MarkerTests.linux, context: .requirement)
    }
  }

  @Test("undefined comparisons are errors")
  func undefined() {
    #expect(throws: PackagingError.self) { try Marker("os_name ~= \"posix\"").evaluate(MarkerTests.linux) }
  }

  @Test(
    "rejects invalid markers",
    arguments: ["", "python_version", "python_version >= 3.8", "foo == \"bar\"", "(os_name == \"nt\""])
  func rejects(_ text: String) {
    #expect(throws: PackagingError.self) { try Marker(text) }
  }

  @Test("prints the normalized form")
  func printing() throws {
    #expect(
      try Marker("((os.name=='posix'))and(python_implementation==\"PyPy\"or sys_platform!='win32')")
        .description
        == "os_name == \"posix\" and (platform_python_implementation == \"PyPy\" or sys_platform != \"win32\")"
    )
  }

  static func letter(_ body: () throws(PackagingError) -> Bool) -> Character {
    do {
      return try body() ? "T" : "F"
    } catch {
      switch error {
      case .undefinedComparison: return "C"
      case .undefinedEnvironmentName: return "N"
      default: return "?"
      }
    }
  }

  @Test("agrees with packaging.markers.Marker")
  func differential() throws {
    let json = try Fixtures.load("markers.json")
    let environments = (json["environments"] as! [[Any]]).map {
      ($0[0] as! String, $0[1] as! [String: String])
    }
    let modes = json["extraModes"] as! [[Any]]
    var m = Mismatches()
    var evaluations = 0
    for entry in json["cases"] as! [[String: Any]] {
      let text = entry["marker"] as! String
      let parsed = try? Marker(text)
      guard let truth = entry["ok"] as? [String: Any] else {
        m.check(parsed == nil, "\(text.debugDescription): packaging rejects, Swift parses \(parsed!)")
        continue
      }
      guard let marker = parsed else {
        m.check(false, "\(text.debugDescription): packaging accepts, Swift rejects")
        continue
      }
      let printed = try? marker.serialized()
      m.check(printed == Fixtures.string(truth["s"]), "\(text.debugDescription): prints \(printed ?? "nil")")
      let expected = Array(entry["results"] as! String)
      var actual: [Character] = []
      for (_, environment) in environments {
        for mode in modes {
          let extra: MarkerExtra?
          if let name = mode[1] as? String {
            extra = .name(name)
          } else if let names = mode[1] as? [String] {
            extra = .set(Set(names))
          } else {
            extra = nil
          }
          let context: MarkerContext
          switch mode[2] as! String {
          case "metadata": context = .metadata
          case "requirement": context = .requirement
          default:
            context = .lockFile(
              extras: Set(mode[3] as! [String]), dependencyGroups: Set(mode[4] as! [String]))
          }
          actual.append(
            MarkerTests.letter { () throws(PackagingError) in
              try marker.evaluate(environment, extra: extra, context: context)
            })
          evaluations += 1
        }
      }
      let labels = environments.flatMap { env in modes.map { "\(env.0)/\($0[0])" } }
      for i in expected.indices {
        m.check(
          actual[i] == expected[i],
          "\(text.debugDescription) on \(labels[i]): \(actual[i]), packaging \(expected[i])")
      }
    }
    #expect(evaluations >= 1000)
    #expect(m.items.isEmpty, "\(m.report)")
  }
}
